"""Strict parsers for settings read from the environment.

A bad value stops start-up with ``ImproperlyConfigured`` naming the variable, so a
typo in a deployment never turns into a silently different configuration.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit, urlunsplit

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off"})


def _raw(name: str, environ: Mapping[str, str] | None) -> str | None:
    value = (os.environ if environ is None else environ).get(name)
    if value is None or value.strip() == "":
        return None
    return value.strip()


def env_str(name: str, default: str | None = None, *, environ=None) -> str | None:
    value = _raw(name, environ)
    return default if value is None else value


def env_bool(name: str, default: bool, *, environ=None) -> bool:
    """Accept only true or false words; anything else is an error, not False."""
    value = _raw(name, environ)
    if value is None:
        return default
    word = value.lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name}={value!r} is not a boolean. Use one of: "
        f"{', '.join(sorted(TRUE_WORDS))} / {', '.join(sorted(FALSE_WORDS))}."
    )


def env_int(name: str, default: int, *, minimum: int = 0, environ=None) -> int:
    value = _raw(name, environ)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None
    if number < minimum:
        raise ImproperlyConfigured(f"{name}={number} must be at least {minimum}.")
    return number


def env_list(name: str, default: list[str], *, environ=None) -> list[str]:
    """A comma-separated list; empty items are dropped."""
    value = _raw(name, environ)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def database_from_url(url: str | None, *, sqlite_path: Path, name: str = "DATABASE_URL") -> dict:
    """Return a ``DATABASES['default']`` dict.

    No URL means the zero-configuration SQLite file. ``postgres://`` and
    ``postgresql://`` URLs select PostgreSQL (psycopg 3) with persistent,
    health-checked connections (``salo_climate.postgresql``); ``sqlite:///path`` selects
    another SQLite file.
    """
    if url is None:
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": sqlite_path}
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        path = unquote(parts.path)
        if parts.netloc or not path:
            raise ImproperlyConfigured(
                f"{name}: write SQLite as sqlite:///relative/path or sqlite:////absolute/path."
            )
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": path.removeprefix("/")}
    if parts.scheme not in {"postgres", "postgresql"}:
        raise ImproperlyConfigured(
            f"{name}: unsupported scheme {parts.scheme!r}; use postgresql:// or sqlite:///."
        )
    database = unquote(parts.path.removeprefix("/"))
    if not database:
        raise ImproperlyConfigured(f"{name}: the URL names no database (postgresql://…/NAME).")
    try:
        port = parts.port
    except ValueError:
        raise ImproperlyConfigured(f"{name}: the port is not a number.") from None
    options: dict[str, Any] = dict(parse_qsl(parts.query))
    return {
        # Django's own backend, with a health check that costs no round trip.
        "ENGINE": "salo_climate.postgresql",
        "NAME": database,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(port or ""),
        "OPTIONS": options,
    }


REDIS_SCHEMES = {"redis": "redis", "rediss": "rediss", "valkey": "redis", "valkeys": "rediss"}


def cache_from_url(url: str | None, *, name: str = "CACHE_URL") -> dict:
    """Return a ``CACHES['default']`` dict.

    No URL means each worker process's own memory cache. ``redis://``, ``rediss://``
    (TLS) and their Valkey spellings ``valkey://``, ``valkeys://`` select a cache shared
    by every process and host, through Django's own ``RedisCache``:
    ``redis://[:password@]host[:port][/db]``. The short socket timeouts keep a slow
    cache server from holding requests for long.
    """
    if url is None:
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "salo-climate",
            "OPTIONS": {"MAX_ENTRIES": 400},
        }
    parts = urlsplit(url)
    if parts.scheme not in REDIS_SCHEMES:
        raise ImproperlyConfigured(
            f"{name}: unsupported scheme {parts.scheme!r}; use redis://, rediss://, "
            "valkey:// or valkeys://, or leave it unset for each process's own memory."
        )
    if not parts.hostname:
        raise ImproperlyConfigured(f"{name}: the URL names no host (redis://HOST:6379/1).")
    try:
        parts.port  # noqa: B018 (urlsplit checks the port only when asked)
    except ValueError:
        raise ImproperlyConfigured(f"{name}: the port is not a number.") from None
    database = parts.path.removeprefix("/")
    if database and not database.isdigit():
        raise ImproperlyConfigured(
            f"{name}: the database {database!r} is not a number (redis://host:6379/1)."
        )
    location = urlunsplit((REDIS_SCHEMES[parts.scheme], *parts[1:]))
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": location,
        # Several services may share one server: this one's keys stay apart.
        "KEY_PREFIX": "salo-climate",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
