"""htmx helpers: a typed request, and choosing between a fragment and the whole page."""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def fragment_or_page(request: HtmxHttpRequest, template: str, fragment: str) -> str:
    """``template#fragment`` for an htmx request; the whole page otherwise.

    A history-restore request (the user went back to a page whose snapshot htmx no
    longer has) needs the whole page, as does any request made without htmx.
    """
    if request.htmx and not request.htmx.history_restore_request:
        return f"{template}#{fragment}"
    return template
