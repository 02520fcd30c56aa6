"""What a rung of the target ladder has achieved: the verdicts of the indicators measuring it.

A goal's indicators are those measuring the goal or any goal beneath it, following both
containment (``parent``) and contribution (``serves``) as its actions do; an indicator
measuring several of those goals counts once. A strategic goal's indicators are those of
the programme goals linked to it, and of every goal beneath them, each once.

The figures themselves are defined in ``indicators.verdicts``: the counts per verdict
(``verdict_counts``) and the outcome summary (``outcome_summary``), the share of the judged
indicators that are achieved or on track, beside how many have no verdict yet. They are
counted from the stored verdicts (``indicators.stored_verdicts``), so the series are read
only for the off-track indicators a page names with their numbers (``shown``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from indicators.verdicts import OutcomeSummary, VerdictKind, outcome_summary, verdict_counts

if TYPE_CHECKING:
    from indicators.models import Indicator

OFF_TRACK_SHOWN = 3
"""Off-track indicators a rung names with their numbers, beside the counts."""

# Worst first: a target missed, then moving away, then too slow (the rules' order reversed).
SEVERITY = (
    VerdictKind.MISSED,
    VerdictKind.WRONG_DIRECTION,
    VerdictKind.LIMITED_PROGRESS,
    VerdictKind.ACCELERATION_NEEDED,
)


@dataclass
class Outcomes:
    """The indicators measuring a rung, in the indicators' own order, each once."""

    indicators: list[Indicator]

    @cached_property
    def counts(self) -> list[tuple[VerdictKind, str, int]]:
        return verdict_counts(indicator.verdict_summary for indicator in self.indicators)

    @cached_property
    def summary(self) -> OutcomeSummary:
        return outcome_summary(indicator.verdict_summary for indicator in self.indicators)

    @cached_property
    def off_track(self) -> list[Indicator]:
        """The off-track indicators, worst first: by verdict, then by the lowest ratio of
        the actual to the required rate."""
        behind = [i for i in self.indicators if i.verdict_summary.kind.is_off_track]
        return sorted(behind, key=_severity)

    def shown(self, limit: int | None = OFF_TRACK_SHOWN) -> list[Indicator]:
        """The worst off-track indicators a page names with their numbers: ``limit`` of
        them, or all with ``None``."""
        return self.off_track if limit is None else self.off_track[:limit]


def _severity(indicator: Indicator) -> tuple[int, float]:
    verdict = indicator.verdict_summary
    ratio = verdict.ratio if verdict.ratio is not None else float("inf")
    return SEVERITY.index(verdict.kind), ratio
