"""Will the programme close the gap? Actions' impact estimates against the emissions path.

An action may carry **impact estimates**: each one the annual reduction on one sector
(a component of an emissions indicator, in its unit, kt CO2e a year) once the measure is
fully in effect, with a low and a high end (low ≤ estimate ≤ high), the year the effect
starts and the year it is fully in effect. The rules, in order:

1. **Ramp.** An estimate's effect in year *y* is nothing before its start year, grows
   linearly from nothing in the start year to the full reduction in the year of full
   effect, and stays full after it: full × (*y* − start) ÷ (full-effect year − start).
   A measure whose start and full-effect years are the same is in full effect from that
   year.
2. **Realisation** follows the action's status: a *completed* or *continuous* action
   counts in full; an action *in progress* counts its completion share (completion % ÷
   100); a *not started* or *postponed* action counts nothing yet; a *cancelled* one
   counts nothing. That is the **realised** figure. The **planned** figure counts every
   action in full except the cancelled ones: what the programme has decided to do.
3. **Nothing counts twice.** The measured latest value already holds whatever effect was
   in place in its year. So the **programme's path** starts from the headline
   indicator's latest value and follows the trend (rule 6): for each later year *y* it
   is the trend's value in *y* minus each estimate's effect in *y* minus its effect in
   the latest value's year (realised or planned, with the same share in both years).
   The path, the gap and the coverage so tell one story: in the last target year the
   planned path lies exactly the uncovered amount from the target. Only estimates on the
   headline indicator's own components count.
4. **Uncertainty.** The same path computed with every estimate's low end and with every
   high end gives the band: the high reductions give the lower edge. Because a ramp and
   a share are never negative, low ≤ estimate ≤ high carries over to the band.
5. **By sector.** Each sector's reduction is the sum over its estimates; the sectors'
   reductions add up to the total reduction exactly, year by year.
6. **The gap** is measured in the last target year: the trend (the verdict's actual
   annual rate since the baseline, extended, as the indicator's page draws it) minus the
   target, positive when the trend misses the target. Impacts are counted on top of the
   trend, as if the trend held without them; where an action only continues what drove
   the trend, its share of the gap is overstated.
7. **Coverage**: the realised and the planned reduction in the last target year, in the
   unit and in per cent of the gap (more than 100 % when the actions would do more than
   needed). **Uncovered**: the gap minus the planned reduction, never below nothing.
8. **Uncovered by sector**: the gap is shared among the sectors in proportion to their
   share of the components' sum in the latest value's year (a sector that emits a fifth
   is given a fifth of the gap). A sector's uncovered part is its share of the gap minus
   the planned reduction on it: negative when its actions do more than its share. The
   sectors' uncovered parts add up to the gap minus the planned reduction.
9. **What if.** A scenario may switch actions off, switch off every late action or
   every action not yet started (status *not started*), and scale any action's
   estimates by a factor from 0 to 200 %. An action switched off counts nothing, in the
   realised or the planned figure. Nothing is saved; the scenario lives in the address.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from programmes.choices import ActionStatus

MAX_SCALE = 2.0
FULL_STATUSES = frozenset({ActionStatus.COMPLETED, ActionStatus.CONTINUOUS})


@dataclass(frozen=True)
class Estimate:
    """One impact estimate with the facts of its action that the rules read."""

    key: Hashable
    action: Hashable
    sector: Hashable
    reduction: float
    """The annual reduction when fully in effect, in the sector's unit."""
    low: float
    high: float
    start_year: int
    full_effect_year: int
    status: str
    completion_percent: int = 0
    late: bool = False

    def __post_init__(self) -> None:
        if not self.low <= self.reduction <= self.high:
            raise ValueError("an estimate needs low ≤ estimate ≤ high")
        if self.full_effect_year < self.start_year:
            raise ValueError("the year of full effect is before the start year")


@dataclass(frozen=True)
class Scenario:
    """What if: actions switched off, and each action's estimates scaled."""

    off: frozenset = frozenset()
    late_off: bool = False
    not_started_off: bool = False
    scale: Mapping[Hashable, float] = field(default_factory=dict)
    """Action → factor, 0 to ``MAX_SCALE`` (1 is the estimate as given)."""

    def factor(self, estimate: Estimate) -> float:
        if estimate.action in self.off:
            return 0.0
        if self.late_off and estimate.late:
            return 0.0
        if self.not_started_off and estimate.status == ActionStatus.NOT_STARTED:
            return 0.0
        factor = self.scale.get(estimate.action, 1.0)
        if not 0 <= factor <= MAX_SCALE:
            raise ValueError("a scale factor lies between 0 and 2")
        return factor

    @property
    def is_default(self) -> bool:
        return not (
            self.off
            or self.late_off
            or self.not_started_off
            or any(f != 1.0 for f in self.scale.values())
        )


DEFAULT = Scenario()


@dataclass(frozen=True)
class Band:
    """A reduction (or a path value) with its uncertainty: low ≤ mid ≤ high."""

    low: float
    mid: float
    high: float

    def __add__(self, other: Band) -> Band:
        return Band(self.low + other.low, self.mid + other.mid, self.high + other.high)

    def below(self, value: float) -> Band:
        """``value`` minus this reduction: the high reduction gives the low edge."""
        return Band(value - self.high, value - self.mid, value - self.low)


ZERO = Band(0.0, 0.0, 0.0)


def ramp(year: int, start_year: int, full_effect_year: int) -> float:
    """The share of the full effect in ``year`` (rule 1): 0 to 1."""
    if year < start_year:
        return 0.0
    if year >= full_effect_year:
        return 1.0
    return (year - start_year) / (full_effect_year - start_year)


def realised_share(status: str, completion_percent: int) -> float:
    """How much of an estimate counts as realised (rule 2)."""
    if status in FULL_STATUSES:
        return 1.0
    if status == ActionStatus.IN_PROGRESS:
        return min(max(completion_percent, 0), 100) / 100
    return 0.0


def planned_share(status: str) -> float:
    """Every decided action counts in full; a cancelled one counts nothing (rule 2)."""
    return 0.0 if status == ActionStatus.CANCELLED else 1.0


def share(estimate: Estimate, kind: str) -> float:
    if kind == "realised":
        return realised_share(estimate.status, estimate.completion_percent)
    return planned_share(estimate.status)


def new_effect(
    estimate: Estimate, year: int, base_year: int, kind: str, scenario: Scenario = DEFAULT
) -> Band:
    """The estimate's effect in ``year`` beyond what was in effect in ``base_year``
    (rule 3), realised or planned, scaled by the scenario."""
    weight = _weight(estimate, year, base_year, share(estimate, kind) * scenario.factor(estimate))
    if weight == 0:
        return ZERO
    return Band(estimate.low * weight, estimate.reduction * weight, estimate.high * weight)


def _weight(estimate: Estimate, year: int, base_year: int, counted: float) -> float:
    """The part of the full reduction that is new in ``year``: the ramp's growth since
    ``base_year`` times the counted share (realisation × scenario factor)."""
    if year <= base_year:
        return 0.0
    return (
        ramp(year, estimate.start_year, estimate.full_effect_year)
        - ramp(base_year, estimate.start_year, estimate.full_effect_year)
    ) * counted


@dataclass(frozen=True)
class Reductions:
    """The reductions of one kind (realised or planned) in one year, total and by sector."""

    total: Band
    by_sector: dict[Hashable, Band]


def reductions(
    estimates: Iterable[Estimate],
    year: int,
    base_year: int,
    kind: str,
    scenario: Scenario = DEFAULT,
    sectors: Iterable[Hashable] = (),
) -> Reductions:
    """Rule 5: each sector's reductions summed, and the total as the sum of the sectors."""
    counted = [(e, share(e, kind) * scenario.factor(e)) for e in estimates]
    return _reductions(counted, year, base_year, sectors)


def _reductions(
    counted: Sequence[tuple[Estimate, float]],
    year: int,
    base_year: int,
    sectors: Iterable[Hashable],
) -> Reductions:
    """``reductions`` with each estimate's counted share worked out once, for a path's
    every year: the sums are the same, added in the same order, as ``new_effect``'s."""
    sums: dict[Hashable, list[float]] = {sector: [0.0, 0.0, 0.0] for sector in sectors}
    for estimate, share_counted in counted:
        acc = sums.setdefault(estimate.sector, [0.0, 0.0, 0.0])
        weight = _weight(estimate, year, base_year, share_counted)
        if weight != 0:
            acc[0] += estimate.low * weight
            acc[1] += estimate.reduction * weight
            acc[2] += estimate.high * weight
    by_sector = {sector: Band(*acc) for sector, acc in sums.items()}
    total = ZERO
    for band in by_sector.values():
        total = total + band
    return Reductions(total, by_sector)


@dataclass(frozen=True)
class PathYear:
    year: int
    realised: Reductions
    planned: Reductions
    realised_path: Band
    """Emissions on the programme's path counting the realised impacts."""
    planned_path: Band


@dataclass(frozen=True)
class ProgrammePath:
    base_year: int
    base_value: float
    years: tuple[PathYear, ...]

    def at(self, year: int) -> PathYear | None:
        return next((y for y in self.years if y.year == year), None)


def programme_path(
    estimates: Sequence[Estimate],
    *,
    base_year: int,
    base_value: float,
    end_year: int,
    scenario: Scenario = DEFAULT,
    sectors: Sequence[Hashable] = (),
    trend: Callable[[int], float] | None = None,
) -> ProgrammePath:
    """The trend (``trend(year)``, or the latest value held level without one) minus the
    new realised and planned impacts, each year from the latest value's year to
    ``end_year`` (rules 3–5)."""
    years = []
    realised_counted = [(e, share(e, "realised") * scenario.factor(e)) for e in estimates]
    planned_counted = [(e, share(e, "planned") * scenario.factor(e)) for e in estimates]
    for year in range(base_year, max(base_year, end_year) + 1):
        realised = _reductions(realised_counted, year, base_year, sectors)
        planned = _reductions(planned_counted, year, base_year, sectors)
        start = trend(year) if trend is not None and year > base_year else base_value
        years.append(
            PathYear(
                year,
                realised,
                planned,
                realised.total.below(start),
                planned.total.below(start),
            )
        )
    return ProgrammePath(base_year, base_value, tuple(years))


@dataclass(frozen=True)
class SectorCoverage:
    sector: Hashable
    share: float
    """Of the components' sum in the latest value's year, 0 to 1."""
    gap_share: float
    realised: float
    planned: float

    @property
    def share_percent(self) -> float:
        return self.share * 100

    @property
    def uncovered(self) -> float:
        """The sector's share of the gap minus its planned reduction (rule 8)."""
        return self.gap_share - self.planned


@dataclass(frozen=True)
class Coverage:
    target_year: int
    target_value: float
    trend_value: float
    gap: float
    """Trend minus target in the target year, positive when the trend misses it (rule 6)."""
    realised: Band
    planned: Band
    by_sector: tuple[SectorCoverage, ...]

    @property
    def has_gap(self) -> bool:
        return self.gap > 0

    def percent(self, amount: float) -> float | None:
        return amount / self.gap * 100 if self.has_gap else None

    @property
    def realised_percent(self) -> float | None:
        return self.percent(self.realised.mid)

    @property
    def planned_percent(self) -> float | None:
        return self.percent(self.planned.mid)

    @property
    def uncovered(self) -> float:
        """The gap minus the planned reduction, never below nothing (rule 7)."""
        return max(self.gap - self.planned.mid, 0.0)

    @property
    def uncovered_percent(self) -> float | None:
        return self.percent(self.uncovered)


def sector_shares(latest_by_sector: Mapping[Hashable, float]) -> dict[Hashable, float]:
    """Each sector's share of the components' sum (rule 8); equal shares if it is nothing."""
    total = sum(latest_by_sector.values())
    if not latest_by_sector:
        return {}
    if total <= 0:
        return {key: 1 / len(latest_by_sector) for key in latest_by_sector}
    return {key: value / total for key, value in latest_by_sector.items()}


def coverage(
    path: ProgrammePath,
    *,
    target_year: int,
    target_value: float,
    trend_value: float,
    decrease_is_better: bool = True,
    latest_by_sector: Mapping[Hashable, float] | None = None,
) -> Coverage:
    """The gap in the target year on the trend, and how much of it the path covers."""
    sign = 1 if decrease_is_better else -1
    gap = sign * (trend_value - target_value)
    at_target = path.at(target_year)
    realised = at_target.realised if at_target else Reductions(ZERO, {})
    planned = at_target.planned if at_target else Reductions(ZERO, {})
    shares = sector_shares(latest_by_sector or {})
    sectors = list(dict.fromkeys([*shares, *planned.by_sector, *realised.by_sector]))
    gap_to_share = max(gap, 0.0)
    by_sector = tuple(
        SectorCoverage(
            sector,
            shares.get(sector, 0.0),
            gap_to_share * shares.get(sector, 0.0),
            realised.by_sector.get(sector, ZERO).mid,
            planned.by_sector.get(sector, ZERO).mid,
        )
        for sector in sectors
    )
    return Coverage(
        target_year,
        target_value,
        trend_value,
        gap,
        realised.total,
        planned.total,
        by_sector,
    )
