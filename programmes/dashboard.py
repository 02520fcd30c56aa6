"""The overview, assembled in a fixed number of queries whatever the programme's size."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from indicators.models import Indicator
from indicators.verdicts import VerdictKind, verdict_counts
from programmes.ladder import Ladder, Rung
from programmes.models import Programme
from programmes.pages import ActionRow, rows_for


@dataclass
class GoalHeadline:
    rung: Rung
    indicators: list[Indicator]

    @property
    def verdict_counts(self) -> list[tuple[VerdictKind, str, int]]:
        return verdict_counts(indicator.verdict for indicator in self.indicators)


@dataclass
class Overview:
    programme: Programme
    today: date
    ladder: Ladder
    rows: list[ActionRow]
    indicators: list[Indicator]
    headlines: list[GoalHeadline] = field(default_factory=list)

    @classmethod
    def build(cls, programme: Programme, today: date) -> Overview:
        ladder = Ladder.load(programme)
        indicators = list(Indicator.objects.for_programme(programme).with_series())
        overview = cls(programme, today, ladder, rows_for(ladder.actions, today), indicators)
        for rung in ladder.top:
            goal_ids = {goal.pk for goal in ladder.goals_beneath(rung)}
            measuring = [
                indicator
                for indicator in indicators
                if any(goal.pk in goal_ids for goal in indicator.goals.all())
            ]
            overview.headlines.append(GoalHeadline(rung, measuring))
        return overview

    @property
    def key_rows(self) -> list[ActionRow]:
        return [row for row in self.rows if row.action.is_key_action]

    @property
    def late_count(self) -> int:
        return sum(row.late for row in self.rows)

    @property
    def stale_count(self) -> int:
        return sum(row.stale for row in self.rows)

    @property
    def blocked_count(self) -> int:
        return sum(row.blocked for row in self.rows)

    @property
    def featured(self) -> list[Indicator]:
        return [indicator for indicator in self.indicators if indicator.is_featured]

    @property
    def off_track_count(self) -> int:
        return sum(indicator.verdict.kind.is_off_track for indicator in self.indicators)
