"""Indicator charts as plain data.

``indicator_figure`` returns a Plotly figure as a dict, embedded with ``json_script`` and
drawn by ``static/js/charts.js`` (building plotly.py objects per request costs ~5 ms a
figure). ``series_for`` gives the same lines to the server-rendered SVG charts in
``indicators/svg.py`` and to the accessible data tables, so every chart and its table
show the same numbers. ``components_figure`` stacks a total's components
(``indicators.components``), with the total drawn over them as a line.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from indicators.choices import TimeResolution
from indicators.components import Breakdown
from indicators.verdicts import Point, Verdict, period_time

# Okabe–Ito colours: distinguishable with the common colour-vision deficiencies. Lines
# also differ by dash and marker, so colour is never the only cue.
COLOURS = {
    "actual": "#0072B2",
    "target": "#D55E00",
    "required": "#009E73",
    "projection": "#CC79A7",
    "baseline": "#000000",
}


@dataclass
class Series:
    key: str
    name: str
    points: list[tuple[float, float]] = field(default_factory=list)
    dash: str = "solid"
    mode: str = "lines+markers"
    marker: str = "circle"
    labels: dict[float, str] = field(default_factory=dict)
    """The period each point stands for ("2024", "lokakuu 2026"), by its time."""

    def label_at(self, time: float) -> str:
        return self.labels.get(time) or _time_label(time)


def _year_end(time: float) -> str:
    """Decimal year → an ISO date for Plotly's date axis (31 Dec for whole years)."""
    year = int(time)
    if time == year:
        return date(year, 12, 31).isoformat()
    day_of_year = round((time - year) * 365.25)
    return date.fromordinal(date(year, 1, 1).toordinal() + max(0, day_of_year - 1)).isoformat()


def points_of(indicator) -> list[Point]:
    """The indicator's values where its verdict places them, oldest first, each with the
    label of its own period (the year of a yearly value, the month of a monthly one)."""
    monthly = indicator.time_resolution == TimeResolution.MONTHLY
    return sorted(
        (
            Point(period_time(value.date, monthly), value.value, value.date, monthly)
            for value in indicator.values.all()
        ),
        key=lambda point: point.time,
    )


def series_for(
    verdict: Verdict, values: Sequence[Point] | Sequence[tuple[float, float]]
) -> list[Series]:
    """The lines of an indicator chart, from the first value to the last target year.

    The actual values; the baseline; every target; the required path from the baseline
    through the next target and each later one, ending exactly at each target's value;
    and the trend since the baseline, extended from the latest value to the last target
    year. ``values`` are ``Point``s (labelled by their period) or ``(time, value)``
    pairs. Points a runaway projection cannot place (infinite) are left out.
    """
    actual = Series("actual", _("Actual"))
    for value in values:
        if isinstance(value, Point):
            actual.points.append((value.time, value.value))
            actual.labels[value.time] = value.label
        else:
            actual.points.append((value[0], value[1]))
    lines = [actual]
    if verdict.baseline is not None:
        lines.append(
            Series(
                "baseline",
                _("Baseline"),
                [(verdict.baseline.time, verdict.baseline.value)],
                mode="markers",
                marker="square",
                labels={verdict.baseline.time: verdict.baseline.label},
            )
        )
    if verdict.targets:
        lines.append(
            Series(
                "target",
                _("Targets"),
                [(t.time, t.value) for t in verdict.targets],
                mode="markers",
                marker="diamond",
                labels={t.time: t.label for t in verdict.targets},
            )
        )
    path = verdict.required_path()
    if len(path) > 1:
        # Exactly at each target, whatever a rate's floating point gives on the way.
        exact = {point.time: point.value for point in path}
        points = [
            (t, exact.get(t, v))
            for t in _times_between(path[0].time, path[-1].time)
            if _finite(v := verdict.required_value(t))
        ]
        lines.append(
            Series(
                "required",
                _("Required path"),
                points,
                dash="dash",
                mode="lines",
                labels={point.time: point.label for point in path},
            )
        )
    last_target = max((t.time for t in verdict.targets), default=None)
    latest = verdict.latest
    if latest and last_target and verdict.actual_rate is not None and last_target > latest.time:
        projected = [
            (t, v)
            for t in _times_between(latest.time, last_target)
            if _finite(v := verdict.projected_value(t))
        ]
        lines.append(
            Series(
                "projection",
                _("Trend projected"),
                within_reach(projected, [p for line in lines for p in line.points]),
                dash="dot",
                mode="lines",
                labels={latest.time: latest.label},
            )
        )
    return lines


READABLE_MARGIN = 0.5
"""How far past the other lines' range a projected trend is drawn, as a share of it."""


def within_reach(
    projected: list[tuple[float, float]], others: list[tuple[float, float]]
) -> list[tuple[float, float]]:
    """The projected trend up to where it leaves the chart's readable range.

    A trend going the wrong way, extended over ten years, can reach many times the largest
    value and squash every other line into the bottom of the chart. So the trend is drawn
    only within the range of the other lines (values, baseline, targets, required path)
    widened by half its height each way (never below zero for a quantity that was never
    negative), and ends where it crosses that edge. The verdict,
    the summary and the year at this pace still use the whole trend.
    """
    values = [v for _t, v in others]
    if not projected or not values:
        return projected
    low, high = min(values), max(values)
    margin = READABLE_MARGIN * ((high - low) or abs(high) or 1)
    # A quantity that was never negative (emissions, litres, cars) is not drawn below zero.
    low, high = (low - margin if low < 0 else max(0.0, low - margin)), high + margin
    kept = [projected[0]]
    for (t0, v0), (t1, v1) in itertools.pairwise(projected):
        if low <= v1 <= high:
            kept.append((t1, v1))
            continue
        edge = high if v1 > high else low
        if v1 != v0:
            kept.append((t0 + (edge - v0) / (v1 - v0) * (t1 - t0), edge))
        break
    return kept


def _times_between(start: float, end: float) -> list[float]:
    """``start``, each whole year after it and before ``end``, then ``end``."""
    years = [float(y) for y in range(math.floor(start) + 1, math.ceil(end)) if start < y < end]
    return [start, *years, end] if end > start else [start]


def _finite(value) -> bool:
    """A drawable number: not None, not infinite, not the complex power of a negative."""
    return isinstance(value, (int, float)) and math.isfinite(value)


def indicator_figure(
    *,
    unit: str,
    decimals: int,
    verdict: Verdict,
    values: Sequence[Point] | Sequence[tuple[float, float]],
) -> dict:
    """A Plotly figure dict from the first value to the last target year: values,
    baseline, every target, the required path and the trend projected."""
    traces = []
    for line in series_for(verdict, values):
        trace = {
            "type": "scatter",
            "name": line.name,
            "mode": line.mode,
            "x": [round(t, 3) for t, _v in line.points],
            "y": [round(v, decimals + 2) for _t, v in line.points],
            # Each point's own period ("2024", "lokakuu 2026"), never a decimal year cut.
            "text": [line.label_at(t) for t, _v in line.points],
            "line": {"color": COLOURS[line.key], "dash": line.dash, "width": 2.5},
            "marker": {"symbol": line.marker, "size": 9, "color": COLOURS[line.key]},
            "hovertemplate": f"%{{text}}: %{{y:,.{decimals}f}} {unit}<extra>{line.name}</extra>",
        }
        traces.append(trace)
    # Decimal years (31 December of Y stands at Y), as in the SVG charts and the
    # verdict: a date axis would put a year's value on the next year's gridline.
    return _figure(traces, unit, decimals, height=380, legend_y=-0.18)


def _decimal_and_group_separators() -> str:
    """Plotly's ``separators``: the decimal mark then the group mark, per active language."""
    sample = number_format(1234.5, decimal_pos=1, force_grouping=True)
    decimal_mark = sample[-2]
    group_mark = sample[1] if not sample[1].isdigit() else ""
    return decimal_mark + (group_mark or " ")


def chart_table(series: list[Series]) -> tuple[list[str], list[tuple[str, list[float | None]]]]:
    """The chart's numbers as a table: one row per year, one column per line."""
    columns = [line for line in series if line.points]
    by_time: dict[float, list[float | None]] = {}
    for index, line in enumerate(columns):
        for time, value in line.points:
            by_time.setdefault(time, [None] * len(columns))[index] = value
    # Each time's label from the first line that names its period (the actual values).
    labels = {time: label for line in reversed(columns) for time, label in line.labels.items()}
    rows = [
        (labels.get(time) or _time_label(time), values) for time, values in sorted(by_time.items())
    ]
    return [line.name for line in columns], rows


def _time_label(time: float) -> str:
    year = int(time)
    if time == year:
        return str(year)
    return _year_end(time)


# Paul Tol's "muted" scheme and three more of his colours: enough for Syke's main sectors.
# The hover labels, the legend's order (that of the stack) and the data table beside the
# chart tell the components apart without colour.
COMPONENT_COLOURS = (
    "#332288",
    "#88CCEE",
    "#44AA99",
    "#117733",
    "#999933",
    "#DDCC77",
    "#CC6677",
    "#882255",
    "#AA4499",
    "#6699CC",
    "#661100",
    "#888888",
)


def components_figure(parts: Breakdown) -> dict:
    """A Plotly figure dict: the components stacked year by year, the total as a line."""
    total = parts.total
    unit, decimals = total.unit, total.decimals
    hover = f"%{{x:.0f}}: %{{y:,.{decimals}f}} {unit}<extra>%{{fullData.name}}</extra>"
    traces = []
    for index, component in enumerate(parts.components):
        colour = COMPONENT_COLOURS[index % len(COMPONENT_COLOURS)]
        traces.append(
            {
                "type": "scatter",
                "name": str(component.translated("name")),
                "mode": "lines",
                "stackgroup": "components",
                "x": parts.years,
                "y": parts.values_of(component),
                "line": {"color": colour, "width": 0.5},
                "fillcolor": colour,
                "hovertemplate": hover,
            }
        )
    traces.append(
        {
            "type": "scatter",
            "name": str(total.translated("name")),
            "mode": "lines+markers",
            "x": list(parts.total_by_year),
            "y": list(parts.total_by_year.values()),
            "line": {"color": COLOURS["baseline"], "dash": "dot", "width": 2},
            "marker": {"symbol": "circle", "size": 6, "color": COLOURS["baseline"]},
            "hovertemplate": hover,
        }
    )
    return _figure(traces, unit, decimals, height=480, legend_y=-0.15)


def _figure(traces: list[dict], unit: str, decimals: int, *, height: int, legend_y: float):
    """A Plotly figure dict over years, in the active language's number format."""
    return {
        "data": traces,
        "layout": {
            "separators": _decimal_and_group_separators(),
            "margin": {"l": 64, "r": 16, "t": 16, "b": 48},
            "height": height,
            "legend": {"orientation": "h", "y": legend_y, "traceorder": "normal"},
            "xaxis": {
                "type": "linear",
                "tickformat": "d",
                "tickmode": "auto",
                "nticks": 10,
                "title": {"text": ""},
            },
            "yaxis": {
                "title": {"text": unit},
                "rangemode": "tozero",
                # "~": no trailing zeros, so a whole-number axis reads 0, 500, not 0,0, 500,0.
                "tickformat": f",.{min(decimals, 2)}~f",
            },
            "hovermode": "closest",
            "font": {"family": "system-ui, sans-serif", "size": 14},
        },
        "config": {"displaylogo": False, "responsive": True},
    }
