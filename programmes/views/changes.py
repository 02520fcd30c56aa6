"""What changed between two dates: the council's list before a meeting, and its CSV.

Who changed what is a staff member's name, shown where their duties require it: on the
page, to logged-in readers. The public page shows the responsible unit instead, and the
CSV, which travels as open data, carries no names for anyone. Internal notes are for
logged-in readers only, and never in the CSV.
"""

from __future__ import annotations

import csv
from datetime import date

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from programmes.access import dashboard_view, may_see_internal_notes, visible_programmes
from programmes.changes import (
    MAX_YEARS,
    Change,
    Period,
    collect_changes,
    default_since,
    group_by_kind,
    longest_period_start,
)
from programmes.forms import ProgrammeFilterForm
from programmes.models import GoalNode, Programme
from reports.models import CouncilReport
from salo_climate.htmx import HtmxHttpRequest, fragment_or_page

TEMPLATE = "programmes/changes.html"
COLUMNS = ["date", "time", "kind", "object_type", "object", "detail", "unit", "link"]
# Far enough for any programme, near enough that local midnight converts to UTC.
EARLIEST, LATEST = date(1900, 1, 1), date(2999, 12, 31)


def may_see_names(user) -> bool:
    """Names of the people behind changes: logged-in readers only."""
    return user.is_authenticated


def _date_field(label) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        validators=[MinValueValidator(EARLIEST), MaxValueValidator(LATEST)],
    )


class ChangesFilterForm(ProgrammeFilterForm):
    """The period (local dates) and the part of the programme: main goal, path, unit.

    An empty ``since`` is the day of the latest council report before today, or else 90
    days back; an empty ``until`` is today. Both are written into the form's data, so
    the page shows the period it lists.
    """

    field_order = ["programme", "since", "until", "goal", "path", "unit"]

    since = _date_field(gettext_lazy("From"))
    until = _date_field(gettext_lazy("To"))
    goal = forms.ModelChoiceField(
        label=gettext_lazy("Main goal"),
        queryset=GoalNode.objects.none(),
        required=False,
        empty_label=gettext_lazy("All"),
    )
    path = forms.ModelChoiceField(
        label=gettext_lazy("Path or focus area"),
        queryset=GoalNode.objects.none(),
        required=False,
        empty_label=gettext_lazy("All"),
    )

    def __init__(self, data, *, programmes, default_programme: Programme | None, today: date):
        super().__init__(data, programmes=programmes, default_programme=default_programme)
        goals = self.goals()
        self.use_goal_choices("goal", goals.filter(level__depth=1))
        self.use_goal_choices("path", goals.filter(level__depth__gte=2))
        self.report: CouncilReport | None = None
        self.since_defaulted = not self.data.get("since")
        if self.since_defaulted and self.programme is not None:
            since, self.report = default_since(self.programme, today)
            self.data["since"] = since.isoformat()
        if not self.data.get("until"):
            self.data["until"] = today.isoformat()

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until:
            if since > until:
                self.add_error(
                    "until",
                    forms.ValidationError(
                        _("The end of the period is before its start."), code="reversed"
                    ),
                )
            elif since < longest_period_start(until):
                self.add_error(
                    "since",
                    forms.ValidationError(
                        _("The period can be at most %(years)d years."),
                        code="too_long",
                        params={"years": MAX_YEARS},
                    ),
                )
        return data

    @property
    def scope_goal(self):
        """The path when one is chosen (it is the narrower), else the main goal."""
        return self.cleaned_data.get("path") or self.cleaned_data.get("goal")


def _read(request) -> tuple[ChangesFilterForm, list[Change] | None]:
    """The validated filters, and the changes the reader may see (``None``: bad input)."""
    programmes = visible_programmes(request.user)
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
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="changes-{data["since"]:%Y-%m-%d}-{data["until"]:%Y-%m-%d}.csv"'
    )
    writer = csv.DictWriter(response, fieldnames=COLUMNS)
    writer.writeheader()
    for change in changes:
        when = timezone.localtime(change.when)
        writer.writerow(
            {
                "date": when.date().isoformat(),
                "time": when.strftime("%H:%M"),
                "kind": str(change.kind.label),
                "object_type": change.subject_type,
                "object": change.subject_label,
                "detail": change.detail,
                "unit": change.unit,
                "link": request.build_absolute_uri(change.subject_url)
                if change.subject_url
                else "",
            }
        )
    return response
