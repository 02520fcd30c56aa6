"""The bottleneck view: what is stuck, why, and who can unstick it; with exports."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from programmes import bottlenecks
from programmes.access import dashboard_view, may_see_internal_notes, may_see_names
from programmes.charts import bottleneck_summary_figure
from programmes.forms import BottleneckFilterForm
from programmes.models import Programme
from salo_climate.exports import Column, Table, csv_response, xlsx_response
from salo_climate.htmx import HtmxHttpRequest, fragment_or_page

TEMPLATE = "programmes/bottlenecks.html"
COLUMNS = [
    Column("kind", gettext_lazy("Kind"), width=30),
    Column("identifier", gettext_lazy("Identifier"), width=10),
    Column("name", gettext_lazy("Name"), width=50),
    Column("detail", gettext_lazy("Detail"), width=50),
    Column("days", gettext_lazy("Days"), width=8),
    Column("unit", gettext_lazy("Unit"), width=25),
    Column("contact_persons", gettext_lazy("Contact persons"), width=30),
    Column("link", gettext_lazy("Link"), width=40),
]


def _findings(request, listed: int | None = None):
    programmes = Programme.objects.visible_to(request.user)
    form = BottleneckFilterForm(
        request.GET,
        programmes=programmes,
        default_programme=programmes.current(),
        kinds=bottlenecks.KINDS,
    )
    if not form.is_valid() or form.cleaned_data["programme"] is None:
        return form, None
    found = bottlenecks.find(
        form.cleaned_data["programme"],
        timezone.localdate(),
        goal=form.scope_goal,
        unit=form.cleaned_data["unit"],
        listed=None if form.cleaned_data["kind"] else listed,
    )
    return form, found


@require_GET
@dashboard_view
def bottleneck_view(request: HtmxHttpRequest):
    form, found = _findings(request, listed=bottlenecks.FINDINGS_SHOWN)
    context = {"form": form, "found": found, "show_internal": may_see_internal_notes(request.user)}
    if found is None:
        status = 400 if form.errors else 200
        return render(request, TEMPLATE, context, status=status)
    kind = form.cleaned_data["kind"]
    limit = None if kind else bottlenecks.FINDINGS_SHOWN
    listed = {k: found.shown(k, limit) for k in bottlenecks.KINDS}
    context.update(
        kind=kind,
        listed=listed,
        left_out={k: found.count(k) - _count(listed[k]) for k in bottlenecks.KINDS},
        shown={kind} if kind else set(bottlenecks.KINDS),
        unit_figure=bottleneck_summary_figure(found.by_unit),
        path_figure=bottleneck_summary_figure(found.by_path),
        query=request.GET.urlencode(),
    )
    return render(request, fragment_or_page(request, TEMPLATE, "results"), context)


def _count(items) -> int:
    return sum(map(len, items.values())) if isinstance(items, dict) else len(items)


def _export(request) -> Table | None:
    """The findings the filters ask for, one row each; ``None`` for bad filters."""
    form, found = _findings(request)
    if found is None:
        return None
    rows = bottlenecks.export_rows(found, with_people=may_see_names(request.user))
    kind = form.cleaned_data["kind"]
    if kind:
        wanted = str(bottlenecks.KINDS[kind])
        rows = [row for row in rows if row["kind"] == wanted]
    base = request.build_absolute_uri("/")[:-1]
    for row in rows:
        row["link"] = base + row["link"]
    return Table(COLUMNS, rows, title=gettext_lazy("Bottlenecks"))


def _download(request, write, filename: str):
    table = _export(request)
    if table is None:
        return HttpResponse(_("Check the filters."), status=400, content_type="text/plain")
    return write(table, filename)


@require_GET
@dashboard_view
def bottleneck_csv(request: HtmxHttpRequest):
    return _download(request, csv_response, "bottlenecks.csv")


@require_GET
@dashboard_view
def bottleneck_xlsx(request: HtmxHttpRequest):
    return _download(request, xlsx_response, "bottlenecks.xlsx")
