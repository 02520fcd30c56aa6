"""The overview, assembled in a fixed number of queries whatever the programme's size."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from indicators.headline import Headline, headline_for
from indicators.models import Indicator
from programmes.ladder import Ladder, Rung
from programmes.models import Programme
from programmes.pages import ActionRow, rows_for

KEY_ACTIONS_SHOWN = 30
"""Salo's programme has 23 key actions: all of them fit on the overview."""


def needs_attention(row: ActionRow) -> tuple[bool, bool, bool]:
    """Sorts the late first, then the blocked, then the not updated (False sorts first)."""
    return (not row.late, not row.blocked, not row.stale)


def most_in_need(rows: list[ActionRow], limit: int) -> list[ActionRow]:
    """``rows`` as they are if there are at most ``limit``; otherwise the ``limit`` most in
    need of attention (late, then blocked, then not updated, each in the given order)."""
    if len(rows) <= limit:
        return rows
    return sorted(rows, key=needs_attention)[:limit]


class FlagCounts:
    """Late, stale and blocked counts of ``rows``, the actions with their flags."""

    rows: list[ActionRow]

    @property
    def late_count(self) -> int:
        return sum(row.late for row in self.rows)

    @property
    def stale_count(self) -> int:
        return sum(row.stale for row in self.rows)

    @property
    def blocked_count(self) -> int:
        return sum(row.blocked for row in self.rows)


@dataclass
class GoalCard(FlagCounts):
    """A main goal on the overview: its outcomes first, then its actions and their flags."""

    rung: Rung
    rows: list[ActionRow]
    """The actions beneath the goal, each once, with their flags."""


@dataclass
class Overview(FlagCounts):
    programme: Programme
    today: date
    ladder: Ladder
    rows: list[ActionRow]
    indicators: list[Indicator]
    goal_cards: list[GoalCard] = field(default_factory=list)

    @classmethod
    def build(cls, programme: Programme, today: date, *, with_series: bool = False) -> Overview:
        """The overview as of ``today``; ``with_series=True`` reads every indicator's
        series and every action's owners (a report lists them all), otherwise only the
        series of those the overview charts or names, and no owners (the overview's key
        actions table reads those of the rows it renders)."""
        ladder = Ladder.load(
            programme, with_indicators=True, with_series=with_series, with_owners=with_series
        )
        indicators = ladder.indicators
        headlines = {rung.goal.headline_indicator_id for rung in ladder.top}
        ladder.load_series(  # it names the main goals' worst off-track indicators
            (i for i in indicators if i.is_featured or i.pk in headlines), rungs=ladder.top
        )
        overview = cls(programme, today, ladder, rows_for(ladder.actions, today), indicators)
        row_of = {row.action.pk: row for row in overview.rows}
        for rung in ladder.top:
            rows = [row_of[action.pk] for action in rung.all_actions]
            overview.goal_cards.append(GoalCard(rung, rows))
        return overview

    @cached_property
    def all_key_rows(self) -> list[ActionRow]:
        return [row for row in self.rows if row.action.is_key_action]

    @cached_property
    def key_rows(self) -> list[ActionRow]:
        """The key actions the overview lists: all of them, in the programme's order, up to
        ``KEY_ACTIONS_SHOWN``; beyond that the ones most in need of attention (late, then
        blocked, then not updated, each in the programme's order), and a link to the rest.
        So the page does not grow with a programme of hundreds of key actions."""
        return most_in_need(self.all_key_rows, KEY_ACTIONS_SHOWN)

    @property
    def key_rows_left_out(self) -> int:
        return len(self.all_key_rows) - len(self.key_rows)

    @cached_property
    def goal_headlines(self) -> list[tuple[Rung, Headline]]:
        """Each main goal that names a headline indicator, with the indicator's numbers.

        The headline indicator is usually among the programme's indicators; one that
        measures nothing in it is read in one more query (and its prefetches).
        """
        wanted = {rung.goal.headline_indicator_id for rung in self.ladder.top} - {None}
        found = {indicator.pk: indicator for indicator in self.indicators if indicator.pk in wanted}
        if wanted - found.keys():
            extra = Indicator.objects.filter(pk__in=wanted - found.keys()).with_series()
            found |= {indicator.pk: indicator for indicator in extra}
        return [
            (rung, headline_for(found[rung.goal.headline_indicator_id]))
            for rung in self.ladder.top
            if rung.goal.headline_indicator_id in found
        ]

    @property
    def featured(self) -> list[Indicator]:
        """Featured indicators not already charted in a goal's headline."""
        in_headlines = {headline.indicator.pk for _rung, headline in self.goal_headlines}
        return [
            indicator
            for indicator in self.indicators
            if indicator.is_featured and indicator.pk not in in_headlines
        ]

    @cached_property
    def since_report(self):
        """Statuses and verdicts against the last report the council handled, or ``None``;
        from what the overview has loaded, in one more query."""
        from reports.content import statuses_of, verdicts_of  # reports builds on the dashboard
        from reports.freezing import compare

        current = {
            "statuses": statuses_of(self.ladder.actions),
            "verdicts": verdicts_of(self.indicators),
        }
        return compare(self.programme, current=current)

    @cached_property
    def totals_with_components(self) -> frozenset[int]:
        """The indicators that one of the programme's indicators is a component of: a
        headline among them links to the emissions gap view (no query of its own)."""
        return frozenset(i.component_of_id for i in self.indicators if i.component_of_id)

    @property
    def off_track_count(self) -> int:
        return sum(i.verdict_summary.kind.is_off_track for i in self.indicators)
