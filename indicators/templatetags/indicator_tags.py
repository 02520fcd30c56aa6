"""Phrasing an indicator's numbers: values in their unit, rates per year, verdict badges."""

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from indicators import formatting
from indicators.charts import chart_table, indicator_figure, points_of, series_for
from indicators.svg import COMPACT, WIDE, line_chart, sparkline
from indicators.verdicts import Verdict, VerdictKind

register = template.Library()

VERDICT_ICONS = {
    VerdictKind.ACHIEVED: "✔",
    VerdictKind.ON_TRACK: "↗",
    VerdictKind.ACCELERATION_NEEDED: "→",
    VerdictKind.LIMITED_PROGRESS: "⇢",
    VerdictKind.WRONG_DIRECTION: "✖",
    VerdictKind.MISSED: "⊘",
    VerdictKind.NOT_ENOUGH_DATA: "?",
}


@register.filter
def in_unit(value: float | None, indicator) -> str:
    return formatting.in_unit(value, indicator)


@register.simple_tag
def rate(verdict: Verdict, which: str, indicator) -> str:
    return formatting.rate(verdict, which, indicator)


@register.simple_tag
def rate_of(value: float | None, verdict: Verdict, indicator) -> str:
    """Any rate per year measured the way the verdict measures it (e.g. needed from now)."""
    if value is None:
        return "–"
    return formatting.rate_text(value, verdict.rate_kind, indicator)


@register.filter
def ratio(value: float | None) -> str:
    """R, the ratio of the actual to the required rate, with two decimals."""
    return "–" if value is None else formatting.number(value, 2)


@register.inclusion_tag("indicators/_verdict_badge.html")
def verdict_badge(verdict: Verdict):
    return {"verdict": verdict, "icon": VERDICT_ICONS.get(verdict.kind, "?")}


@register.filter
def verdict_label(kind: str) -> str:
    """A verdict's name from its code, for content stored as plain data."""
    return VerdictKind(kind).label


@register.inclusion_tag("indicators/_verdict_badge.html")
def verdict_kind_badge(kind: str):
    """The badge of a kind of verdict, as the rules page lists them."""
    verdict_kind = VerdictKind(kind)
    return {
        "verdict": {"kind": verdict_kind, "label": verdict_kind.label},
        "icon": VERDICT_ICONS[verdict_kind],
    }


@register.inclusion_tag("indicators/_chart.html", takes_context=True)
def indicator_chart(context, indicator, prefix: str, kind: str = "svg"):
    """A chart of one indicator with caption, summary and data table.

    ``kind`` is "svg" (server-drawn, no JavaScript, sized for a grid of charts), "svg-wide"
    (server-drawn across a card, with the compact drawing for phones beside it, which CSS
    shows below 40rem) or "plotly" (interactive; the page loads plotly.js through charts.js,
    and shows the wide and compact drawings until it has drawn the chart).
    """
    chart_id = f"{prefix}-{indicator.pk}"
    verdict = indicator.verdict
    points = points_of(indicator)
    series = series_for(verdict, points)
    headers, rows = chart_table(series)
    result = {
        "indicator": indicator,
        "verdict": verdict,
        "chart_id": chart_id,
        "figure_id": f"{chart_id}-data",
        "kind": kind,
        "headers": headers,
        "body": table_body(rows, indicator),
        "request": context.get("request"),
    }
    if kind == "plotly":
        result["figure"] = indicator_figure(
            unit=indicator.unit,
            decimals=indicator.decimals,
            verdict=verdict,
            values=points,
        )
    # An interactive chart shows the server's drawing until plotly.js, which takes a
    # second or more to start on a first visit, replaces it.
    wide = kind in ("svg-wide", "plotly")
    drawings = [(WIDE, "chart-wide"), (COMPACT, "chart-compact")] if wide else [(COMPACT, "")]
    result["svg"] = mark_safe(
        "".join(
            line_chart(
                series,
                labelledby=f"{chart_id}-caption",
                unit=indicator.unit,
                decimals=indicator.decimals,
                box=box,
                css_class=css_class,
            )
            for box, css_class in drawings
        )
    )
    return result


def table_body(rows, indicator) -> str:
    """The data table's rows, joined here rather than in a template loop: a chart of a
    long monthly series has hundreds of cells."""
    return format_html_join(
        "\n",
        '<tr><th scope="row">{}</th>{}</tr>',
        (
            (
                label,
                format_html_join(
                    "", '<td class="num">{}</td>', ((cell(v, indicator),) for v in values)
                ),
            )
            for label, values in rows
        ),
    )


@register.filter
def cell(value, indicator) -> str:
    if value is None:
        return ""
    return formatting.number(value, indicator.decimals)


@register.simple_tag
def indicator_sparkline(indicator):
    return sparkline([(point.time, point.value) for point in points_of(indicator)])
