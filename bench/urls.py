"""The project's URLs, plus ``/bench/ok``: the cost of the server and middleware alone."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.views.decorators.http import require_GET

from salo_climate import urls as project_urls


@require_GET
def ok(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


# Error handlers are looked up in the root URLconf: without this the benchmarks would
# see Django's plain 500 page where the project answers a database outage with a 503.
handler500 = project_urls.handler500

urlpatterns = [
    path("bench/ok", ok, name="bench_ok"),
    path("", include("salo_climate.urls")),
]
