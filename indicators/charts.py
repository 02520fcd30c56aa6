"""Indicator charts as plain data.

``indicator_figure`` returns a Plotly figure as a dict, embedded with ``json_script`` and
drawn by ``static/js/charts.js`` (building plotly.py objects per request costs ~5 ms a
figure). ``series_for`` gives the same lines to the server-rendered SVG charts in
``indicators/svg.py`` and to the accessible data tables, so every chart and its table
show the same numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from indicators.verdicts import Verdict

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


def _year_end(time: float) -> str:
    """Decimal year → an ISO date for Plotly's date axis (31 Dec for whole years)."""
    year = int(time)
    if time == year:
        return date(year, 12, 31).isoformat()
    day_of_year = round((time - year) * 365.25)
    return date.fromordinal(date(year, 1, 1).toordinal() + max(0, day_of_year - 1)).isoformat()


def series_for(verdict: Verdict, values: list[tuple[float, float]]) -> list[Series]:
    """The lines of an indicator chart: actual values, baseline, targets, paths.

    Points a runaway projection cannot place (infinite) are left out.
    """
    lines = [Series("actual", _("Actual"), list(values))]
    if verdict.baseline is not None:
        lines.append(
            Series(
                "baseline",
                _("Baseline"),
                [(verdict.baseline.time, verdict.baseline.value)],
                mode="markers",
                marker="square",
            )
        )
    if verdict.target is not None:
        lines.append(
            Series(
                "target",
                _("Target"),
                [(verdict.target.time, verdict.target.value)],
                mode="markers",
                marker="diamond",
            )
        )
    if verdict.baseline and verdict.target and verdict.required_rate is not None:
        start, end = int(verdict.baseline.time), int(verdict.target.time)
        lines.append(
            Series(
                "required",
                _("Required path"),
                [
                    (float(y), v)
                    for y in range(start, end + 1)
                    if math.isfinite(v := verdict.required_value(y))
                ],
                dash="dash",
                mode="lines",
            )
        )
    if verdict.latest and verdict.target and verdict.actual_rate is not None:
        start, end = verdict.latest.time, verdict.target.time
        if end > start:
            years = [start, *[float(y) for y in range(int(start) + 1, int(end) + 1)]]
            lines.append(
                Series(
                    "projection",
                    _("Trend projected"),
                    [(y, v) for y in years if math.isfinite(v := verdict.projected_value(y))],
                    dash="dot",
                    mode="lines",
                )
            )
    return lines


def indicator_figure(
    *, unit: str, decimals: int, verdict: Verdict, values: list[tuple[float, float]]
) -> dict:
    """A Plotly figure dict: values, baseline, targets, required path and projection."""
    traces = []
    for line in series_for(verdict, values):
        trace = {
            "type": "scatter",
            "name": line.name,
            "mode": line.mode,
            "x": [round(t, 3) for t, _v in line.points],
            "y": [round(v, decimals + 2) for _t, v in line.points],
            "line": {"color": COLOURS[line.key], "dash": line.dash, "width": 2.5},
            "marker": {"symbol": line.marker, "size": 9, "color": COLOURS[line.key]},
            "hovertemplate": f"%{{x:.0f}}: %{{y:,.{decimals}f}} {unit}<extra>{line.name}</extra>",
        }
        traces.append(trace)
    return {
        "data": traces,
        "layout": {
            "separators": _decimal_and_group_separators(),
            "margin": {"l": 64, "r": 16, "t": 16, "b": 48},
            "height": 380,
            "legend": {"orientation": "h", "y": -0.18},
            # Decimal years (31 December of Y stands at Y), as in the SVG charts and the
            # verdict: a date axis would put a year's value on the next year's gridline.
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
                "tickformat": f",.{min(decimals, 2)}f",
            },
            "hovermode": "closest",
            "font": {"family": "system-ui, sans-serif", "size": 14},
        },
        "config": {"displaylogo": False, "responsive": True},
    }


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
    rows = [(_time_label(time), values) for time, values in sorted(by_time.items())]
    return [line.name for line in columns], rows


def _time_label(time: float) -> str:
    year = int(time)
    if time == year:
        return str(year)
    return _year_end(time)
