"""A main goal's headline: its headline indicator against the path to every target.

The overview answers "is Salo on its way?" with these numbers, all taken from the
indicator's verdict (``indicators.verdicts``) and phrased by ``indicators.formatting``,
so they are rounded, never cut off:

- the **latest value** with its period;
- **every target** with its year: those the data has reached as achieved or missed
  ("2025: 500 targeted, 420 reached"), the rest as ahead;
- the **gap**: how far the latest value is from where the required path stands in that
  year, in the unit and in per cent of the path's value; positive is behind the path;
- for each target ahead, the **rate needed from now** (from the latest value to the
  target by its year) beside the **rate since the baseline** the verdict uses;
- for each target ahead, the year the trend since the baseline reaches it **at this
  pace**, or none when it never does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from indicators import formatting
from indicators.choices import RateKind
from indicators.verdicts import Point, Verdict

if TYPE_CHECKING:
    from indicators.models import Indicator


@dataclass(frozen=True)
class HeadlineTarget:
    """One target of the headline indicator, whether reached, missed or ahead."""

    target: Point
    indicator: Indicator = field(repr=False)
    reached: Point | None = None
    """The value it was judged by, once the data has reached its year."""
    achieved: bool | None = None
    """``None`` while the target lies ahead."""
    needed_rate: float | None = None
    """Per year from the latest value, for a target ahead."""
    rate_kind: RateKind | None = None
    year_at_pace: int | None = None
    """For a target ahead: the year the trend reaches it; ``None``: not at this pace."""

    @property
    def is_ahead(self) -> bool:
        return self.achieved is None

    @property
    def is_missed(self) -> bool:
        return self.achieved is False

    @property
    def value_text(self) -> str:
        return formatting.in_unit(self.target.value, self.indicator)

    @property
    def reached_text(self) -> str:
        return formatting.in_unit(self.reached.value if self.reached else None, self.indicator)

    @property
    def needed_rate_text(self) -> str:
        if self.needed_rate is None:
            return "–"
        return formatting.rate_text(self.needed_rate, self.rate_kind, self.indicator)


@dataclass(frozen=True)
class Headline:
    indicator: Indicator
    verdict: Verdict
    targets: tuple[HeadlineTarget, ...]
    gap: float | None
    """In the unit: positive when the latest value is behind the required path."""
    gap_percent: float | None
    """The gap in per cent of the required path's value in the latest value's year."""

    @property
    def latest(self) -> Point | None:
        return self.verdict.latest

    @property
    def final(self) -> HeadlineTarget | None:
        """The last target, which answers the goal's question (carbon neutral by 2035?)."""
        return self.targets[-1] if self.targets else None

    @property
    def final_years_late(self) -> int | None:
        """How many years after its year the trend reaches the last target; None if
        never, or if the target is not ahead."""
        final = self.final
        if final is None or not final.is_ahead or final.year_at_pace is None:
            return None
        return max(0, final.year_at_pace - final.target.year)

    @property
    def latest_text(self) -> str:
        return formatting.in_unit(self.latest.value if self.latest else None, self.indicator)

    @property
    def is_behind(self) -> bool:
        return self.gap is not None and not self.is_on_path and self.gap > 0

    @property
    def is_on_path(self) -> bool:
        """The gap rounds to nothing in the indicator's decimals."""
        return self.gap is not None and formatting.rounded(self.gap, self.indicator.decimals) == 0

    @property
    def gap_text(self) -> str:
        """The gap's size in the unit; whether behind or ahead is said in words."""
        return formatting.in_unit(abs(self.gap) if self.gap is not None else None, self.indicator)

    @property
    def gap_percent_text(self) -> str:
        if self.gap_percent is None:
            return ""
        return f"{formatting.number(abs(self.gap_percent), 1)}\u00a0%"

    @property
    def rate_since_baseline_text(self) -> str:
        """The actual annual rate since the baseline, which the verdict compares."""
        return formatting.rate(self.verdict, "actual", self.indicator)


def headline_for(indicator: Indicator, verdict: Verdict | None = None) -> Headline:
    """The headline numbers of ``indicator`` (its own verdict unless one is given)."""
    verdict = verdict if verdict is not None else indicator.verdict
    judged = {j.target.time: j for j in verdict.judged}
    ahead = {a.target.time: a for a in verdict.ahead}
    rows = []
    for target in verdict.targets:
        if target.time in judged:
            j = judged[target.time]
            rows.append(HeadlineTarget(target, indicator, reached=j.reached, achieved=j.achieved))
        elif target.time in ahead:
            a = ahead[target.time]
            rows.append(
                HeadlineTarget(
                    target,
                    indicator,
                    needed_rate=a.needed_rate,
                    rate_kind=a.rate_kind,
                    year_at_pace=a.year_at_pace,
                )
            )
        # A target at or before the baseline is neither judged nor ahead: not a headline's.
    gap = verdict.gap()
    return Headline(
        indicator,
        verdict,
        tuple(rows),
        gap=gap[0] if gap else None,
        gap_percent=gap[1] if gap else None,
    )
