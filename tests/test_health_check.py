"""PostgreSQL's health check: a connection the server ended is replaced before the next
request uses it, and a healthy one is checked without a round trip to the server."""

from __future__ import annotations

import select
import time

import psycopg
import pytest
from django.db import close_old_connections, connection
from django.db.backends.postgresql import base as django_postgresql

from programmes.models import Programme

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite has no server to end a connection"
)


def asked_the_server(monkeypatch) -> list[bool]:
    """Each time the health check asks the server (``SELECT 1``), with its answer."""
    asked: list[bool] = []
    real = django_postgresql.DatabaseWrapper.is_usable

    def asking(self):
        asked.append(real(self))
        return asked[-1]

    monkeypatch.setattr(django_postgresql.DatabaseWrapper, "is_usable", asking)
    return asked


@pytest.mark.django_db
def test_a_healthy_connection_is_checked_without_a_round_trip(monkeypatch):
    asked = asked_the_server(monkeypatch)
    Programme.objects.count()
    assert connection.is_usable()
    assert asked == []


def end_from_the_server(pid: int) -> None:
    """What a restart or an administrator does to one connection, and wait for its word."""
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])
    deadline = time.monotonic() + 5
    while not select.select([connection.connection.fileno()], [], [], 0.05)[0]:
        assert time.monotonic() < deadline, "the server did not end the connection"


@pytest.mark.django_db(transaction=True)
def test_a_connection_the_server_ended_is_replaced_before_the_next_request(monkeypatch):
    assert connection.health_check_enabled  # CONN_HEALTH_CHECKS, as in production
    asked = asked_the_server(monkeypatch)
    Programme.objects.count()
    pid = connection.connection.info.backend_pid

    close_old_connections()  # a request starts: the connection stays, to be checked
    assert connection.connection.info.backend_pid == pid
    Programme.objects.count()
    assert asked == []  # nothing to read on its socket: no SELECT 1

    end_from_the_server(pid)
    close_old_connections()  # the next request
    assert Programme.objects.count() >= 0  # answered, on a new connection
    assert connection.connection.info.backend_pid != pid
    assert asked == [False]  # the server's word on the socket made it ask, in vain
