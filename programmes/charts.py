"""Programme charts as plain Plotly figure dicts (drawn by static/js/charts.js)."""

from __future__ import annotations

from django.utils.translation import gettext as _

SERIES = [
    ("late", "#D55E00", ""),
    ("stale", "#E69F00", "/"),
    ("blocked", "#CC79A7", "x"),
    ("off_track", "#0072B2", "."),
]


def bottleneck_summary_figure(rows) -> dict:
    """Horizontal stacked bars: late, stale, blocked and off-track per unit or path.

    Each series has its own fill pattern as well as its colour, so the bars can be told
    apart without colour; the numbers are in the table next to the chart.
    """
    labels = {
        "late": _("Late"),
        "stale": _("Stale"),
        "blocked": _("Bottleneck"),
        "off_track": _("Off-track indicators"),
    }
    names = [row.label for row in rows]
    data = [
        {
            "type": "bar",
            "orientation": "h",
            "name": labels[key],
            "y": names,
            "x": [getattr(row, key) for row in rows],
            "marker": {"color": colour, "pattern": {"shape": pattern}},
            "hovertemplate": f"%{{y}}: %{{x}} <extra>{labels[key]}</extra>",
        }
        for key, colour, pattern in SERIES
    ]
    return {
        "data": data,
        "layout": {
            "barmode": "stack",
            "bargap": 0.35,
            "height": max(240, 30 * len(rows) + 110),
            "margin": {"l": 260, "r": 16, "t": 8, "b": 40},
            "legend": {"orientation": "h", "y": -0.12 if len(rows) > 6 else -0.25},
            "xaxis": {"title": {"text": _("Number")}, "dtick": 1, "rangemode": "tozero"},
            "yaxis": {"autorange": "reversed", "automargin": True},
            "font": {"family": "system-ui, sans-serif", "size": 13},
        },
        "config": {"displaylogo": False, "responsive": True},
    }
