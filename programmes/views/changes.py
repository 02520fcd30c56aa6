"""What changed between two dates: the council's list before a meeting, and its CSV.

Who changed what is a staff member's name, shown where their duties require it: on the
page, to logged-in readers. The public page shows the responsible unit instead, and the
CSV, which travels as open data, carries no names for anyone. Internal notes are for
logged-in readers only, and never in the CSV.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from programmes.access import dashboard_view, may_see_internal_notes, may_see_names
from programmes.changes import Change, Period, collect_changes, group_by_kind
from programmes.forms import ChangesFilterForm
from programmes.models import Programme
from reports.freezing import compare
from reports.models import CouncilReport
from salo_climate.exports import Column, Table, csv_response
from salo_climate.htmx import HtmxHttpRequest, fragment_or_page

TEMPLATE = "programmes/changes.html"
COLUMNS = [
    Column("date", gettext_lazy("Date")),
    Column("time", gettext_lazy("Time")),
    Column("kind", gettext_lazy("Kind")),
    Column("object_type", gettext_lazy("Object type")),
    Column("object", gettext_lazy("Object")),
    Column("detail", gettext_lazy("Detail")),
    Column("unit", gettext_lazy("Unit")),
    Column("link", gettext_lazy("Link")),
]


def _read(request) -> tuple[ChangesFilterForm, list[Change] | None]:
    """The validated filters, and the changes the reader may see (``None``: bad input)."""
    programmes = Programme.objects.visible_to(request.user)
    form = ChangesFilterForm(
        request.GET,
        programmes=programmes,
        default_programme=programmes.current(),
        today=timezone.localdate(),
    )
    if not form.is_valid() or form.cleaned_data["programme"] is None:
        return form, None
    data = form.cleaned_data
    changes = collect_changes(
        data["programme"], data["since"], data["until"], goal=form.scope_goal, unit=data["unit"]
    )
    names, notes = may_see_names(request.user), may_see_internal_notes(request.user)
    return form, [change.for_reader(names=names, internal_notes=notes) for change in changes]


@require_GET
@dashboard_view
def what_changed(request: HtmxHttpRequest):
    form, changes = _read(request)
    programme = form.programme
    context = {"form": form, "programme": programme, "changes": changes or []}
    if form.errors:
        # A whole page says 400. An htmx request gets 422, which base.html swaps in,
        # so the errors appear where the results were instead of nothing happening.
        if request.htmx and not request.htmx.history_restore_request:
            return render(request, f"{TEMPLATE}#results", context, status=422)
        return render(request, TEMPLATE, context, status=400)
    if changes is not None:
        data = form.cleaned_data
        context.update(
            period=Period(data["since"], data["until"]),
            groups=group_by_kind(changes),
            report=form.report,
            since_defaulted=form.since_defaulted,
            reports=CouncilReport.objects.filter(programme=programme)[:5],
            show_names=may_see_names(request.user),
            # The whole programme only: the report's figures are not split by goal or unit.
            comparison=None if form.scope_goal or data["unit"] else compare(programme),
            query=request.GET.urlencode(),
        )
    return render(request, fragment_or_page(request, TEMPLATE, "results"), context)


@require_GET
@dashboard_view
def what_changed_csv(request: HtmxHttpRequest):
    """The page's changes, one row each; no names of people and no internal notes."""
    form, changes = _read(request)
    if changes is None:
        return HttpResponse(_("Check the filters."), status=400, content_type="text/plain")
    data = form.cleaned_data
    rows = (_csv_row(request, change) for change in changes)
    filename = f"changes-{data['since']:%Y-%m-%d}-{data['until']:%Y-%m-%d}.csv"
    return csv_response(Table(COLUMNS, rows), filename)


def _csv_row(request, change: Change) -> dict[str, str]:
    when = timezone.localtime(change.when)
    return {
        "date": when.date().isoformat(),
        "time": when.strftime("%H:%M"),
        "kind": str(change.kind.label),
        "object_type": change.subject_type,
        "object": change.subject_label,
        "detail": change.detail,
        "unit": change.unit,
        "link": request.build_absolute_uri(change.subject_url) if change.subject_url else "",
    }
