"""The gap chart as plain data: history, required path, trend and the programme's path.

``gap_figure`` returns a Plotly figure dict (drawn by ``static/js/charts.js``), and
``gap_table`` the same numbers as rows for the accessible table beside it. The indicator's
own lines (values, targets, required path, trend) come from ``indicators.charts.series_for``,
so they match the indicator's page exactly. On them: the planned path with its
uncertainty band, the realised path, and the planned reductions stacked by sector from the
planned path up to the trend they are taken from, one wedge per sector.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from emissions.impact import ProgrammePath
from indicators.charts import COLOURS, COMPONENT_COLOURS, _figure, points_of, series_for

PLANNED = "#E69F00"
REALISED = "#56B4E9"
BAND = "rgba(230, 159, 0, 0.18)"
HISTORY_YEARS = 10


@dataclass(frozen=True)
class SectorLine:
    key: int
    name: str


def gap_figure(indicator, path: ProgrammePath, sectors: list[SectorLine]) -> dict:
    """A Plotly figure dict of the gap view (see the module docstring)."""
    unit, decimals = indicator.unit, indicator.decimals
    hover = f"%{{x:.0f}}: %{{y:,.{decimals}f}} {unit}<extra>%{{fullData.name}}</extra>"
    traces = []
    years = [y.year for y in path.years]
    # The wedges first, so that the lines are drawn over them.
    traces.append(
        {
            "type": "scatter",
            "name": _("Programme path (planned)"),
            "showlegend": False,
            "hoverinfo": "skip",
            "mode": "lines",
            "stackgroup": "wedges",
            "x": years,
            "y": [round(y.planned_path.mid, decimals + 2) for y in path.years],
            "line": {"width": 0},
            "fillcolor": "rgba(0, 0, 0, 0)",
        }
    )
    for index, sector in enumerate(sectors):
        values = [y.planned.by_sector.get(sector.key) for y in path.years]
        if not any(v is not None and v.mid > 0 for v in values):
            continue  # a sector no action addresses gets no wedge
        colour = COMPONENT_COLOURS[index % len(COMPONENT_COLOURS)]
        traces.append(
            {
                "type": "scatter",
                "name": sector.name,
                "legendgroup": "wedges",
                "legendgrouptitle": {"text": _("Planned reduction by sector")},
                "mode": "lines",
                "stackgroup": "wedges",
                "x": years,
                "y": [round(v.mid if v else 0.0, decimals + 2) for v in values],
                "line": {"color": colour, "width": 0.5},
                "fillcolor": colour,
                "opacity": 0.5,
                "hovertemplate": hover,
            }
        )
    for line in series_for(indicator.verdict, points_of(indicator)):
        if line.key == "baseline":
            continue
        traces.append(
            {
                "type": "scatter",
                "name": line.name,
                "mode": line.mode,
                "x": [round(t, 3) for t, _v in line.points],
                "y": [round(v, decimals + 2) for _t, v in line.points],
                "line": {"color": COLOURS[line.key], "dash": line.dash, "width": 2.5},
                "marker": {"symbol": line.marker, "size": 8, "color": COLOURS[line.key]},
                "hovertemplate": hover,
            }
        )
    traces.append(
        {
            "type": "scatter",
            "name": _("Planned path, low end"),
            "showlegend": False,
            "mode": "lines",
            "x": years,
            "y": [round(y.planned_path.low, decimals + 2) for y in path.years],
            "line": {"color": PLANNED, "width": 0},
            "hovertemplate": hover,
        }
    )
    traces.append(
        {
            "type": "scatter",
            "name": _("Planned path, uncertainty range"),
            "mode": "lines",
            "fill": "tonexty",
            "fillcolor": BAND,
            "x": years,
            "y": [round(y.planned_path.high, decimals + 2) for y in path.years],
            "line": {"color": PLANNED, "width": 0},
            "hovertemplate": hover,
        }
    )
    for name, colour, dash, values in (
        (_("Programme path (planned)"), PLANNED, "solid", [y.planned_path.mid for y in path.years]),
        (
            _("Programme path (realised)"),
            REALISED,
            "dashdot",
            [y.realised_path.mid for y in path.years],
        ),
    ):
        traces.append(
            {
                "type": "scatter",
                "name": name,
                "mode": "lines+markers",
                "x": years,
                "y": [round(v, decimals + 2) for v in values],
                "line": {"color": colour, "dash": dash, "width": 3},
                "marker": {"symbol": "triangle-down", "size": 7, "color": colour},
                "hovertemplate": hover,
            }
        )
    figure = _figure(traces, unit, decimals, height=600, legend_y=-0.12)
    # The years that matter: a decade of history, then the path to the last target.
    figure["layout"]["xaxis"]["range"] = [path.base_year - HISTORY_YEARS, years[-1] + 0.5]
    return figure


def gap_table(indicator, path: ProgrammePath):
    """Per year from the latest value to the last target: the trend, the required path and
    the programme's paths (planned with its range, realised)."""
    verdict = indicator.verdict
    rows = []
    for year in path.years:
        rows.append(
            (
                year.year,
                verdict.projected_value(float(year.year)),
                verdict.required_value(float(year.year)),
                year.planned_path,
                year.realised_path.mid,
            )
        )
    return rows
