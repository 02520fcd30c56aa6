"""Phrasing an indicator's numbers: values in their unit, rates per year, verdict badges."""

from django import template
from django.utils.formats import number_format

from indicators import formatting
from indicators.charts import chart_table, indicator_figure, series_for
from indicators.svg import line_chart, sparkline
from indicators.verdicts import Verdict, VerdictKind

register = template.Library()

VERDICT_ICONS = {
    VerdictKind.ACHIEVED: "✔",
    VerdictKind.ON_TRACK: "↗",
    VerdictKind.TOO_SLOW: "→",
    VerdictKind.WRONG_DIRECTION: "✖",
    VerdictKind.NOT_ENOUGH_DATA: "?",
}


@register.filter
def in_unit(value: float | None, indicator) -> str:
    return formatting.in_unit(value, indicator)


@register.simple_tag
def rate(verdict: Verdict, which: str, indicator) -> str:
    return formatting.rate(verdict, which, indicator)


@register.inclusion_tag("indicators/_verdict_badge.html")
def verdict_badge(verdict: Verdict):
    return {"verdict": verdict, "icon": VERDICT_ICONS.get(verdict.kind, "?")}


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
