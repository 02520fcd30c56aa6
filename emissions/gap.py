"""The gap view's content: a programme's emissions goal, its estimates and the figures.

``GapView.build`` reads what the page shows in a fixed number of queries whatever the
programme's size (the ladder's goals and links, the headline indicator with its
components' series, the estimates with their actions, and the ids of the main goal's
actions) and hands plain numbers to ``emissions.impact``, which holds every rule.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date
from functools import cached_property

from django.db.models import Prefetch

from emissions import impact
from emissions.models import ImpactEstimate
from indicators.components import yearly
from indicators.headline import Headline, headline_for
from indicators.models import Indicator, IndicatorValue
from programmes.cache import emissions_scope, indicator_scope, shared_build
from programmes.ladder import (
    ACTION_LEFT_OUT,
    INDICATOR_LEFT_OUT,
    UPDATE_LEFT_OUT,
    Ladder,
    Rung,
)
from programmes.models import Action, ActionStatusUpdate, Programme
from programmes.pages import ActionRow
from programmes.plain_instances import plain_instances

ESTIMATES_SHOWN = 25
"""Estimates listed, and actions given switches, unless the reader asks for all: at ten
times Salo's programme there are 210, more than a reader can weigh in one table."""


@dataclass(frozen=True)
class EstimateRow:
    """An estimate as the table shows it: with its action's flags and what counts."""

    estimate: ImpactEstimate
    row: ActionRow
    realised_share: float
    planned_share: float
    factor: float
    realised: float
    """In the last target year, in the unit (scenario applied)."""
    planned: float

    @property
    def action(self):
        return self.row.action

    @property
    def realisation_percent(self) -> float:
        return self.realised_share * 100

    @property
    def switched_off(self) -> bool:
        return self.factor == 0


@dataclass
class GapView:
    programme: Programme
    today: date
    goal: Rung | None
    indicator: Indicator | None
    estimates: list[ImpactEstimate]
    rows_by_action: dict[int, ActionRow]
    scenario: impact.Scenario
    sort: str = "-impact"

    goal_action_ids: frozenset = frozenset()
    """The actions beneath the main goal (its own and its paths' and focus areas')."""
    show_all: bool = False
    """List every estimate and give every estimated action its switches."""

    @classmethod
    def build(
        cls,
        programme: Programme,
        user,
        today: date,
        scenario: impact.Scenario = impact.DEFAULT,
        sort: str = "-impact",
    ) -> GapView:
        """The view as of ``today`` under ``scenario``. The data are read once in each
        process for the pages built from them (the figures as estimated, and every
        what-if), until they change (``programmes.cache.shared_build``)."""
        view = shared_build(
            ("gap", programme.pk, user.is_authenticated),
            [emissions_scope(programme.pk)],
            lambda: cls._read(programme, user, today),
            stamp=(today,),
        )
        if scenario == impact.DEFAULT and sort == "-impact":
            return view
        return view.with_scenario(scenario, sort)

    @classmethod
    def _read(cls, programme: Programme, user, today: date) -> GapView:
        # The ladder's goals and links only: the actions are read for the estimates.
        ladder = Ladder.load(programme, with_actions=False)
        goal = _emissions_goal(ladder)
        indicator = None
        estimates: list[ImpactEstimate] = []
        goal_action_ids: frozenset = frozenset()
        if goal is not None:
            # What a status update leaves as it was is shared apart until it changes: the
            # headline's and its sectors' series (the headline's scope, which its sectors'
            # values touch too) and the main goal's actions (structure).
            headline_id = goal.goal.headline_indicator_id
            indicator = shared_build(
                ("gap series", headline_id),
                [indicator_scope(headline_id)],
                lambda: cls._read_series(headline_id),
            )
            estimates = _estimates(programme, user, indicator)
            beneath = [g.pk for g in ladder.goals_beneath(goal)]
            goal_action_ids = shared_build(
                ("gap goal's actions", goal.goal.pk, user.is_authenticated),
                [],
                lambda: frozenset(
                    Action.objects.visible_to(user)
                    .filter(programme=programme, goal_id__in=beneath)
                    .values_list("pk", flat=True)
                ),
            )
        rows: dict[int, ActionRow] = {}
        for estimate in estimates:
            if estimate.action_id not in rows:
                rows[estimate.action_id] = ActionRow.of(estimate.action, today)
        return cls(
            programme,
            today,
            goal,
            indicator,
            estimates,
            rows,
            impact.DEFAULT,
            "-impact",
            goal_action_ids,
        )

    @staticmethod
    def _read_series(headline_id: int) -> Indicator:
        """The headline indicator with its series and its sectors' (components') series."""
        return (
            Indicator.objects.with_series()
            .prefetch_related(
                Prefetch(
                    "components",
                    queryset=Indicator.objects.order_by("order", "name").prefetch_related(
                        Prefetch("values", queryset=IndicatorValue.objects.order_by("date"))
                    ),
                )
            )
            .get(pk=headline_id)
        )

    # -- what the rules read ------------------------------------------------------

    @cached_property
    def headline(self) -> Headline | None:
        return headline_for(self.indicator) if self.indicator is not None else None

    @property
    def verdict(self):
        return self.indicator.verdict if self.indicator is not None else None

    @cached_property
    def sectors(self) -> list[Indicator]:
        return list(self.indicator.components.all()) if self.indicator is not None else []

    @cached_property
    def inputs(self) -> list[impact.Estimate]:
        result = []
        for estimate in self.estimates:
            row = self.rows_by_action[estimate.action_id]
            result.append(
                impact.Estimate(
                    key=estimate.pk,
                    action=estimate.action_id,
                    sector=estimate.sector_id,
                    reduction=estimate.annual_reduction,
                    low=estimate.low,
                    high=estimate.high,
                    start_year=estimate.start_year,
                    full_effect_year=estimate.full_effect_year,
                    status=row.action.status,
                    completion_percent=row.action.completion_percent,
                    late=row.late,
                )
            )
        return result

    @property
    def base_year(self) -> int | None:
        verdict = self.verdict
        return verdict.latest.year if verdict is not None and verdict.latest else None

    @property
    def target(self):
        """The last target, which the gap is measured in."""
        verdict = self.verdict
        return verdict.targets[-1] if verdict is not None and verdict.targets else None

    @cached_property
    def is_computable(self) -> bool:
        """A latest value, a last target after it and a trend to extend."""
        verdict = self.verdict
        return (
            verdict is not None
            and verdict.latest is not None
            and self.target is not None
            and self.target.year > verdict.latest.year
            and verdict.projected_value(self.target.time) is not None
        )

    @cached_property
    def path(self) -> impact.ProgrammePath | None:
        if not self.is_computable:
            return None
        return impact.programme_path(
            self.inputs,
            base_year=self.base_year,
            base_value=self.verdict.latest.value,
            end_year=self.target.year,
            scenario=self.scenario,
            sectors=[sector.pk for sector in self.sectors],
            trend=lambda year: self.verdict.projected_value(float(year)),
        )

    @property
    def planned_at_target(self) -> float | None:
        """The planned path's value in the last target year."""
        at = self.path.at(self.target.year) if self.path is not None else None
        return at.planned_path.mid if at is not None else None

    @cached_property
    def latest_by_sector(self) -> dict[int, float]:
        result = {}
        for sector in self.sectors:
            values = yearly((v.date, v.value) for v in sector.values.all())
            if self.base_year in values:
                result[sector.pk] = values[self.base_year]
        return result

    @cached_property
    def coverage(self) -> impact.Coverage | None:
        if self.path is None:
            return None
        verdict = self.verdict
        return impact.coverage(
            self.path,
            target_year=self.target.year,
            target_value=self.target.value,
            trend_value=verdict.projected_value(self.target.time),
            decrease_is_better=verdict.decrease_is_better,
            latest_by_sector=self.latest_by_sector,
        )

    @cached_property
    def sector_rows(self) -> list[tuple[Indicator, impact.SectorCoverage]]:
        if self.coverage is None:
            return []
        by_key = {c.sector: c for c in self.coverage.by_sector}
        return [(s, by_key[s.pk]) for s in self.sectors if s.pk in by_key]

    # -- the table ----------------------------------------------------------------

    @cached_property
    def estimate_rows(self) -> list[EstimateRow]:
        target_year = self.target.year if self.target else None
        base_year = self.base_year
        rows = []
        for estimate, given in zip(self.estimates, self.inputs, strict=True):
            realised = planned = 0.0
            if target_year is not None and base_year is not None:
                realised = impact.new_effect(
                    given, target_year, base_year, "realised", self.scenario
                ).mid
                planned = impact.new_effect(
                    given, target_year, base_year, "planned", self.scenario
                ).mid
            rows.append(
                EstimateRow(
                    estimate,
                    self.rows_by_action[estimate.action_id],
                    impact.realised_share(given.status, given.completion_percent),
                    impact.planned_share(given.status),
                    self.scenario.factor(given),
                    realised,
                    planned,
                )
            )
        if self.sort == "action":
            return rows
        reverse = self.sort == "-impact"
        return sorted(rows, key=lambda r: r.estimate.annual_reduction, reverse=reverse)

    @cached_property
    def shown_estimate_rows(self) -> list[EstimateRow]:
        """The table's rows: the first ``ESTIMATES_SHOWN`` in the order chosen, or all."""
        return self.estimate_rows if self.show_all else self.estimate_rows[:ESTIMATES_SHOWN]

    @property
    def estimate_count(self) -> int:
        return len(self.estimates)

    @cached_property
    def largest_action_ids(self) -> frozenset:
        """The actions of the ``ESTIMATES_SHOWN`` largest estimates, whatever the order
        chosen: those the what-if form gives switches unless the reader asks for all."""
        largest = sorted(self.estimates, key=lambda e: e.annual_reduction, reverse=True)
        return frozenset(e.action_id for e in largest[:ESTIMATES_SHOWN])

    @cached_property
    def estimated_actions(self) -> list:
        """The programme's actions that carry an estimate, each once, in the programme's order."""
        actions = [row.action for row in self.rows_by_action.values()]
        return sorted(actions, key=lambda action: (action.order, action.identifier))

    def with_scenario(
        self, scenario: impact.Scenario, sort: str = "-impact", show_all: bool = False
    ) -> GapView:
        """The same data under another what-if (the figures are computed afresh)."""
        return replace(self, scenario=scenario, sort=sort, show_all=show_all)

    @property
    def goal_action_count(self) -> int:
        return len(self.goal_action_ids)

    @property
    def goal_actions_without_estimate(self) -> int:
        return len(self.goal_action_ids - {estimate.action_id for estimate in self.estimates})

    @cached_property
    def estimates_by_sector(self) -> dict[int, int]:
        counts: dict[int, int] = defaultdict(int)
        for estimate in self.estimates:
            counts[estimate.sector_id] += 1
        return dict(counts)


def _estimates(programme: Programme, user, indicator: Indicator) -> list[ImpactEstimate]:
    """The programme's estimates on the sectors of ``indicator``, in the programme's order,
    with their sectors, actions and the actions' latest updates, read as plain rows
    (``programmes.plain_instances``): at ten times Salo's programme, 210 estimates."""
    estimates = plain_instances(
        ImpactEstimate.objects.visible_to(user)
        .filter(action__programme=programme, sector__component_of=indicator)
        .order_by("action__order", "action__identifier", "sector__order", "pk"),
        related={"sector": INDICATOR_LEFT_OUT, "action": ACTION_LEFT_OUT},
    )
    update_ids = {e.action.latest_update_id for e in estimates} - {None}
    updates = {
        update.pk: update
        for update in plain_instances(
            ActionStatusUpdate.objects.filter(pk__in=update_ids), left_out=UPDATE_LEFT_OUT
        )
    }
    latest = Action._meta.get_field("latest_update")
    for estimate in estimates:
        action = estimate.action
        latest.set_cached_value(action, updates.get(action.latest_update_id))
        action.programme = programme  # the freshness window, without a query each
    return estimates


def _emissions_goal(ladder: Ladder) -> Rung | None:
    """The first main goal whose headline indicator is a total with components."""
    headline_ids = [rung.goal.headline_indicator_id for rung in ladder.top]
    with_components = set(
        Indicator.objects.filter(
            pk__in=[pk for pk in headline_ids if pk], components__isnull=False
        ).values_list("pk", flat=True)
    )
    return next(
        (rung for rung in ladder.top if rung.goal.headline_indicator_id in with_components),
        None,
    )
