"""A total and its components: area emissions by sector, and whether the sectors add up.

An indicator may name the total its values add up to with its siblings'
(``Indicator.component_of``): road transport, heating, agriculture… add up to the
area's emissions. ``breakdown(total)`` compares them year by year:

1. **Yearly values.** Each indicator's value for a year is the value dated in that year;
   if a series holds several (monthly values), the last one dated in the year.
2. **Which years are checked.** Every year in which the total and at least one component
   have a value. A component without a value in such a year counts as missing from the
   sum, so the year does not add up. Years in which no component has a value (a total
   reported before its sectors were) are not checked.
3. **Rounding.** Each figure may have been rounded to its shown decimals
   (``Indicator.decimals``), so by up to half a unit of its last shown decimal. The
   components' sum can then differ from the total by the sum of those halves, the
   total's own included: with one decimal everywhere and 11 components,
   12 × 0.05 = 0.6 kt CO2e. That is the **tolerance**.
4. **Does not add up.** A year does not add up when |sum of the components − total|
   exceeds the tolerance. The difference is compared after rounding to nine decimals, so
   that floating-point error never pushes a difference exactly at the tolerance over it.
5. **Change since the baseline.** For each component, from its value in the total's
   baseline year (or, without a baseline year or a value in it, from the component's
   first value) to its latest value: in the unit, and in per cent of the base (none
   when the base is zero).
6. **Share of the latest total.** Each component's value in the total's latest year, in
   per cent of the total's value that year (none without a value that year).

Everything is read from ``total.values``, ``total.components`` and each component's
``values``: prefetch ``values`` and ``components__values`` and this costs no queries.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from indicators.models import Indicator

DIFFERENCE_DECIMALS = 9


@dataclass(frozen=True)
class YearCheck:
    """One year's sum of the components against the total."""

    year: int
    total: float
    sum: float
    missing: tuple
    """The components without a value this year."""
    tolerance: float

    @property
    def difference(self) -> float:
        """Sum of the components − total: positive when the components add up to more."""
        return self.sum - self.total

    @property
    def adds_up(self) -> bool:
        return not self.missing and round(abs(self.difference), DIFFERENCE_DECIMALS) <= (
            self.tolerance
        )


@dataclass(frozen=True)
class ComponentChange:
    """One component's change since the baseline and its share of the latest total."""

    indicator: Indicator
    base_year: int
    base_value: float
    latest_year: int
    latest_value: float
    share_percent: float | None
    """Of the total in the total's latest year; ``None`` without a value that year."""

    @property
    def change(self) -> float:
        return self.latest_value - self.base_value

    @property
    def change_percent(self) -> float | None:
        if self.base_value == 0:
            return None
        return self.change / abs(self.base_value) * 100


@dataclass(frozen=True)
class Breakdown:
    total: Indicator
    components: list[Indicator]
    years: list[int]
    """Every year any component has a value in, oldest first: the stacked chart's years."""
    by_year: dict[int, dict[int, float]]
    """Component pk → {year: value}."""
    total_by_year: dict[int, float]
    checks: list[YearCheck]
    changes: list[ComponentChange]
    total_change: ComponentChange | None
    """The total's own change since its baseline, for the table's last row."""
    latest_year: int | None
    """The total's latest year."""
    tolerance: float

    @property
    def mismatches(self) -> list[YearCheck]:
        """The years that do not add up, oldest first."""
        return [check for check in self.checks if not check.adds_up]

    @property
    def largest(self) -> ComponentChange | None:
        """The component with the biggest share of the latest total."""
        shared = [c for c in self.changes if c.share_percent is not None]
        return max(shared, key=lambda c: c.share_percent, default=None)

    @property
    def biggest_change(self) -> ComponentChange | None:
        """The component whose value changed most since the baseline, in the unit."""
        return max(self.changes, key=lambda c: abs(c.change), default=None)

    def values_of(self, component: Indicator) -> list[float | None]:
        """The component's value in each of ``years`` (``None`` where it has none)."""
        values = self.by_year.get(component.pk, {})
        return [values.get(year) for year in self.years]

    def rows(self) -> list[tuple[int, list[float | None], float, float | None]]:
        """The chart's data as a table: per year, each component, their sum and the total."""
        result = []
        for year in self.years:
            values = [self.by_year[c.pk].get(year) for c in self.components]
            present = sum(v for v in values if v is not None)
            result.append((year, values, present, self.total_by_year.get(year)))
        return result


def yearly(values: Iterable[tuple[date, float]]) -> dict[int, float]:
    """``{year: value}``: the value dated in each year, the last dated one if several."""
    result: dict[int, tuple[date, float]] = {}
    for day, value in values:
        if day.year not in result or day >= result[day.year][0]:
            result[day.year] = (day, value)
    return {year: value for year, (_day, value) in sorted(result.items())}


def tolerance(total_decimals: int, component_decimals: Iterable[int]) -> float:
    """Half a unit of the last shown decimal of each figure added, the total's included."""
    return sum(0.5 * 10.0**-d for d in (total_decimals, *component_decimals))


def check_years(
    total: dict[int, float],
    components: dict[Hashable, dict[int, float]],
    allowed: float,
) -> list[YearCheck]:
    """Each year the total and at least one component have a value in, oldest first.

    ``components`` maps each component (an indicator, or any key) to its yearly values.
    """
    checks = []
    for year, value in sorted(total.items()):
        present = {key: series[year] for key, series in components.items() if year in series}
        if not present:
            continue
        missing = tuple(key for key in components if key not in present)
        checks.append(YearCheck(year, value, sum(present.values()), missing, allowed))
    return checks


def breakdown(total: Indicator) -> Breakdown | None:
    """The total's components compared with it, year by year; ``None`` without components."""
    components = list(total.components.all())
    if not components:
        return None
    total_by_year = yearly((v.date, v.value) for v in total.values.all())
    by_year = {c.pk: yearly((v.date, v.value) for v in c.values.all()) for c in components}
    allowed = tolerance(total.decimals, (c.decimals for c in components))
    checks = check_years(total_by_year, {c: by_year[c.pk] for c in components}, allowed)
    latest_year = max(total_by_year, default=None)
    latest_total = total_by_year.get(latest_year)

    def change_of(indicator: Indicator, series: dict[int, float]) -> ComponentChange | None:
        if not series:
            return None
        base_year = total.baseline_year if total.baseline_year in series else min(series)
        latest = max(series)
        share = None
        if latest_year in series and latest_total:
            share = series[latest_year] / latest_total * 100
        return ComponentChange(
            indicator, base_year, series[base_year], latest, series[latest], share
        )

    changes = [change_of(c, by_year[c.pk]) for c in components if by_year[c.pk]]
    years = sorted({year for series in by_year.values() for year in series})
    return Breakdown(
        total=total,
        components=components,
        years=years,
        by_year=by_year,
        total_by_year=total_by_year,
        checks=checks,
        changes=changes,
        total_change=change_of(total, total_by_year),
        latest_year=latest_year,
        tolerance=allowed,
    )
