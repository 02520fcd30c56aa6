from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from api.v1 import api as api_v1
from salo_climate import health

admin.site.site_header = _("Climate and environment programme follow-up")
admin.site.site_title = _("Programme follow-up")
admin.site.index_title = _("Administration")

handler500 = "salo_climate.errors.server_error"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("accounts.urls")),
    path("reports/", include("reports.urls")),
    path("admin/", admin.site.urls),
    path("indicators/", include("indicators.urls")),
    path("api/v1/", api_v1.urls),
    path("search/", include("search.urls")),
    path("emissions/", include("emissions.urls")),
    path("", include("programmes.urls")),
]
