"""Phrasing an indicator's numbers: values in their unit, rates per year, verdict badges."""

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from indicators.charts import chart_table, indicator_figure, series_for
from indicators.progress import RateKind, Verdict, is_percent_unit
from indicators.svg import line_chart, sparkline

register = template.Library()

MINUS = "\u2212"


def _signed(number: float, decimals: int) -> str:
    text = number_format(abs(number), decimal_pos=decimals, force_grouping=True)
    if round(number, decimals) == 0:
        return text
    return ("+" if number > 0 else MINUS) + text


@register.filter
def in_unit(value: float | None, indicator) -> str:
    """``1 234,5 kt CO2e`` with the indicator's decimals, in the active language's format."""
    if value is None:
        return "–"
    text = number_format(value, decimal_pos=indicator.decimals, force_grouping=True)
    unit = indicator.unit
    return f"{text}\u00a0{unit}" if unit else text


@register.simple_tag
def rate(verdict: Verdict, which: str, indicator) -> str:
    """The required or actual annual rate: "−4,1 %/v" or "+0,3 %-yks./v" or "−77,5 m³/v"."""
    value = verdict.required_rate if which == "required" else verdict.actual_rate
    if value is None:
        return "–"
    if verdict.rate_kind is RateKind.COMPOUND:
        return _("%(rate)s %%/yr") % {"rate": _signed(value * 100, 1)}
    if is_percent_unit(indicator.unit):
        return _("%(rate)s percentage points/yr") % {"rate": _signed(value, 2)}
    decimals = max(indicator.decimals, 1)
    return _("%(rate)s %(unit)s/yr") % {"rate": _signed(value, decimals), "unit": indicator.unit}


@register.inclusion_tag("indicators/_verdict_badge.html")
def verdict_badge(verdict: Verdict):
    return {"verdict": verdict}


@register.inclusion_tag("indicators/_chart.html", takes_context=True)
def indicator_chart(context, indicator, prefix: str, kind: str = "svg"):
    """A chart of one indicator with caption, summary and data table.

    ``kind`` is "svg" (server-drawn, no JavaScript) or "plotly" (interactive; the page
    loads plotly.js through charts.js).
    """
    chart_id = f"{prefix}-{indicator.pk}"
    verdict = indicator.verdict
    series = series_for(verdict, indicator.series())
    headers, rows = chart_table(series)
    result = {
        "indicator": indicator,
        "verdict": verdict,
        "chart_id": chart_id,
        "figure_id": f"{chart_id}-data",
        "kind": kind,
        "headers": headers,
        "rows": rows,
        "request": context.get("request"),
    }
    if kind == "plotly":
        result["figure"] = indicator_figure(
            unit=indicator.unit,
            decimals=indicator.decimals,
            verdict=verdict,
            values=indicator.series(),
        )
    else:
        result["svg"] = line_chart(
            series,
            labelledby=f"{chart_id}-caption",
            unit=indicator.unit,
            decimals=indicator.decimals,
        )
    return result


@register.filter
def cell(value, indicator) -> str:
    if value is None:
        return ""
    return number_format(value, decimal_pos=indicator.decimals, force_grouping=True)


@register.simple_tag
def indicator_sparkline(indicator):
    return sparkline(indicator.series())


@register.filter
def year(time: float) -> str:
    """The year of a decimal-year time, never grouped like a number (2024, not 2 024)."""
    return str(int(time))
