"""CACHE_URL: one cache shared by several application processes, never serving stale content.

Several application hosts share one database. With ``CACHE_URL`` set they share one
Redis (or Valkey) cache too: a page one process rendered is served by another from the
cache, and a write anywhere gives a new generation (read from the database), so every
process renders the new content at its next request.

The two-process test needs the Redis server on 127.0.0.1:6379; it uses database 13 and
flushes only that one. Without a reachable server it is skipped.
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from salo_climate.env import cache_from_url

PROJECT_ROOT = Path(__file__).resolve().parent.parent
REDIS_HOST, REDIS_PORT, REDIS_DB = "127.0.0.1", 6379, 13
REDIS_URL = f"redis://{REDIS_HOST}:{REDIS_PORT}/{REDIS_DB}"


# cache_from_url


def test_no_url_means_each_processs_own_memory():
    config = cache_from_url(None)
    assert config["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


@pytest.mark.parametrize(
    ("url", "location"),
    [
        ("redis://127.0.0.1:6379/1", "redis://127.0.0.1:6379/1"),
        ("rediss://:s%40l@cache.salo.fi:6380/2", "rediss://:s%40l@cache.salo.fi:6380/2"),
        ("valkey://cache.salo.fi", "redis://cache.salo.fi"),
        ("valkeys://u:p@cache.salo.fi:6390/0", "rediss://u:p@cache.salo.fi:6390/0"),
    ],
)
def test_redis_and_valkey_urls_select_djangos_redis_cache(url, location):
    config = cache_from_url(url)
    assert config["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert config["LOCATION"] == location
    assert config["KEY_PREFIX"] == "salo-climate"


@pytest.mark.parametrize(
    "url",
    [
        "memcached://127.0.0.1:11211",
        "http://127.0.0.1:6379/1",
        "locmem://",
        "127.0.0.1:6379",
        "redis+sentinel://h/1",
    ],
)
def test_unsupported_scheme_is_rejected_naming_cache_url(url):
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL"):
        cache_from_url(url)


@pytest.mark.parametrize(
    "url", ["redis://", "redis:///1", "redis://h:port/1", "redis://h:6379/one", "redis://h/1/2"]
)
def test_malformed_redis_url_is_rejected_naming_cache_url(url):
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL"):
        cache_from_url(url)


def test_a_bad_cache_url_stops_start_up():
    env = {**os.environ, "CACHE_URL": "memcached://127.0.0.1:11211"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "CACHE_URL" in result.stderr


# Two processes sharing one database file and one Redis cache


def redis_reachable() -> bool:
    try:
        with socket.create_connection((REDIS_HOST, REDIS_PORT), timeout=0.5) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.fixture
def shared_redis():
    if not redis_reachable():
        pytest.skip(f"no Redis server answers at {REDIS_HOST}:{REDIS_PORT}")
    import redis

    client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=REDIS_DB)
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


class AppProcess:
    """A Django process with CACHE_URL set, taking one command a line (see ``serve``)."""

    def __init__(self, database_url: str):
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"DJANGO_SETTINGS_MODULE", "DEBUG", "DASHBOARD_CACHE_SECONDS"}
        }
        env["LOG_LEVEL"] = "WARNING"
        env.update(DATABASE_URL=database_url, CACHE_URL=REDIS_URL, PYTHONPATH=str(PROJECT_ROOT))
        self.process = subprocess.Popen(
            [sys.executable, __file__],
            cwd=PROJECT_ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def ask(self, *command) -> dict:
        self.send(*command)
        return self.answer()

    def send(self, *command) -> None:
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()

    def answer(self) -> dict:
        line = self.process.stdout.readline()
        assert line, f"the process ended (exit status {self.process.wait(timeout=5)})"
        return json.loads(line)

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=10)


@pytest.fixture
def two_processes(transactional_db, small_programme, tmp_path, shared_redis):
    """Processes A and B on the test database (``small_programme``, committed): on
    PostgreSQL the test database itself, on SQLite (in memory) a copy in a file."""
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        credentials = quote(db["USER"] or "") + (
            f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
        )
        host = f"{credentials}@{db['HOST'] or ''}{':' + str(db['PORT']) if db['PORT'] else ''}"
        database_url = f"postgresql://{host}/{quote(db['NAME'])}"
    else:
        database = tmp_path / "shared.sqlite3"
        target = sqlite3.connect(database)
        connection.connection.backup(target)
        target.close()
        database_url = f"sqlite:///{database}"
    processes = [AppProcess(database_url), AppProcess(database_url)]
    for process in processes:  # both start up and load the templates side by side
        process.send("get", "/accounts/login/")
    assert [process.answer()["status"] for process in processes] == [200, 200]
    yield processes
    for process in processes:
        process.close()


def test_a_page_rendered_by_one_process_is_served_by_another_until_the_data_changes(
    two_processes, small_programme, shared_redis
):
    a, b = two_processes
    page = f"/goals/{small_programme.path.pk}/"

    rendered = a.ask("get", page)
    assert rendered["status"] == 200
    assert rendered["fragments_rendered"] > 0
    assert "status-in_progress" not in rendered["main"]
    assert shared_redis.keys("salo-climate:*dashboard*")

    served = b.ask("get", page)
    assert served["status"] == 200
    assert served["fragments_rendered"] == 0  # B rendered nothing: the shared cache had it
    assert served["main"] == rendered["main"]

    a.ask("update", small_programme.action.pk)  # a status update saved through A

    fresh = b.ask("get", page)
    assert fresh["fragments_rendered"] > 0
    assert "status-in_progress" in fresh["main"]
    assert a.ask("get", page)["main"] == fresh["main"]


def serve() -> None:
    """Answer commands from standard input, one JSON line each:

    ``["get", PATH]`` → the status, the page's ``<main>`` and how many dashboard
    fragments were rendered (0: all came from the cache); ``["update", ACTION_ID]`` saves
    a status update "in progress" by the action's first contact person.
    """
    sys.path.insert(0, str(PROJECT_ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "salo_climate.settings"
    import django

    django.setup()
    from django.test import Client

    from programmes import cache as dashboard_cache
    from programmes.models import Action

    rendered = []
    render_to_string = dashboard_cache.render_to_string

    def counting_render(*args, **kwargs):
        rendered.append(args[0])
        return render_to_string(*args, **kwargs)

    dashboard_cache.render_to_string = counting_render
    client = Client(HTTP_HOST="127.0.0.1")
    for line in sys.stdin:
        command, argument = json.loads(line)
        if command == "get":
            rendered.clear()
            response = client.get(argument)
            text = response.content.decode()
            main = text[text.find("<main") : text.find("</main>")]
            answer = {"status": response.status_code, "main": main}
            answer["fragments_rendered"] = len(rendered)
        else:
            action = Action.objects.get(pk=argument)
            action.record_update(
                author=action.contact_persons.first(), status="in_progress", completion_percent=40
            )
            answer = {"saved": True}
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    serve()
