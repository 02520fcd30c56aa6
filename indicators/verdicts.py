"""Is an indicator on track to its targets? The verdict and the numbers behind it.

The rule follows Open SDG and Statistics Canada:

1. **Time.** A yearly value stands at the end of its year, whatever day of the year it is
   dated (31.12.2024 and 1.3.2024 are both the value for 2024); a monthly value at the end
   of its month. Baseline and target years stand at the end of the year. Every label
   (2024, "lokakuu 2026") comes from the value's own date. Of two values for the same
   period, the later-dated one counts.
2. The **baseline** is the indicator's baseline (year, value); without one, its first value.
3. The **latest value** is the newest value after the baseline. Without one there is
   *not enough data*, and so without any target.
4. **Targets whose year the data has reached** (the latest value is for that year or
   later) are judged by the value for that year, or the last one before it (when there
   is none, the first one after it): *achieved* if
   it meets the target (at or below it when a decrease is better, at or above it when
   an increase is better), otherwise *missed*. They stay visible: "2025: 500 targeted,
   420 reached". A target in the same year as the latest value is judged this way.
5. The verdict is against the **next target**, the earliest one the data has not reached.
   If the latest value already meets it, it is *achieved*. When every target has been
   reached by the data, the verdict is the last target's: achieved or missed.
6. Otherwise two annual rates are compared, both measured from the baseline: the
   **required** rate, which takes the baseline to the target by its year, and the
   **actual** rate, which took the baseline to the latest value. Signed so that progress
   in the better direction is positive, their ratio R = actual ÷ required gives
   Statistics Canada's bands: R ≥ 0.95 *on track*; 0.6 ≤ R < 0.95 *progress,
   acceleration needed*; 0 ≤ R < 0.6 *limited progress*; R < 0 *moving the wrong way*.
   R is compared after rounding to six decimals, so that a series lying exactly on the
   required path is on track despite floating-point error. A baseline that already met
   the target, followed by a latest value that does not, is moving the wrong way.
7. Beside the verdict, for each remaining target: the **rate needed from the latest
   value** to reach it by its year (the size of the task ahead), and the year **at this
   pace** (the actual rate since the baseline, extended) reaches it, if ever.

Which rate? Each indicator says (``Indicator.rate_kind``, chosen from its unit when it
is created). A **compound** rate (per cent a year) suits quantities that shrink or grow in
proportion to their size, such as emissions, energy use or counts. A **linear** rate
(units a year) suits shares in per cent, read in percentage points. A series whose
baseline, latest value or target is at or below zero has no compound rate, and is
measured linearly (heating oil going to 0 m³).
"""

from __future__ import annotations

import enum
import itertools
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from indicators.choices import Direction, RateKind, TimeResolution

PERCENT_UNITS = frozenset({"%", "prosenttia", "percent", "%-yks.", "prosenttiyksikköä"})
# Statistics Canada's bands for R = actual rate ÷ required rate.
ON_TRACK_RATIO = 0.95
ACCELERATION_RATIO = 0.6
RATIO_DECIMALS = 6
# "At this pace" further away than this is never, for a reader.
MAX_YEAR = 9999


class VerdictKind(enum.StrEnum):
    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    ACCELERATION_NEEDED = "acceleration_needed"
    LIMITED_PROGRESS = "limited_progress"
    WRONG_DIRECTION = "wrong_direction"
    MISSED = "missed"
    NOT_ENOUGH_DATA = "not_enough_data"

    @property
    def label(self) -> str:
        return str(VERDICT_LABELS[self])

    @property
    def is_off_track(self) -> bool:
        """Behind the required pace, moving away, or a target missed."""
        return self in OFF_TRACK

    @property
    def is_good(self) -> bool:
        """Achieved or on track: what a rung's outcome summary counts."""
        return self in (VerdictKind.ACHIEVED, VerdictKind.ON_TRACK)


OFF_TRACK = frozenset(
    {
        VerdictKind.ACCELERATION_NEEDED,
        VerdictKind.LIMITED_PROGRESS,
        VerdictKind.WRONG_DIRECTION,
        VerdictKind.MISSED,
    }
)

VERDICT_LABELS = {
    VerdictKind.ACHIEVED: _("target achieved"),
    VerdictKind.ON_TRACK: _("on track"),
    VerdictKind.ACCELERATION_NEEDED: _("progress, acceleration needed"),
    VerdictKind.LIMITED_PROGRESS: _("limited progress"),
    VerdictKind.WRONG_DIRECTION: _("moving the wrong way"),
    VerdictKind.MISSED: _("target missed"),
    VerdictKind.NOT_ENOUGH_DATA: _("not enough data"),
}


@dataclass(frozen=True)
class Point:
    """A value at a point in time, with the period it is for."""

    time: float
    value: float
    day: date | None = None
    """The value's own date; ``None`` for a baseline or target given as a year."""
    monthly: bool = False

    @property
    def year(self) -> int:
        return self.day.year if self.day is not None else round(self.time)

    @property
    def label(self) -> str:
        """The period: "2024" for a year, "lokakuu 2026" for a month."""
        if self.monthly and self.day is not None:
            return date_format(self.day, "YEAR_MONTH_FORMAT")
        return str(self.year)


@dataclass(frozen=True)
class JudgedTarget:
    """A target whose year the data has reached: achieved or missed."""

    target: Point
    reached: Point
    achieved: bool


@dataclass(frozen=True)
class Ahead:
    """A remaining target, with the rate needed from the latest value and the pace's year."""

    target: Point
    needed_rate: float | None
    """Per year from the latest value: a fraction when compound, units when linear."""
    year_at_pace: int | None
    """The first year the actual rate since the baseline meets the target; None: never."""
    rate_kind: RateKind | None = None
    """How ``needed_rate`` is measured: linear when the latest value or target is at or
    below zero, otherwise as the verdict measures."""


@dataclass(frozen=True)
class Verdict:
    kind: VerdictKind
    decrease_is_better: bool
    baseline: Point | None = None
    latest: Point | None = None
    target: Point | None = None
    rate_kind: RateKind | None = None
    required_rate: float | None = None
    """Per year from the baseline: a fraction (−0.041 is −4.1 %/yr) when compound, units
    when linear."""
    actual_rate: float | None = None
    ratio: float | None = None
    """R = actual ÷ required, both signed so that progress is positive."""
    judged: tuple[JudgedTarget, ...] = ()
    ahead: tuple[Ahead, ...] = ()
    targets: tuple[Point, ...] = field(default=(), repr=False)

    @property
    def label(self) -> str:
        return self.kind.label

    @property
    def missed(self) -> tuple[JudgedTarget, ...]:
        return tuple(j for j in self.judged if not j.achieved)

    def projected_value(self, time: float) -> float | None:
        """Where the actual rate since the baseline leads by ``time``."""
        if self.baseline is None or self.actual_rate is None:
            return None
        return extend(self.baseline, self.actual_rate, self.rate_kind, time)

    def required_value(self, time: float) -> float | None:
        """Where the required path stands at ``time``: from the baseline to the next
        target, then from target to target; it ends exactly at each target."""
        path = self.required_path()
        if not path:
            return None
        for start, end in itertools.pairwise(path):
            if time <= end.time:
                if time >= end.time:
                    return end.value
                rate = _rate_or_none(start, end, self.rate_kind)
                return None if rate is None else extend(start, rate, self.rate_kind, time)
        return None

    def required_path(self) -> list[Point]:
        """The baseline, then the next target and every later one."""
        if self.baseline is None or self.target is None or self.rate_kind is None:
            return []
        later = [t for t in self.targets if t.time >= self.target.time]
        return [self.baseline, *later]

    def gap(self) -> tuple[float, float | None] | None:
        """How far the latest value is from the required path in its year: in the unit
        (positive: worse than the path) and in per cent of the path's value."""
        if self.latest is None or self.kind is VerdictKind.NOT_ENOUGH_DATA:
            return None
        on_path = self.required_value(self.latest.time)
        if on_path is None:
            return None
        sign = 1 if self.decrease_is_better else -1
        difference = sign * (self.latest.value - on_path)
        percent = difference / abs(on_path) * 100 if on_path else None
        return difference, percent


def extend(start: Point, rate: float, kind: RateKind | None, time: float) -> float:
    """Follow ``rate`` from ``start`` to ``time``; a runaway compound growth saturates."""
    years = time - start.time
    if kind == RateKind.COMPOUND:
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


def period_time(day: date, monthly: bool) -> float:
    """Where a value stands: the end of its year, or of its month for a monthly series."""
    if monthly:
        return day.year - 1 + day.month / 12
    return float(day.year)


def is_percent_unit(unit: str) -> bool:
    return unit.strip().lower() in PERCENT_UNITS


def default_rate_kind(unit: str) -> RateKind:
    """Linear for shares in per cent, compound for everything else."""
    return RateKind.LINEAR if is_percent_unit(unit) else RateKind.COMPOUND


def meets(value: float, target: float, *, decrease_is_better: bool) -> bool:
    return value <= target if decrease_is_better else value >= target


def annual_rate(start: Point, end: Point, kind: RateKind) -> float:
    years = end.time - start.time
    if kind == RateKind.COMPOUND:
        return (end.value / start.value) ** (1 / years) - 1
    return (end.value - start.value) / years


def _rate_or_none(start: Point, end: Point, kind: RateKind | None) -> float | None:
    if end.time <= start.time or kind is None:
        return None
    try:
        rate = annual_rate(start, end, kind)
    except (OverflowError, ZeroDivisionError):
        return None
    return rate if math.isfinite(rate) else None


def year_at_pace(
    start: Point, rate: float, kind: RateKind, target: Point, *, decrease_is_better: bool
) -> int | None:
    """The first whole year in which ``rate`` from ``start`` meets ``target``; None: never."""
    if meets(start.value, target.value, decrease_is_better=decrease_is_better):
        return math.ceil(start.time)
    sign = -1 if decrease_is_better else 1
    if sign * rate <= 0:
        return None
    try:
        if kind == RateKind.COMPOUND:
            if target.value <= 0 or start.value <= 0:
                return None  # a compound rate never reaches zero
            years = math.log(target.value / start.value) / math.log(1 + rate)
        else:
            years = (target.value - start.value) / rate
    except (ValueError, ZeroDivisionError, OverflowError):
        return None  # a rate of −100 % a year, or numbers beyond a float's range
    when = start.time + years
    if not math.isfinite(when) or when > MAX_YEAR:
        return None
    # A year that is only a rounding error past a whole year is that year.
    return math.ceil(round(when, 6))


def judge(
    *,
    rate_kind: RateKind | str,
    decrease_is_better: bool,
    baseline: tuple[int, float] | None,
    targets: Iterable[tuple[int, float]],
    values: Iterable[tuple[date, float]],
    monthly: bool = False,
) -> Verdict:
    """The verdict for one indicator from plain numbers (see the module docstring)."""
    by_period: dict[float, Point] = {}
    for day, value in sorted(values):
        if not math.isfinite(value):
            raise ValueError("indicator values must be finite numbers")
        # Two values for one period (a year, a month): the later-dated one counts.
        point = Point(period_time(day, monthly), value, day, monthly)
        by_period[point.time] = point
    series = sorted(by_period.values(), key=lambda p: p.time)
    goals = tuple(Point(float(year), float(value)) for year, value in sorted(targets))
    if baseline is not None:
        base = Point(float(baseline[0]), float(baseline[1]))
    elif series:
        base = series[0]
    else:
        return Verdict(VerdictKind.NOT_ENOUGH_DATA, decrease_is_better, targets=goals)

    later = [p for p in series if p.time > base.time]
    if not later:
        return Verdict(VerdictKind.NOT_ENOUGH_DATA, decrease_is_better, base, targets=goals)
    latest = later[-1]
    future = [t for t in goals if t.time > base.time]
    if not future:
        return Verdict(VerdictKind.NOT_ENOUGH_DATA, decrease_is_better, base, latest, targets=goals)

    judged = tuple(
        _judge_target(target, later, decrease_is_better)
        for target in future
        if target.time <= latest.time
    )
    remaining = [t for t in future if t.time > latest.time]
    target = remaining[0] if remaining else future[-1]
    kind = RateKind(rate_kind) if rate_kind else RateKind.COMPOUND
    if kind == RateKind.COMPOUND and min(base.value, latest.value, target.value) <= 0:
        kind = RateKind.LINEAR
    required = _rate_or_none(base, target, kind)
    actual = _rate_or_none(base, latest, kind)
    if kind == RateKind.COMPOUND and (required is None or actual is None):
        # A huge ratio (a near-zero baseline): no compound rate is meaningful, so judge
        # the plain change instead.
        kind = RateKind.LINEAR
        required = _rate_or_none(base, target, kind)
        actual = _rate_or_none(base, latest, kind)
    ahead = tuple(_ahead(latest, t, kind, actual, decrease_is_better) for t in remaining)
    common = dict(
        decrease_is_better=decrease_is_better,
        baseline=base,
        latest=latest,
        target=target,
        rate_kind=kind,
        required_rate=required,
        actual_rate=actual,
        judged=judged,
        ahead=ahead,
        targets=goals,
    )
    if not remaining:
        last = judged[-1]
        return Verdict(VerdictKind.ACHIEVED if last.achieved else VerdictKind.MISSED, **common)
    if meets(latest.value, target.value, decrease_is_better=decrease_is_better):
        return Verdict(VerdictKind.ACHIEVED, **common)
    sign = -1 if decrease_is_better else 1
    progress, needed = sign * (actual or 0.0), sign * (required or 0.0)
    if needed <= 0:
        # The baseline already met the target and the latest value no longer does.
        return Verdict(VerdictKind.WRONG_DIRECTION, **common)
    ratio = round(progress / needed, RATIO_DECIMALS)
    return Verdict(band(ratio), **{**common, "ratio": ratio})


def band(ratio: float) -> VerdictKind:
    """Statistics Canada's band for R = actual rate ÷ required rate."""
    if ratio >= ON_TRACK_RATIO:
        return VerdictKind.ON_TRACK
    if ratio >= ACCELERATION_RATIO:
        return VerdictKind.ACCELERATION_NEEDED
    if ratio >= 0:
        return VerdictKind.LIMITED_PROGRESS
    return VerdictKind.WRONG_DIRECTION


def _judge_target(target: Point, later: Sequence[Point], decrease_is_better: bool):
    """The value for the target's year (or the last one before it) against the target."""
    reached = [p for p in later if p.time <= target.time] or [later[0]]
    value = reached[-1]
    return JudgedTarget(
        target, value, meets(value.value, target.value, decrease_is_better=decrease_is_better)
    )


def _ahead(latest: Point, target: Point, kind: RateKind, actual: float | None, decrease: bool):
    pace = (
        year_at_pace(latest, actual, kind, target, decrease_is_better=decrease)
        if actual is not None
        else None
    )
    if kind == RateKind.COMPOUND and min(latest.value, target.value) <= 0:
        kind = RateKind.LINEAR
    return Ahead(target, _rate_or_none(latest, target, kind), pace, kind)


def verdict_counts(verdicts: Iterable[Verdict]) -> list[tuple[VerdictKind, str, int]]:
    """``(kind, label, count)`` for each kind of verdict among ``verdicts``, in the rules' order."""
    counts = Counter(verdict.kind for verdict in verdicts)
    return [(kind, kind.label, counts[kind]) for kind in VerdictKind if counts[kind]]


@dataclass(frozen=True)
class OutcomeSummary:
    """A rung's outcomes: of its indicators with a verdict, how many are achieved or on
    track; and how many have no verdict yet (not enough data)."""

    good: int
    judged: int
    without_verdict: int

    @property
    def share(self) -> float | None:
        """Per cent of the judged indicators that are achieved or on track."""
        return self.good / self.judged * 100 if self.judged else None

    @property
    def total(self) -> int:
        return self.judged + self.without_verdict


def outcome_summary(verdicts: Iterable[Verdict]) -> OutcomeSummary:
    kinds = [verdict.kind for verdict in verdicts]
    without = sum(kind is VerdictKind.NOT_ENOUGH_DATA for kind in kinds)
    return OutcomeSummary(
        good=sum(kind.is_good for kind in kinds),
        judged=len(kinds) - without,
        without_verdict=without,
    )


def verdict_for(indicator) -> Verdict:
    """The verdict for an ``Indicator`` whose targets and values are prefetched or fetchable."""
    return judge(
        rate_kind=indicator.rate_kind or default_rate_kind(indicator.unit),
        decrease_is_better=indicator.direction == Direction.DECREASE,
        baseline=(
            (indicator.baseline_year, indicator.baseline_value)
            if indicator.baseline_year is not None
            else None
        ),
        targets=[(t.year, t.value) for t in indicator.targets.all()],
        values=[(v.date, v.value) for v in indicator.values.all()],
        monthly=indicator.time_resolution == TimeResolution.MONTHLY,
    )
