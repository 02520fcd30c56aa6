import csv

from django.db.models import Q, prefetch_related_objects
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.functional import SimpleLazyObject
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from accounts.permissions import can_edit_indicator_values
from indicators.models import Indicator
from indicators.progress import VerdictKind
from programmes.access import dashboard_view, visible_programmes
from programmes.pages import programme_for
from salo_climate.htmx import HtmxHttpRequest


def visible_indicators(user):
    """Indicators measuring something in a programme the user may see, or nothing yet."""
    programmes = visible_programmes(user)
    return Indicator.objects.filter(
        Q(goals__programme__in=programmes)
        | Q(actions__programme__in=programmes)
        | Q(goals__isnull=True, actions__isnull=True)
    ).distinct()


# What the indicator page, its chart and its CSV show besides the indicator itself.
DETAILS = ("targets", "values", "goals__level", "actions", "contact_persons")


def _get_indicator(request, pk: int) -> Indicator:
    return get_object_or_404(visible_indicators(request.user).prefetch_related(*DETAILS), pk=pk)


def _with_details(indicator: Indicator) -> Indicator:
    prefetch_related_objects([indicator], *DETAILS)
    return indicator


@require_GET
@dashboard_view
def indicator_list(request: HtmxHttpRequest):
    programme = programme_for(request, request.GET.get("programme"))

    def indicators():
        if programme is None:
            return []
        return list(
            Indicator.objects.for_programme(programme)
            .with_series()
            .prefetch_related("goals__level")
        )

    def verdict_counts():
        counts = {kind: 0 for kind in VerdictKind}
        for indicator in listed:
            counts[indicator.verdict.kind] += 1
        return [(kind, kind.label, n) for kind, n in counts.items() if n]

    # Loaded only when the cached content is missing (programmes.cache).
    listed = SimpleLazyObject(indicators)
    context = {
        "programme": programme,
        "indicators": listed,
        "verdict_counts": SimpleLazyObject(verdict_counts),
    }
    return render(request, "indicators/indicator_list.html", context)


@require_GET
@dashboard_view
def indicator_detail(request: HtmxHttpRequest, pk: int):
    summary = get_object_or_404(visible_indicators(request.user), pk=pk)
    context = {
        "summary": summary,
        # Loaded only when the cached content is missing (programmes.cache); whether this
        # reader may enter values is decided on every request.
        "indicator": SimpleLazyObject(lambda: _with_details(summary)),
        "may_edit": can_edit_indicator_values(request.user, summary),
    }
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
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"{slugify(indicator.name) or 'indicator'}-{indicator.pk}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(["indicator", "unit", "date", "value", "note"])
    for value in indicator.values.all():
        writer.writerow(
            [indicator.name, indicator.unit, value.date.isoformat(), repr(value.value), value.note]
        )
    return response
