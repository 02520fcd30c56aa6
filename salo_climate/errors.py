"""The server-error page, which tells a database outage from a fault.

While the database restarts or is unreachable, requests that need it fail with an
``OperationalError`` or ``InterfaceError``. The reader gets a 503 page in their own
language with ``Retry-After``: the service is briefly unavailable, nothing was lost, and
a retry soon will work (``CONN_HEALTH_CHECKS`` reconnects on the next request). Any
other exception is a fault and gets the ordinary 500 page. Neither page touches the
database.
"""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.views.decorators.csrf import requires_csrf_token
from django.views.defaults import server_error as default_server_error

RETRY_AFTER_SECONDS = 30


def is_database_outage(exception: BaseException | None) -> bool:
    while exception is not None:
        if isinstance(exception, (OperationalError, InterfaceError)):
            return True
        exception = exception.__cause__ or exception.__context__
    return False


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: a 503 with ``Retry-After`` during a database outage, else a 500."""
    if not is_database_outage(sys.exc_info()[1]):
        return default_server_error(request)
    language = translation.get_language_from_request(request)
    with translation.override(language):
        html = render_to_string(
            "503.html", {"retry_after": RETRY_AFTER_SECONDS, "language": language}
        )
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
