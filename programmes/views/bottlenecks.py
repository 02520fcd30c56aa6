"""The bottleneck view: what is stuck, why, and who can unstick it; with exports."""

import csv
import io

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from openpyxl import Workbook
from openpyxl.styles import Font

from programmes import bottlenecks
from programmes.access import dashboard_view, may_see_internal_notes, visible_programmes
from programmes.charts import bottleneck_summary_figure
from programmes.forms import BottleneckFilterForm
from salo_climate.htmx import HtmxHttpRequest, fragment_or_page

TEMPLATE = "programmes/bottlenecks.html"
COLUMNS = ["kind", "identifier", "name", "detail", "days", "unit", "contact_persons", "link"]


def _findings(request):
    programmes = visible_programmes(request.user)
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
    )
    return form, found


@require_GET
@dashboard_view
def bottleneck_view(request: HtmxHttpRequest):
    form, found = _findings(request)
    context = {"form": form, "found": found, "show_internal": may_see_internal_notes(request.user)}
    if found is None:
        status = 400 if form.errors else 200
        return render(request, TEMPLATE, context, status=status)
    kind = form.cleaned_data["kind"]
    context.update(
        kind=kind,
        shown={kind} if kind else set(bottlenecks.KINDS),
        unit_figure=bottleneck_summary_figure(found.by_unit),
        path_figure=bottleneck_summary_figure(found.by_path),
        query=request.GET.urlencode(),
    )
    return render(request, fragment_or_page(request, TEMPLATE, "results"), context)


def _export(request):
    form, found = _findings(request)
    if found is None:
        return None
    rows = bottlenecks.export_rows(found, with_people=request.user.is_authenticated)
    kind = form.cleaned_data["kind"]
    if kind:
        wanted = str(bottlenecks.KINDS[kind])
        rows = [row for row in rows if row["kind"] == wanted]
    base = request.build_absolute_uri("/")[:-1]
    for row in rows:
        row["link"] = base + row["link"]
    return rows


@require_GET
@dashboard_view
def bottleneck_csv(request: HtmxHttpRequest):
    rows = _export(request)
    if rows is None:
        return HttpResponse(_("Check the filters."), status=400, content_type="text/plain")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="bottlenecks.csv"'
    writer = csv.DictWriter(response, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return response


@require_GET
@dashboard_view
def bottleneck_xlsx(request: HtmxHttpRequest):
    rows = _export(request)
    if rows is None:
        return HttpResponse(_("Check the filters."), status=400, content_type="text/plain")
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Bottlenecks")[:31]
    headers = [
        _("Kind"),
        _("Identifier"),
        _("Name"),
        _("Detail"),
        _("Days"),
        _("Unit"),
        _("Contact persons"),
        _("Link"),
    ]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([row[column] for column in COLUMNS])
    for column, width in zip("ABCDEFGH", (30, 10, 50, 50, 8, 25, 30, 40), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="bottlenecks.xlsx"'
    return response
