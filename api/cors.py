"""Cross-origin reads of the open-data API, and its licence in a header.

Anyone's web page may read the API (``Access-Control-Allow-Origin: *`` on GET, HEAD and
OPTIONS under ``/api/``), but never with the reader's cookies: a wildcard origin never
allows credentials, so another site's script sees only what the public sees. Every API
response also names its licence in a ``Link: <…>; rel="license"`` header (RFC 4946),
which a detail response has no other place for.
"""

from __future__ import annotations

from django.http import HttpResponse

from api.pagination import LICENCE

PREFIX = "/api/"
READS = ("GET", "HEAD", "OPTIONS")
PREFLIGHT_SECONDS = 86_400


class CorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(PREFIX):
            return self.get_response(request)
        if request.method == "OPTIONS":
            # A browser's preflight: answered here, since the API's routes take GET only.
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = ", ".join(READS)
            response["Access-Control-Allow-Headers"] = "Accept, Accept-Language, Content-Type"
            response["Access-Control-Max-Age"] = str(PREFLIGHT_SECONDS)
        else:
            response = self.get_response(request)
        if request.method in READS:
            response["Access-Control-Allow-Origin"] = "*"
            response["Link"] = f'<{LICENCE["url"]}>; rel="license"'
        return response
