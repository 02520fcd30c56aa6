"""Is an indicator on track to its target? The verdict and the numbers behind it.

The rule follows Open SDG and Statistics Canada:

1. The **baseline** is the indicator's baseline (year, value); without one, its first value.
2. The **latest value** is the newest value dated after the baseline year. Without one
   there is *not enough data*.
3. The **target** judged against is the earliest target whose year is after the latest
   value's year; when every target year has passed, the last target.
4. If the latest value already meets that target (at or below it when a decrease is
   better, at or above it when an increase is better), the target is *achieved*.
5. Otherwise two annual rates are compared, both measured from the baseline:

   * the **required** rate, which takes the baseline to the target by the target year;
   * the **actual** rate, which took the baseline to the latest value.

   If the actual rate moves away from the target, or not at all, the indicator is
   *moving the wrong way*. If it is at least the required rate, it is *on track*;
   otherwise it is *progressing too slowly*.

Which rate? A **compound** rate (per cent a year) suits quantities that shrink or grow
in proportion to their size, such as emissions, energy use or counts, and is used when
the unit is not a percentage and the baseline, the latest value and the target are all
above zero. Everything else uses a **linear** rate (units a year): shares in per cent,
whose change is read in percentage points, and any series that reaches or crosses zero,
where a compound rate is undefined (heating oil going to 0 m³).

Time is measured in decimal years: a value dated 31 December of year Y stands at Y, as do
the baseline year and target years, so monthly values fall between whole years.
"""

from __future__ import annotations

import enum
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

from indicators.choices import Direction

PERCENT_UNITS = frozenset({"%", "prosenttia", "percent", "%-yks.", "prosenttiyksikköä"})


class VerdictKind(enum.StrEnum):
    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    TOO_SLOW = "too_slow"
    WRONG_DIRECTION = "wrong_direction"
    NOT_ENOUGH_DATA = "not_enough_data"

    @property
    def label(self) -> str:
        return str(VERDICT_LABELS[self])

    @property
    def is_off_track(self) -> bool:
        return self in (VerdictKind.TOO_SLOW, VerdictKind.WRONG_DIRECTION)


VERDICT_LABELS = {
    VerdictKind.ACHIEVED: _("target achieved"),
    VerdictKind.ON_TRACK: _("on track"),
    VerdictKind.TOO_SLOW: _("progressing too slowly"),
    VerdictKind.WRONG_DIRECTION: _("moving the wrong way"),
    VerdictKind.NOT_ENOUGH_DATA: _("not enough data"),
}


class RateKind(enum.StrEnum):
    COMPOUND = "compound"
    LINEAR = "linear"


@dataclass(frozen=True)
class Point:
    """A value at a decimal-year time."""

    time: float
    value: float


@dataclass(frozen=True)
class Verdict:
    kind: VerdictKind
    decrease_is_better: bool
    baseline: Point | None = None
    latest: Point | None = None
    target: Point | None = None
    rate_kind: RateKind | None = None
    required_rate: float | None = None
    """Per year: a fraction (-0.041 is −4.1 %/yr) when compound, units when linear."""
    actual_rate: float | None = None

    @property
    def label(self) -> str:
        return self.kind.label

    def projected_value(self, time: float) -> float | None:
        """Where the actual rate since the baseline leads by ``time``."""
        if self.baseline is None or self.actual_rate is None:
            return None
        return _extend(self.baseline, self.actual_rate, self.rate_kind, time)

    def required_value(self, time: float) -> float | None:
        """Where the required path from the baseline stands at ``time``."""
        if self.baseline is None or self.required_rate is None:
            return None
        return _extend(self.baseline, self.required_rate, self.rate_kind, time)


def _extend(start: Point, rate: float, kind: RateKind | None, time: float) -> float:
    """Follow ``rate`` from ``start`` to ``time``; a runaway compound growth saturates."""
    years = time - start.time
    if kind is RateKind.COMPOUND:
        try:
            return start.value * (1 + rate) ** years
        except OverflowError:
            return math.copysign(math.inf, start.value)
    return start.value + rate * years


def decimal_year(day: date) -> float:
    """31 December of year Y is Y; 1 January of Y is just after Y − 1."""
    start = date(day.year, 1, 1)
    days_in_year = (date(day.year + 1, 1, 1) - start).days
    return day.year - 1 + ((day - start).days + 1) / days_in_year


def is_percent_unit(unit: str) -> bool:
    return unit.strip().lower() in PERCENT_UNITS


def meets(value: float, target: float, *, decrease_is_better: bool) -> bool:
    return value <= target if decrease_is_better else value >= target


def choose_rate_kind(unit: str, *values: float) -> RateKind:
    if not is_percent_unit(unit) and all(v > 0 for v in values):
        return RateKind.COMPOUND
    return RateKind.LINEAR


def annual_rate(start: Point, end: Point, kind: RateKind) -> float:
    years = end.time - start.time
    if kind is RateKind.COMPOUND:
        return (end.value / start.value) ** (1 / years) - 1
    return (end.value - start.value) / years


def judge(
    *,
    unit: str,
    decrease_is_better: bool,
    baseline: tuple[int, float] | None,
    targets: Iterable[tuple[int, float]],
    values: Iterable[tuple[date, float]],
) -> Verdict:
    """The verdict for one indicator from plain numbers (see the module docstring)."""
    series = sorted((decimal_year(day), value) for day, value in values)
    if not all(math.isfinite(v) for _t, v in series):
        raise ValueError("indicator values must be finite numbers")
    if baseline is not None:
        base = Point(float(baseline[0]), float(baseline[1]))
    elif series:
        base = Point(*series[0])
    else:
        return Verdict(VerdictKind.NOT_ENOUGH_DATA, decrease_is_better)

    later = [Point(t, v) for t, v in series if t > base.time]
    if not later:
        return Verdict(VerdictKind.NOT_ENOUGH_DATA, decrease_is_better, baseline=base)
    latest = later[-1]

    target = _choose_target(sorted(targets), latest.time)
    if target is None or target.time <= base.time:
        return Verdict(VerdictKind.NOT_ENOUGH_DATA, decrease_is_better, base, latest, target)

    kind = choose_rate_kind(unit, base.value, latest.value, target.value)
    try:
        required = annual_rate(base, target, kind)
        actual = annual_rate(base, latest, kind)
    except OverflowError:
        required = actual = math.inf
    if not (math.isfinite(required) and math.isfinite(actual)):
        # A huge ratio (a near-zero baseline, or a fraction of a year): no compound rate
        # is meaningful, so judge the plain change instead.
        kind = RateKind.LINEAR
        required = annual_rate(base, target, kind)
        actual = annual_rate(base, latest, kind)
    common = dict(
        decrease_is_better=decrease_is_better,
        baseline=base,
        latest=latest,
        target=target,
        rate_kind=kind,
        required_rate=required,
        actual_rate=actual,
    )
    if meets(latest.value, target.value, decrease_is_better=decrease_is_better):
        return Verdict(VerdictKind.ACHIEVED, **common)
    # Both rates signed so that a positive number is progress in the better direction.
    sign = -1 if decrease_is_better else 1
    progress, needed = sign * actual, sign * required
    if progress <= 0:
        return Verdict(VerdictKind.WRONG_DIRECTION, **common)
    if progress >= needed:
        return Verdict(VerdictKind.ON_TRACK, **common)
    return Verdict(VerdictKind.TOO_SLOW, **common)


def _choose_target(targets: Sequence[tuple[int, float]], latest_time: float) -> Point | None:
    if not targets:
        return None
    for year, value in targets:
        if year > latest_time:
            return Point(float(year), float(value))
    year, value = targets[-1]
    return Point(float(year), float(value))


def verdict_counts(verdicts: Iterable[Verdict]) -> list[tuple[VerdictKind, str, int]]:
    """``(kind, label, count)`` for each kind of verdict among ``verdicts``, in the rules' order."""
    counts = Counter(verdict.kind for verdict in verdicts)
    return [(kind, kind.label, counts[kind]) for kind in VerdictKind if counts[kind]]


def verdict_for(indicator) -> Verdict:
    """The verdict for an ``Indicator`` whose targets and values are prefetched or fetchable."""
    return judge(
        unit=indicator.unit,
        decrease_is_better=indicator.direction == Direction.DECREASE,
        baseline=(
            (indicator.baseline_year, indicator.baseline_value)
            if indicator.baseline_year is not None
            else None
        ),
        targets=[(t.year, t.value) for t in indicator.targets.all()],
        values=[(v.date, v.value) for v in indicator.values.all()],
    )
