"""Small charts drawn on the server as SVG: no JavaScript, readable when printed.

Used on the overview and in lists, where loading plotly.js (1.5 MB gzipped) for a few
small charts would be out of proportion. Each chart is an ``<svg role="img">`` labelled
by its caption; the numbers are in a data table next to it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from indicators.charts import COLOURS, COMPONENT_COLOURS, Series

DASHES = {"solid": "", "dash": "6 4", "dot": "2 4"}


@dataclass(frozen=True)
class Box:
    """The drawing's own units: the page scales them to the chart's width.

    Text is ``font`` units high, so on the page it is ``font`` × the chart's width on
    screen ÷ ``width`` pixels: a box near the width it is shown at keeps its text readable.
    """

    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    font: int = 12
    max_year_ticks: int = 8

    @property
    def inner_width(self) -> int:
        return self.width - self.left - self.right

    @property
    def inner_height(self) -> int:
        return self.height - self.top - self.bottom


WIDE = Box(width=640, height=260, left=64, right=24, top=12, bottom=38, font=14)
"""A chart across a page or a wide card, shown at about 600–900 px."""
COMPACT = Box(
    width=360, height=250, left=72, right=26, top=12, bottom=40, font=16, max_year_ticks=5
)
"""A chart in a grid of charts or on a phone, shown at about 250–400 px: its text is
16 units, at least 11 px at 250 px wide."""


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high]."""
    if high <= low:
        high = low + 1
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(low / step) * step
    stop = math.ceil(high / step) * step  # the top tick covers the highest value
    ticks, value = [], start
    while value <= stop + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    return ticks


def line_chart(
    series: list[Series],
    *,
    labelledby: str,
    unit: str,
    decimals: int = 0,
    box: Box = COMPACT,
    css_class: str = "",
) -> SafeString:
    points = [p for s in series for p in s.points]
    if not points:
        return mark_safe("")
    x_low, x_high = min(t for t, _v in points), max(t for t, _v in points)
    y_ticks = nice_ticks(min(0.0, *(v for _t, v in points)), max(v for _t, v in points))
    y_low, y_high = y_ticks[0], y_ticks[-1]
    x_span = (x_high - x_low) or 1
    y_span = (y_high - y_low) or 1

    def x(t: float) -> float:
        return box.left + (t - x_low) / x_span * box.inner_width

    def y(v: float) -> float:
        return box.top + (1 - (v - y_low) / y_span) * box.inner_height

    legend, height = _legend(series, box)
    parts = _frame(box, height, labelledby, css_class, y_ticks, x, y, (x_low, x_high), unit)
    for line in series:
        parts.extend(_series(line, x, y))
    parts.append(legend)
    parts.append("</svg>")
    return mark_safe("".join(parts))


@dataclass(frozen=True)
class Layer:
    """One band of a stacked chart: a component's value in each of the chart's years."""

    name: str
    colour: str
    values: list[float | None]


def stacked_chart(
    years: list[int],
    layers: list[Layer],
    total: Series | None,
    *,
    labelledby: str,
    unit: str,
    box: Box = WIDE,
    css_class: str = "",
) -> SafeString:
    """The layers stacked year by year as filled bands (a year without a value adds
    nothing to its band), with ``total`` as a line over them: the drawing Plotly's
    stacked chart replaces, and the one shown without JavaScript."""
    if not years or not layers:
        return mark_safe("")
    tops = [0.0] * len(years)
    bands = []
    for layer in layers:
        bottoms = list(tops)
        tops = [t + (v or 0.0) for t, v in zip(tops, layer.values, strict=True)]
        bands.append((layer, bottoms, tops))
    highest = max([*tops, *(v for _t, v in (total.points if total else []))])
    y_ticks = nice_ticks(0.0, highest)
    y_high = y_ticks[-1] or 1
    x_low, x_high = years[0], years[-1]
    x_span = (x_high - x_low) or 1

    def x(t: float) -> float:
        return box.left + (t - x_low) / x_span * box.inner_width

    def y(v: float) -> float:
        return box.top + (1 - v / y_high) * box.inner_height

    legend_series = [Series("baseline", layer.name, mode="lines") for layer in layers]
    if total is not None:
        legend_series.append(total)
    # The legend's rows start at the drawing's edge: a phone's drawing is narrow.
    colours = [layer.colour for layer in layers]
    legend, height = _legend(legend_series, box, colours=colours, left=box.font // 2)
    parts = _frame(box, height, labelledby, css_class, y_ticks, x, y, (x_low, x_high), unit)
    for layer, bottoms, band_tops in bands:
        upper = [f"{x(t):.1f},{y(v):.1f}" for t, v in zip(years, band_tops, strict=True)]
        lower = [f"{x(t):.1f},{y(v):.1f}" for t, v in zip(years, bottoms, strict=True)]
        points = " ".join([*upper, *reversed(lower)])
        parts.append(f'<polygon fill="{layer.colour}" stroke="{layer.colour}" points="{points}"/>')
    if total is not None:
        parts.extend(_series(total, x, y, width=2))
    parts.append(legend)
    parts.append("</svg>")
    return mark_safe("".join(parts))


def components_drawing(parts, *, labelledby: str) -> SafeString:
    """A total's components (``indicators.components.Breakdown``) stacked, with the total
    as a dotted line: the wide drawing and the compact one for phones, as CSS picks."""
    layers = [
        Layer(
            str(component.translated("name")),
            COMPONENT_COLOURS[index % len(COMPONENT_COLOURS)],
            parts.values_of(component),
        )
        for index, component in enumerate(parts.components)
    ]
    total = Series(
        "baseline",
        str(parts.total.translated("name")),
        points=[(float(year), value) for year, value in parts.total_by_year.items()],
        dash="dot",
    )
    tall = Box(width=640, height=340, left=64, right=24, top=12, bottom=38, font=14)
    # Wider than COMPACT: a legend row holds a long name such as Salo's total's.
    narrow = Box(width=440, height=280, left=72, right=26, top=12, bottom=40, font=16)
    return mark_safe(
        "".join(
            stacked_chart(
                parts.years,
                layers,
                total,
                labelledby=labelledby,
                unit=parts.total.unit,
                box=box,
                css_class=css_class,
            )
            for box, css_class in ((tall, "chart-wide"), (narrow, "chart-compact"))
        )
    )


def _series(line: Series, x, y, width: float = 2.5) -> list[str]:
    """A series as its line (if its mode has lines and it has two points or more) and its
    markers (if its mode has markers)."""
    colour = COLOURS[line.key]
    parts = []
    if "lines" in line.mode and len(line.points) > 1:
        coords = " ".join(f"{x(t):.1f},{y(v):.1f}" for t, v in line.points)
        dash = DASHES[line.dash]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<polyline fill="none" stroke="{colour}" stroke-width="{width:g}"{dash_attr} '
            f'points="{coords}"/>'
        )
    if "markers" in line.mode:
        parts.extend(_marker(line.marker, x(t), y(v), colour) for t, v in line.points)
    return parts


def _frame(box, height, labelledby, css_class, y_ticks, x, y, years, unit) -> list[str]:
    """The drawing's opening tag, its grid with the value ticks, the year ticks and the
    unit's title: what every chart over years draws before its data."""
    classes = f"chart-svg {css_class}".strip()
    parts = [
        f'<svg class="{classes}" viewBox="0 0 {box.width} {height}" role="img" '
        f'font-size="{box.font}" aria-labelledby="{escape(labelledby)}" '
        'preserveAspectRatio="xMidYMid meet">'
    ]
    tick_decimals = _tick_decimals(y_ticks)
    for tick in y_ticks:
        label = number_format(tick, decimal_pos=tick_decimals, force_grouping=True)
        parts.append(
            f'<line class="grid" x1="{box.left}" x2="{box.width - box.right}" '
            f'y1="{y(tick):.1f}" y2="{y(tick):.1f}"/>'
            f'<text class="tick" x="{box.left - 6}" y="{y(tick) + box.font / 3:.1f}" '
            f'text-anchor="end">{escape(label)}</text>'
        )
    for year in _year_ticks(*years, box.max_year_ticks):
        parts.append(
            f'<text class="tick" x="{x(year):.1f}" y="{box.height - box.bottom + box.font * 1.5}" '
            f'text-anchor="middle">{year}</text>'
        )
    parts.append(
        f'<text class="axis-title" x="{box.font}" y="{box.top + box.inner_height / 2:.1f}" '
        f'transform="rotate(-90 {box.font} {box.top + box.inner_height / 2:.1f})" '
        f'text-anchor="middle">{escape(unit)}</text>'
    )
    return parts


def _tick_decimals(ticks: list[float]) -> int:
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1
    return 0 if step >= 1 else min(3, -math.floor(math.log10(step)))


def _year_ticks(low: float, high: float, most: int = 8) -> list[int]:
    first, last = math.ceil(low), math.floor(high)
    span = max(1, last - first)
    step = next((s for s in (1, 2, 5, 10, 20, 25, 50) if span / s <= most), 100)
    return [year for year in range(first, last + 1) if (year - first) % step == 0]


def _marker(shape: str, cx: float, cy: float, colour: str) -> str:
    if shape == "square":
        return f'<rect x="{cx - 4:.1f}" y="{cy - 4:.1f}" width="8" height="8" fill="{colour}"/>'
    if shape == "diamond":
        return (
            f'<polygon points="{cx:.1f},{cy - 6:.1f} {cx + 6:.1f},{cy:.1f} {cx:.1f},{cy + 6:.1f} '
            f'{cx - 6:.1f},{cy:.1f}" fill="{colour}"/>'
        )
    return f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="3.5" fill="{colour}"/>'


def _legend(
    series: list[Series], box: Box, colours: list[str] | None = None, left: int | None = None
) -> tuple[str, int]:
    """Below the plot, wrapping onto a new row before it would run past the edge; and the
    drawing's height with every row in it. ``colours`` are those of the first series, if
    given (a stacked chart's bands), drawn as filled squares; ``left``, where each row
    starts (under the plot by default)."""
    start = box.left if left is None else left
    parts, offset = ['<g class="legend" aria-hidden="true">'], start
    row_height = round(box.font * 1.5)
    baseline = box.height - box.bottom + box.font * 1.5 + row_height
    char_width = box.font * 0.6  # a system sans-serif's average letter
    colours = colours or []
    for index, line in enumerate(series):
        width = round(box.font * 3.3 + char_width * len(line.name))
        if offset + width > box.width and offset > start:
            offset, baseline = start, baseline + row_height
        colour = colours[index] if index < len(colours) else COLOURS[line.key]
        middle = baseline - box.font / 3
        if index < len(colours):
            parts.append(
                f'<rect x="{offset + 4}" y="{middle - 7:.1f}" width="14" height="14" '
                f'fill="{colour}"/>'
            )
        elif "lines" in line.mode:
            dash = DASHES[line.dash]
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            parts.append(
                f'<line x1="{offset}" x2="{offset + 22}" y1="{middle:.1f}" y2="{middle:.1f}" '
                f'stroke="{colour}" stroke-width="2.5"{dash_attr}/>'
            )
        else:
            parts.append(_marker(line.marker, offset + 11, middle, colour))
        parts.append(f'<text x="{offset + 27}" y="{baseline:.1f}">{escape(line.name)}</text>')
        offset += width
    parts.append("</g>")
    return "".join(parts), max(box.height, math.ceil(baseline + box.font / 2))


def sparkline(
    points: list[tuple[float, float]], *, width: int = 120, height: int = 32
) -> SafeString:
    """A tiny trend line for tables; decorative, since the row states the numbers."""
    if len(points) < 2:
        return mark_safe("")
    times = [t for t, _v in points]
    values = [v for _t, v in points]
    t_low, t_span = min(times), (max(times) - min(times)) or 1
    v_low, v_span = min(values), (max(values) - min(values)) or 1
    xy = [
        (2 + (t - t_low) / t_span * (width - 4), height - 2 - (v - v_low) / v_span * (height - 4))
        for t, v in points
    ]
    coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in xy)
    last_x, last_y = (f"{c:.1f}" for c in xy[-1])
    return mark_safe(
        f'<svg class="sparkline" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'aria-hidden="true" focusable="false"><polyline fill="none" stroke="{COLOURS["actual"]}" '
        f'stroke-width="2" points="{coords}"/><circle cx="{last_x}" cy="{last_y}" r="2.5" '
        f'fill="{COLOURS["actual"]}"/></svg>'
    )
