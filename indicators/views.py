import functools

from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from accounts.permissions import can_edit_indicator_values
from indicators.charts import components_figure
from indicators.components import breakdown
from indicators.forms import OFF_TRACK, IndicatorListForm
from indicators.models import Indicator
from indicators.svg import components_drawing
from indicators.verdicts import verdict_counts
from programmes.access import dashboard_view
from programmes.cache import cached_fragment, cached_fragments, conditional_page, indicator_scope
from programmes.ladder import Ladder
from programmes.outcomes import Outcomes
from programmes.pages import programme_for, programme_scopes, queried_programme_scopes
from programmes.plain_instances import prefetch_plain
from salo_climate.exports import Column, Table, csv_response, xlsx_response
from salo_climate.htmx import HtmxHttpRequest

PAGE_SIZE = 50
"""Indicators on a page of the list: Salo's programme has 45, so all on one."""

CSV_COLUMNS = [
    Column("indicator", gettext_lazy("Indicator")),
    Column("unit", gettext_lazy("Unit")),
    Column("date", gettext_lazy("Date")),
    Column("value", gettext_lazy("Value")),
    Column("note", gettext_lazy("Note")),
]
# The indicators export: one long table, a row for each baseline, value and target.
EXPORT_COLUMNS = [
    Column("identifier", gettext_lazy("Identifier"), width=10),
    Column("indicator", gettext_lazy("Indicator"), width=40),
    Column("unit", gettext_lazy("Unit of measurement"), width=12),
    Column("goals", gettext_lazy("Measures"), width=15),
    Column("kind", gettext_lazy("Kind"), width=10),
    Column("year", gettext_lazy("Year"), width=8),
    Column("date", gettext_lazy("Date"), width=12),
    Column("value", gettext_lazy("Value"), width=12),
    Column("note", gettext_lazy("Note"), width=40),
    Column("link", gettext_lazy("Link"), width=40),
]

# What the indicator page, its chart and its CSV show besides the indicator itself.
DETAILS = ("targets", "values", "goals__level", "actions", "contact_persons")


def _get_indicator(request, pk: int) -> Indicator:
    return get_object_or_404(
        Indicator.objects.visible_to(request.user).prefetch_related(*DETAILS), pk=pk
    )


def _with_details(indicator: Indicator) -> dict:
    """The cached page's context: the indicator, and its components if it is a total."""
    prefetch_related_objects([indicator], *DETAILS, "component_of", "components__values")
    parts = breakdown(indicator)
    return {
        "indicator": indicator,
        "breakdown": parts,
        "components_figure": components_figure(parts) if parts else None,
        # Drawn on the server: it shows until plotly.js has started, and without it.
        "components_svg": (
            components_drawing(parts, labelledby="components-chart-caption") if parts else ""
        ),
    }


@require_GET
@dashboard_view
@conditional_page(functools.partial(queried_programme_scopes, actions=False))
def indicator_list(request: HtmxHttpRequest):
    programme = programme_for(request, request.GET.get("programme"))
    form = IndicatorListForm(request.GET, programme)
    if not form.is_valid():
        context = {"programme": programme, "content": "", "form": form}
        return render(request, "indicators/indicator_list.html", context, status=400)
    number = form.cleaned_data["page"] or 1
    goal_id = form.cleaned_data["goal"]
    off_track = form.cleaned_data["verdict"] == OFF_TRACK
    content = cached_fragment(
        request,
        "indicators/indicator_list.html#content",
        key=[programme.pk if programme else None, number, goal_id, off_track],
        scopes=programme_scopes(programme, actions=False),  # it shows no actions
        context=lambda: indicator_list_context(programme, number, goal_id, off_track=off_track),
    )
    return render(
        request, "indicators/indicator_list.html", {"programme": programme, "content": content}
    )


def indicator_list_context(
    programme, number: int = 1, goal_id: int | None = None, *, off_track: bool = False
) -> dict:
    """A page of ``PAGE_SIZE`` indicators with their series, and the verdicts counted
    over all of them from the stored verdicts (a page's worth of series is read, not
    the programme's).

    ``goal_id`` keeps the indicators measuring that goal or any goal beneath it (the
    goal's outcomes, as its page counts them); ``off_track`` keeps the off-track ones,
    worst first, as the ladder names them."""
    goal = None
    if programme is None:
        judged = []
    elif goal_id is None and not off_track:
        judged = list(
            Indicator.objects.for_programme(programme)
            .select_related("stored_verdict")
            .only("pk", "stored_verdict__code", "stored_verdict__ratio")
        )
    else:
        ladder = Ladder.load(programme, with_actions=False, with_indicators=True)
        if goal_id is None:
            outcomes = Outcomes(ladder.indicators)
        else:
            rung = ladder.rung(goal_id)
            goal, outcomes = rung.goal, rung.outcomes
        judged = outcomes.off_track if off_track else outcomes.indicators
    page = Paginator(judged, PAGE_SIZE).get_page(number)
    ids = [indicator.pk for indicator in page.object_list]
    found = Indicator.objects.select_related("component_of").in_bulk(ids)
    rows = [found[pk] for pk in ids]
    prefetch_plain(rows, "targets", "values")
    prefetch_related_objects(rows, "goals__level", "components")
    return {
        "programme": programme,
        "indicators": rows,
        "page": page,
        "verdict_counts": verdict_counts(i.verdict_summary for i in judged),
        "goal": goal,
        "off_track": off_track,
    }


@require_GET
@dashboard_view
@conditional_page(lambda request, pk: [indicator_scope(pk)])
def indicator_detail(request: HtmxHttpRequest, pk: int):
    summary = get_object_or_404(Indicator.objects.visible_to(request.user), pk=pk)
    # The page's parts come from the cache while nothing changes; whether this reader
    # may enter values is decided on every request.
    context = cached_fragments(
        request,
        "indicators/indicator_detail.html",
        ["head", "values"],
        key=[pk],
        scopes=[indicator_scope(pk)],
        context=lambda: _with_details(summary),
    )
    context.update(summary=summary, may_edit=can_edit_indicator_values(request.user, summary))
    return render(request, "indicators/indicator_detail.html", context)


@require_GET
@dashboard_view
def indicator_chart(request: HtmxHttpRequest, pk: int):
    """The interactive chart alone, for pages that swap it in on request."""
    if not request.htmx:
        return indicator_detail(request, pk)  # the whole page, with the chart on it
    indicator = _get_indicator(request, pk)
    return render(request, "indicators/indicator_detail.html#figure", {"indicator": indicator})


@require_GET
@dashboard_view
def indicator_csv(request: HtmxHttpRequest, pk: int):
    """The values as RFC 4180 CSV (ISO dates, decimal points), free of personal data."""
    indicator = _get_indicator(request, pk)
    rows = (
        {
            "indicator": str(indicator.translated("name")),
            "unit": indicator.unit,
            "date": value.date.isoformat(),
            "value": value.value,  # a number, written in full with a decimal point
            "note": value.note,
        }
        for value in indicator.values.all()
    )
    filename = f"{slugify(indicator.name) or 'indicator'}-{indicator.pk}.csv"
    return csv_response(Table(CSV_COLUMNS, rows), filename)


def _indicators_export(request) -> tuple[Table, str]:
    """Every indicator of the programme shown: its baseline, then its values by date, then
    its targets by year, each row saying which it is; an indicator with none of them has a
    row of its own. No personal data: contact persons and who entered a value are left out."""
    programme = programme_for(request, request.GET.get("programme"))
    rows = [] if programme is None else _indicator_rows(request, programme)
    name = f"indicators-{programme.slug}" if programme else "indicators"
    return Table(EXPORT_COLUMNS, rows, title=gettext_lazy("Indicators")), name


def _indicator_rows(request, programme):
    measuring = Indicator.objects.for_programme(programme).values("pk")
    indicators = (
        Indicator.objects.visible_to(request.user)
        .filter(pk__in=measuring)
        .prefetch_related("goals", "values", "targets")
        .order_by("order", "name", "pk")
    )
    base = request.build_absolute_uri("/")[:-1]
    kinds = {"baseline": _("baseline"), "value": _("value"), "target": _("target")}
    for indicator in indicators:
        common = {
            "identifier": indicator.identifier,
            "indicator": str(indicator.translated("name")),
            "unit": indicator.unit,
            "goals": ", ".join(goal.identifier for goal in indicator.goals.all()),
            "link": base + reverse("indicator_detail", args=[indicator.pk]),
        }
        rows = []
        if indicator.baseline_year is not None:
            rows.append(
                (kinds["baseline"], indicator.baseline_year, None, indicator.baseline_value, "")
            )
        rows += [
            (kinds["value"], value.date.year, value.date, value.value, value.note)
            for value in indicator.values.all()
        ]
        rows += [
            (kinds["target"], target.year, None, target.value, target.note)
            for target in indicator.targets.all()
        ]
        for kind, year, day, number, note in rows or [("", None, None, None, "")]:
            yield {**common, "kind": kind, "year": year, "date": day, "value": number, "note": note}


@require_GET
@dashboard_view
def indicators_csv(request: HtmxHttpRequest):
    table, name = _indicators_export(request)
    return csv_response(table, f"{name}.csv")


@require_GET
@dashboard_view
def indicators_xlsx(request: HtmxHttpRequest):
    table, name = _indicators_export(request)
    return xlsx_response(table, f"{name}.xlsx")
