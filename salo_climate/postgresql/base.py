"""Django's PostgreSQL backend (psycopg 3), with a health check that costs no round trip.

With ``CONN_HEALTH_CHECKS`` Django checks a persistent connection before its first use in
each request, so that one the server has ended since the last request (a restart, a
failover, an administrator's command) is replaced instead of failing the request. Its
check is a ``SELECT 1``: one round trip to the server on every request that touches the
database, which is a third of the cost of answering a repeat visit with a 304.

A server that ends a connection says so on its socket: it sends an error and closes, or
the network resets it. So an idle connection with nothing to read is as the server left
it, and only one with something to read (or closed or broken on this side) is checked
the old way, with the ``SELECT 1``. A connection the network drops without a word is
caught by neither check until its first query fails, as before.
"""

from __future__ import annotations

import select

from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self) -> bool:
        connection = self.connection
        if connection is None or connection.closed or connection.broken:
            return False
        try:
            readable, _writable, _failed = select.select([connection.fileno()], [], [], 0)
        except (OSError, ValueError):
            return False
        if readable:
            # The server has spoken unasked: most likely to end the connection. Ask it.
            return super().is_usable()
        return True
