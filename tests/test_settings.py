"""Settings come from the environment through strict parsers; bad values stop start-up."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from salo_climate.env import database_from_url, env_bool, env_int, env_list, env_str

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SQLITE = Path("/tmp/unused.sqlite3")


# env_bool


@pytest.mark.parametrize("word", ["true", "True", "TRUE", "yes", "on", "1", " true "])
def test_env_bool_accepts_true_words(word):
    assert env_bool("DEBUG", default=False, environ={"DEBUG": word}) is True


@pytest.mark.parametrize("word", ["false", "False", "FALSE", "no", "off", "0"])
def test_env_bool_accepts_false_words(word):
    assert env_bool("DEBUG", default=True, environ={"DEBUG": word}) is False


@pytest.mark.parametrize("environ", [{}, {"DEBUG": ""}, {"DEBUG": "   "}])
def test_env_bool_falls_back_to_the_default_when_unset_or_blank(environ):
    assert env_bool("DEBUG", default=True, environ=environ) is True
    assert env_bool("DEBUG", default=False, environ=environ) is False


@pytest.mark.parametrize("word", ["maybe", "2", "ture", "y"])
def test_env_bool_rejects_other_words_naming_the_variable(word):
    with pytest.raises(ImproperlyConfigured, match="EMAIL_USE_TLS"):
        env_bool("EMAIL_USE_TLS", default=False, environ={"EMAIL_USE_TLS": word})


# env_int, env_list, env_str


def test_env_int_parses_whole_numbers_and_defaults():
    assert env_int("CONN_MAX_AGE", 600, environ={"CONN_MAX_AGE": "0"}) == 0
    assert env_int("CONN_MAX_AGE", 600, environ={"CONN_MAX_AGE": " 60 "}) == 60
    assert env_int("CONN_MAX_AGE", 600, environ={}) == 600


@pytest.mark.parametrize("value", ["abc", "1.5", "10s"])
def test_env_int_rejects_non_numbers_naming_the_variable(value):
    with pytest.raises(ImproperlyConfigured, match="CONN_MAX_AGE"):
        env_int("CONN_MAX_AGE", 600, environ={"CONN_MAX_AGE": value})


def test_env_int_enforces_the_minimum():
    with pytest.raises(ImproperlyConfigured, match="KEY_ACTION_WEIGHT"):
        env_int("KEY_ACTION_WEIGHT", 2, minimum=1, environ={"KEY_ACTION_WEIGHT": "0"})
    with pytest.raises(ImproperlyConfigured, match="EMAIL_PORT"):
        env_int("EMAIL_PORT", 25, environ={"EMAIL_PORT": "-1"})


def test_env_list_splits_on_commas_and_drops_empty_items():
    environ = {"ALLOWED_HOSTS": " ilmasto.salo.fi, ,localhost,"}
    assert env_list("ALLOWED_HOSTS", [], environ=environ) == ["ilmasto.salo.fi", "localhost"]


def test_env_list_default_is_a_copy():
    default = ["a"]
    result = env_list("ALLOWED_HOSTS", default, environ={})
    assert result == ["a"]
    result.append("b")
    assert default == ["a"]


def test_env_str_treats_blank_as_unset():
    assert env_str("SITE_URL", "x", environ={"SITE_URL": "  "}) == "x"
    assert env_str("SITE_URL", environ={}) is None
    assert env_str("SITE_URL", environ={"SITE_URL": " https://a.fi "}) == "https://a.fi"


# database_from_url


def test_no_url_means_the_sqlite_file():
    assert database_from_url(None, sqlite_path=SQLITE) == {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": SQLITE,
    }


@pytest.mark.parametrize("scheme", ["postgres", "postgresql"])
def test_postgres_url(scheme):
    url = f"{scheme}://ilmasto:s%40l%2Fa@db.salo.fi:6543/salo_climate?sslmode=require"
    assert database_from_url(url, sqlite_path=SQLITE) == {
        "ENGINE": "salo_climate.postgresql",
        "NAME": "salo_climate",
        "USER": "ilmasto",
        "PASSWORD": "s@l/a",
        "HOST": "db.salo.fi",
        "PORT": "6543",
        "OPTIONS": {"sslmode": "require"},
    }


def test_postgres_url_with_only_a_database_name_uses_the_local_socket():
    config = database_from_url("postgresql:///salo_climate", sqlite_path=SQLITE)
    assert config["NAME"] == "salo_climate"
    assert (config["USER"], config["PASSWORD"], config["HOST"], config["PORT"]) == ("", "", "", "")


def test_postgres_database_name_is_percent_decoded():
    config = database_from_url("postgresql://u@h/salo%20climate", sqlite_path=SQLITE)
    assert config["NAME"] == "salo climate"


def test_sqlite_url_relative_and_absolute():
    relative = database_from_url("sqlite:///var/other.sqlite3", sqlite_path=SQLITE)
    assert relative == {"ENGINE": "django.db.backends.sqlite3", "NAME": "var/other.sqlite3"}
    absolute = database_from_url("sqlite:////srv/ilmasto/db.sqlite3", sqlite_path=SQLITE)
    assert absolute["NAME"] == "/srv/ilmasto/db.sqlite3"


@pytest.mark.parametrize("url", ["sqlite://host/db.sqlite3", "sqlite://"])
def test_malformed_sqlite_url_is_rejected(url):
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        database_from_url(url, sqlite_path=SQLITE)


@pytest.mark.parametrize(
    "url", ["mysql://u@h/db", "http://h/db", "postgresql+psycopg://u@h/db", "salo_climate"]
)
def test_unsupported_scheme_is_rejected(url):
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        database_from_url(url, sqlite_path=SQLITE)


@pytest.mark.parametrize("url", ["postgresql://u@h", "postgresql://u@h/", "postgres://u@h:5432/"])
def test_postgres_url_without_a_database_name_is_rejected(url):
    with pytest.raises(ImproperlyConfigured, match="names no database"):
        database_from_url(url, sqlite_path=SQLITE)


@pytest.mark.parametrize("url", ["postgresql://u@h:port/db", "postgresql://u@h:99999/db"])
def test_bad_port_is_rejected(url):
    with pytest.raises(ImproperlyConfigured, match="port"):
        database_from_url(url, sqlite_path=SQLITE)


def test_the_error_names_the_variable_it_was_given():
    with pytest.raises(ImproperlyConfigured, match="OTHER_URL"):
        database_from_url("mysql://u@h/db", sqlite_path=SQLITE, name="OTHER_URL")


# Whole settings module, loaded in a fresh interpreter with a controlled environment.

# Reading a setting loads the settings module, where every variable is parsed; the apps
# need not load for that, which saves most of each interpreter's second.
_SETUP = (
    "import os;"
    "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'salo_climate.settings');"
    "from django.conf import settings as s;"
    "d = s.DATABASES['default'];"
    "print(s.DEBUG, d['ENGINE'], d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'], s.ALLOWED_HOSTS)"
)
_SETTINGS_VARIABLES = (
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "DATABASE_URL",
    "CONN_MAX_AGE",
    "PUBLIC_DASHBOARD",
    "EMAIL_BACKEND",
    "LOG_LEVEL",
    "TRUSTED_PROXY_COUNT",
)
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "x" * 60,
    "ALLOWED_HOSTS": "ilmasto.example.fi",
    "DATABASE_URL": "postgresql://postgres@127.0.0.1:5432/salo_climate",
}


def _spawn(tmp_path, variables: dict[str, str]) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k not in _SETTINGS_VARIABLES}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env["VAR_DIR"] = str(tmp_path)
    env.update(variables)
    return subprocess.Popen(
        [sys.executable, "-c", _SETUP],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _finish(process: subprocess.Popen) -> subprocess.CompletedProcess:
    try:
        stdout, stderr = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def _fails_naming(result: subprocess.CompletedProcess, variable: str) -> bool:
    return (
        result.returncode != 0
        and "ImproperlyConfigured" in result.stderr
        and variable in result.stderr.strip().splitlines()[-1]
    )


# Each environment, and the variable that its failed start-up must name.
BAD_ENVIRONMENTS = {
    "debug-maybe": ({"DEBUG": "maybe"}, "DEBUG"),
    "no-secret-key": ({"DEBUG": "false"}, "SECRET_KEY"),
    "no-allowed-hosts": ({"DEBUG": "false", "SECRET_KEY": "x" * 60}, "ALLOWED_HOSTS"),
    "bad-database-url": ({"DATABASE_URL": "mysql://u@h/db"}, "DATABASE_URL"),
    "bad-conn-age": ({"CONN_MAX_AGE": "abc"}, "CONN_MAX_AGE"),
    "bad-proxy-count": ({"TRUSTED_PROXY_COUNT": "one"}, "TRUSTED_PROXY_COUNT"),
    "negative-proxy-count": ({"TRUSTED_PROXY_COUNT": "-1"}, "TRUSTED_PROXY_COUNT"),
}


@pytest.fixture(scope="module")
def start_ups(tmp_path_factory) -> dict[str, subprocess.CompletedProcess]:
    """Every start-up of this module, each in a fresh interpreter, all launched at once.

    An interpreter spends most of a second importing Django; one after another, they
    were nearly all of this module's run time.
    """
    environments = {name: variables for name, (variables, _) in BAD_ENVIRONMENTS.items()}
    environments["production"] = {**PRODUCTION, "CONN_MAX_AGE": "120"}
    processes = {
        name: _spawn(tmp_path_factory.mktemp(name), variables)
        for name, variables in environments.items()
    }
    return {name: _finish(process) for name, process in processes.items()}


@pytest.mark.parametrize("name", BAD_ENVIRONMENTS)
def test_bad_environment_stops_start_up_naming_the_variable(start_ups, name):
    result = start_ups[name]
    assert _fails_naming(result, BAD_ENVIRONMENTS[name][1]), result.stderr


def test_production_environment_starts_with_persistent_checked_connections(start_ups):
    result = start_ups["production"]
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "salo_climate.postgresql",
        "120",
        "True",
        "['ilmasto.example.fi']",
    ]
