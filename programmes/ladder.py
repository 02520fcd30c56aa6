"""The target ladder of one programme, loaded in a fixed number of queries.

``Ladder.load(programme)`` reads the programme's goals, their links, the strategic goals
they serve and the programme's actions (seven queries, whatever the programme's size) and
answers, in memory, what lies beneath any rung and how far it has got. A goal's actions
are its own and those of every goal beneath it, following both containment (``parent``)
and contribution (``serves``); an action reached along several paths counts once.

``with_indicators=True`` also reads the programme's indicators with their stored verdicts
and the goals each measures (two queries more) and gives every rung its ``outcomes``: the
verdicts of the indicators measuring the goal or any goal beneath it, each counted once
(see ``programmes.outcomes``). The series are read (two queries more) only for the
indicators a page shows with their numbers: ``load_series`` reads those of every rung's
worst off-track indicators and of any others the page names; ``with_series=True`` reads
every indicator's, for a report that lists them all.

A ladder read while a cached fragment is built is shared, in each process, by the
fragments built from the same data: after a status update the overview, the ladder page,
the goal pages and the lists that are rendered afresh read it once, not once each. It is
kept under the generation of its programme's scopes (``programmes.cache.shared_build``),
so the next change reads it afresh; it is kept for ``DASHBOARD_CACHE_SECONDS`` at most,
and only until the dashboard cache is emptied. A page adds the
series and owners it names (``load_series``, ``load_owners``) to the shared ladder; they
are of the same data.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import prefetch_related_objects

from indicators.models import SERIES, Indicator
from programmes.action_rules import Rollup, rollup
from programmes.cache import ACTION, EVERYTHING, outcomes_scope, programme_scope, shared_build
from programmes.models import (
    Action,
    ActionResponsibility,
    GoalNode,
    Programme,
    StrategicGoal,
)
from programmes.outcomes import Outcomes
from programmes.plain_instances import plain_instances, prefetch_plain, set_prefetched


@dataclass
class Rung:
    """A goal node with what lies beneath it."""

    goal: GoalNode
    below: list[Rung] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    all_actions: list[Action] = field(default_factory=list)
    rollup: Rollup | None = None
    outcomes: Outcomes | None = None
    """The verdicts of the indicators measuring the goal or any goal beneath it."""

    @property
    def depth(self) -> int:
        return self.goal.level.depth


@dataclass
class StrategicRung:
    goal: StrategicGoal
    below: list[Rung]
    all_actions: list[Action]
    rollup: Rollup
    outcomes: Outcomes | None = None
    """The verdicts of the indicators measuring its programme goals or any goal beneath."""


class Ladder:
    def __init__(
        self,
        programme: Programme,
        goals: list[GoalNode],
        serves: list[tuple[int, int]],
        strategic_links: list[tuple[int, int]],
        strategic_goals: list[StrategicGoal],
        actions: list[Action],
        indicators: list[Indicator] | None = None,
        measured: Iterable[tuple[int, int]] = (),
    ):
        self.programme = programme
        self.rungs: dict[int, Rung] = {goal.pk: Rung(goal) for goal in goals}
        self.actions = actions
        for action in actions:
            self.rungs[action.goal_id].actions.append(action)
        for goal in goals:  # already in display order
            if goal.parent_id in self.rungs:
                self.rungs[goal.parent_id].below.append(self.rungs[goal.pk])
        for from_id, to_id in serves:
            if from_id in self.rungs and to_id in self.rungs:
                self.rungs[to_id].below.append(self.rungs[from_id])
        for rung in self.rungs.values():
            rung.below.sort(key=lambda r: (r.depth, r.goal.order, r.goal.identifier))
        memo: dict[int, list[Action]] = {}
        for rung in self.rungs.values():
            rung.all_actions = self._collect(rung, memo)
            rung.rollup = rollup(rung.all_actions)

        goals_by_strategic: dict[int, list[Rung]] = defaultdict(list)
        for programme_goal_id, strategic_id in strategic_links:
            if programme_goal_id in self.rungs:
                goals_by_strategic[strategic_id].append(self.rungs[programme_goal_id])
        self.strategic: list[StrategicRung] = []
        for strategic_goal in strategic_goals:
            below = sorted(
                goals_by_strategic.get(strategic_goal.pk, []),
                key=lambda r: (r.depth, r.goal.order, r.goal.identifier),
            )
            beneath = _distinct(a for rung in below for a in rung.all_actions)
            self.strategic.append(StrategicRung(strategic_goal, below, beneath, rollup(beneath)))
        self.indicators = indicators
        self.measured: dict[int, list[int]] = defaultdict(list)
        """The goals each indicator measures, by the indicator's id."""
        for indicator_id, goal_id in measured:
            self.measured[indicator_id].append(goal_id)
        if indicators is not None:
            self._measure(indicators)

    @classmethod
    def load(
        cls,
        programme: Programme,
        *,
        with_actions: bool = True,
        with_indicators: bool = False,
        with_series: bool = False,
        with_owners: bool = True,
    ) -> Ladder:
        """The whole ladder; ``with_actions=False`` reads only the goals and their links,
        ``with_indicators=True`` adds the outcomes of every rung, ``with_series=True``
        every indicator's series too. ``with_owners=False`` leaves out the actions'
        responsible units and contact persons: a page that names few reads theirs with
        ``load_owners``."""
        flags = (with_actions, with_indicators, with_series, with_owners)
        # The goals and their links are structure ("*", which every generation counts);
        # the actions' state and the verdicts have scopes of their own.
        scopes = [programme_scope(programme.pk)] if with_actions else []
        if with_indicators:
            scopes.append(outcomes_scope(programme.pk))
        return shared_build(
            ("ladder", programme.pk, flags),
            scopes,
            lambda: cls._read(programme, *flags),
            # After status updates, the actions they changed are read again, not all.
            refresh=(lambda old, marks: old._refreshed(marks, flags)) if with_actions else None,
        )

    def _refreshed(self, marks: list[str], flags: tuple) -> Ladder | None:
        """This ladder with the actions of the ``action:<id>`` marks read again, after
        changes that leave the structure as it was; ``None`` otherwise."""
        if EVERYTHING in marks:
            return None
        mine = {action.pk for action in self.actions}
        changed = {
            int(scope.removeprefix(ACTION)) for scope in marks if scope.startswith(ACTION)
        } & mine
        fresh = {a.pk: a for a in self._read_actions(self.programme, changed, flags[3])}
        if len(fresh) != len(changed):
            return None  # gone meanwhile: a change of structure, which its mark will say
        actions = [fresh.get(action.pk, action) for action in self.actions]
        return self._read(self.programme, *flags, actions=actions)

    @classmethod
    def _read(
        cls,
        programme: Programme,
        with_actions: bool,
        with_indicators: bool,
        with_series: bool,
        with_owners: bool,
        actions: list[Action] | None = None,
    ) -> Ladder:
        """The ladder read, with ``actions`` as they are given (a refresh) or as read."""
        # What a status update leaves as it was is shared apart, until it changes: the
        # goals and their links (structure) and the indicators with their verdicts
        # (outcomes). After a status update only the actions are read again.
        structure = shared_build(
            ("ladder structure", programme.pk), [], lambda: cls._read_structure(programme)
        )
        if actions is None:
            actions = cls._read_actions(programme, None, with_owners) if with_actions else []
        indicators, measured = None, ()
        if with_indicators or with_series:
            indicators, measured = shared_build(
                ("ladder indicators", programme.pk, with_series),
                [outcomes_scope(programme.pk)],
                lambda: cls._read_indicators(programme, with_series),
            )
        return cls(programme, *structure, actions, indicators, measured)

    @classmethod
    def _read_actions(
        cls, programme: Programme, ids: Iterable[int] | None, with_owners: bool
    ) -> list[Action]:
        """The programme's actions (those of ``ids`` only, if given) in its order, with
        their latest updates (and owners, ``with_owners``)."""
        found = Action.objects.filter(programme=programme)
        if ids is not None:
            ids = list(ids)
            if not ids:
                return []
            found = found.filter(pk__in=ids)
        actions = plain_instances(
            found.order_by("order", "identifier"),
            left_out=ACTION_LEFT_OUT,
            related={"latest_update": UPDATE_LEFT_OUT},
        )
        if with_owners:
            cls.load_owners(actions)
        for action in actions:
            action.programme = programme  # the freshness window, without a query each
        return actions

    @staticmethod
    def _read_structure(programme: Programme) -> tuple[list, list, list, list]:
        """The goals in display order, their serves links, their links to the city
        strategy's goals, and those goals."""
        goals = list(
            GoalNode.objects.filter(programme=programme)
            .select_related("level")
            .order_by("level__depth", "order", "identifier")
        )
        serves = list(
            GoalNode.serves.through.objects.filter(from_goalnode__programme=programme).values_list(
                "from_goalnode_id", "to_goalnode_id"
            )
        )
        strategic_links = list(
            GoalNode.strategic_goals.through.objects.filter(
                goalnode__programme=programme
            ).values_list("goalnode_id", "strategicgoal_id")
        )
        strategic_goals = (
            list(StrategicGoal.objects.filter(strategy_id=programme.strategy_id))
            if programme.strategy_id
            else []
        )
        return goals, serves, strategic_links, strategic_goals

    @staticmethod
    def _read_indicators(programme: Programme, with_series: bool) -> tuple[list, list]:
        """The indicators measuring the programme with their stored verdicts (and their
        series, ``with_series``), and the goals each measures."""
        found = Indicator.objects.for_programme(programme)
        indicators = plain_instances(
            found, left_out=INDICATOR_LEFT_OUT, related={"stored_verdict": ()}
        )
        if with_series:
            prefetch_related_objects(indicators, *SERIES)
        measured = list(
            Indicator.goals.through.objects.filter(
                indicator__in=[i.pk for i in indicators]
            ).values_list("indicator_id", "goalnode_id")
        )
        return indicators, measured

    def load_series(
        self, *others: Iterable[Indicator], rungs: Iterable[Rung | StrategicRung] | None = None
    ) -> None:
        """Read the targets and values of the indicators a page shows with their numbers:
        the worst off-track ones of ``rungs`` (of every rung and strategic goal by
        default), and ``others`` (two queries for them all)."""
        if rungs is None:
            rungs = [*self.rungs.values(), *self.strategic]
        shown = [
            indicator
            for rung in rungs
            if rung.outcomes is not None
            for indicator in rung.outcomes.shown()
        ]
        wanted = {indicator.pk: indicator for group in (shown, *others) for indicator in group}
        prefetch_plain(wanted.values(), "targets", "values")

    @staticmethod
    def load_owners(actions: Iterable[Action]) -> None:
        """Read the responsible units and contact persons of the actions a page names with
        them (two queries for them all), as their prefetched ``responsibilities`` (in
        their order: role, then unit name) and ``contact_persons``."""
        actions = list(actions)
        ids = [action.pk for action in actions]
        responsibilities = defaultdict(list)
        found = ActionResponsibility.objects.filter(action__in=ids)
        for responsibility in plain_instances(found, related={"unit": ()}):
            responsibilities[responsibility.action_id].append(responsibility)
        people = defaultdict(list)
        users: dict[int, object] = {}
        links = Action.contact_persons.through.objects.filter(action__in=ids).order_by("pk")
        for link in plain_instances(links, related={"user": ("password",)}):
            people[link.action_id].append(users.setdefault(link.user_id, link.user))
        for action in actions:
            set_prefetched(action, "responsibilities", responsibilities[action.pk])
            set_prefetched(action, "contact_persons", people[action.pk])

    def measuring(self, goal: GoalNode) -> list[Indicator]:
        """The indicators measuring ``goal`` itself, in the indicators' order."""
        return [i for i in self.indicators or () if goal.pk in self.measured[i.pk]]

    def _measure(self, indicators: list[Indicator]) -> None:
        measuring: dict[int, list[Indicator]] = defaultdict(list)
        for indicator in indicators:  # in the indicators' order, kept within each rung
            for goal_id in self.measured[indicator.pk]:
                measuring[goal_id].append(indicator)
        order = {indicator.pk: n for n, indicator in enumerate(indicators)}

        def outcomes_beneath(rungs: list[Rung]) -> Outcomes:
            goals = {goal.pk for rung in rungs for goal in self.goals_beneath(rung)}
            found = {i.pk: i for pk in goals for i in measuring.get(pk, ())}  # each once
            return Outcomes(sorted(found.values(), key=lambda i: order[i.pk]))

        for rung in self.rungs.values():
            rung.outcomes = outcomes_beneath([rung])
        for strategic in self.strategic:
            strategic.outcomes = outcomes_beneath(strategic.below)

    def _collect(self, rung: Rung, seen: dict[int, list[Action]]) -> list[Action]:
        if rung.goal.pk in seen:
            return seen[rung.goal.pk]
        beneath = [*rung.actions]
        for child in rung.below:
            beneath.extend(self._collect(child, seen))
        seen[rung.goal.pk] = result = _distinct(beneath)
        return result

    @cached_property
    def top(self) -> list[Rung]:
        return [rung for rung in self.rungs.values() if rung.depth == 1]

    @cached_property
    def unlinked_top(self) -> list[Rung]:
        """Top-level goals that serve no strategic goal."""
        linked = {rung.goal.pk for strategic in self.strategic for rung in strategic.below}
        return [rung for rung in self.top if rung.goal.pk not in linked]

    def strategic_above(self, goal: GoalNode) -> list[StrategicRung]:
        """The strategic goals ``goal`` serves, directly or through the goals above it."""
        chain = {goal.pk, *(g.pk for g in self.ancestors(goal))}
        return [s for s in self.strategic if any(r.goal.pk in chain for r in s.below)]

    @cached_property
    def overall(self) -> Rollup:
        return rollup(self.actions)

    def rung(self, goal: GoalNode | int) -> Rung:
        return self.rungs[goal if isinstance(goal, int) else goal.pk]

    def goals_beneath(self, rung: Rung) -> list[GoalNode]:
        """The rung's goal and every goal below it, each once."""
        seen: dict[int, GoalNode] = {}
        stack = [rung]
        while stack:
            current = stack.pop()
            if current.goal.pk not in seen:
                seen[current.goal.pk] = current.goal
                stack.extend(current.below)
        return list(seen.values())

    def ancestors(self, goal: GoalNode) -> list[GoalNode]:
        """Every goal above ``goal`` along parent and serves links, nearest first."""
        above: dict[int, list[int]] = defaultdict(list)
        for rung in self.rungs.values():
            for child in rung.below:
                above[child.goal.pk].append(rung.goal.pk)
        seen: dict[int, GoalNode] = {}
        queue = list(above[goal.pk])
        while queue:
            pk = queue.pop(0)
            if pk not in seen:
                seen[pk] = self.rungs[pk].goal
                queue.extend(above[pk])
        return sorted(seen.values(), key=lambda g: (-g.level.depth, g.order, g.identifier))


# What the ladder's actions and indicators leave out: the long texts no listing shows
# (an action's or indicator's own page reads its description).
ACTION_LEFT_OUT = ("description", "description_sv", "description_en")
UPDATE_LEFT_OUT = ("done", "next_steps", "submission_key")
INDICATOR_LEFT_OUT = ("description", "description_sv", "description_en")


def _distinct(actions) -> list[Action]:
    """Each action once, where it first appears (an action's instance is one per ladder)."""
    return list({action.id: action for action in actions}.values())
