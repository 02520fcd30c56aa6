"""What the API says about each object: open data, so never an internal note, and the
names of people only to logged-in readers.

Every object carries the database id as ``id`` (stable: ids are never reused) and, where
the programme has one, its own identifier (``identifier``, a programme's ``slug``).
Links between objects are ids.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.utils import timezone
from ninja import Field, Schema

from accounts.people import display_name
from indicators.choices import Direction, RateKind, TimeResolution
from indicators.verdicts import VerdictKind
from programmes.access import may_see_names
from programmes.action_rules import Freshness
from programmes.choices import ActionStatus, BottleneckCategory, ResponsibilityRole
from programmes.models import Programme

ProgrammeStatus = Literal[tuple(Programme.Status.values)]
ActionStatusCode = Literal[tuple(ActionStatus.values)]
Bottleneck = Literal[("", *BottleneckCategory.values)]


class StrategyOut(Schema):
    id: int
    name: str


class LevelOut(Schema):
    depth: int = Field(description="1 is the top level.")
    name: str
    name_plural: str


class ProgrammeOut(Schema):
    id: int
    slug: str = Field(description="The programme's short name in addresses.")
    name: str
    description: str
    start_year: int
    end_year: int
    status: ProgrammeStatus
    approved_on: dt.date | None
    approved_by: str
    strategy: StrategyOut | None
    levels: list[LevelOut] = Field(description="The programme's own names of its goal levels.")


class StrategicGoalOut(Schema):
    id: int
    identifier: str
    name: str


class GoalOut(Schema):
    id: int
    programme: int
    identifier: str
    name: str
    description: str
    target_state: str
    target_state_year: int | None
    level: LevelOut
    parent: int | None = Field(description="The goal this one is part of (containment).")
    serves: list[int] = Field(description="Higher goals this one contributes to.")
    strategic_goals: list[StrategicGoalOut] = Field(
        description="The city strategy's goals this one serves."
    )
    headline_indicator: int | None

    @staticmethod
    def resolve_programme(obj) -> int:
        return obj.programme_id

    @staticmethod
    def resolve_parent(obj) -> int | None:
        return obj.parent_id

    @staticmethod
    def resolve_serves(obj) -> list[int]:
        return [goal.pk for goal in obj.serves.all()]

    @staticmethod
    def resolve_headline_indicator(obj) -> int | None:
        return obj.headline_indicator_id


class ResponsibilityOut(Schema):
    id: int = Field(description="The unit's id.")
    name: str
    role: Literal[tuple(ResponsibilityRole.values)]


class StatusUpdateOut(Schema):
    created_at: dt.datetime
    status: ActionStatusCode
    completion_percent: int
    done: str
    bottleneck_category: Bottleneck
    bottleneck: str
    next_steps: str


class ImpactEstimateOut(Schema):
    id: int
    sector: int = Field(description="The sector indicator (a component of an emissions total).")
    annual_reduction: float = Field(
        description="The annual reduction when fully in effect, in the sector's unit a year."
    )
    low: float
    high: float
    start_year: int
    full_effect_year: int = Field(description="The effect grows linearly from the start year.")
    method: str
    estimated_by: str | None = Field(
        description="Who estimated it, for logged-in readers only; null for the public."
    )
    estimated_on: dt.date

    @staticmethod
    def resolve_sector(obj) -> int:
        return obj.sector_id

    @staticmethod
    def resolve_estimated_by(obj, context) -> str | None:
        return obj.estimated_by if may_see_names(context["request"].user) else None


class ActionOut(Schema):
    id: int
    programme: int
    goal: int = Field(description="The path or focus area the action belongs to.")
    identifier: str
    name: str
    description: str
    is_key_action: bool
    start_date: dt.date | None
    end_date: dt.date | None
    is_continuous: bool
    status: ActionStatusCode
    completion_percent: int
    late: bool = Field(description="Past its end date and neither completed nor cancelled.")
    stale: bool = Field(description="Open, and no status update within the staleness window.")
    last_update_at: dt.datetime | None
    units: list[ResponsibilityOut] = Field(
        description="The responsible units; the primary one answers for the action."
    )
    contact_persons: list[str] | None = Field(
        description="Names, for logged-in readers only; null for the public, who see the units."
    )
    status_history: list[StatusUpdateOut] = Field(description="Oldest first.")
    impact_estimates: list[ImpactEstimateOut] = Field(
        description="Estimated emission reductions, one per sector the action addresses."
    )

    @staticmethod
    def resolve_programme(obj) -> int:
        return obj.programme_id

    @staticmethod
    def resolve_goal(obj) -> int:
        return obj.goal_id

    @staticmethod
    def resolve_late(obj) -> bool:
        return obj.is_late(timezone.localdate())

    @staticmethod
    def resolve_stale(obj) -> bool:
        return obj.freshness(timezone.localdate()) is Freshness.STALE

    @staticmethod
    def resolve_units(obj) -> list[dict]:
        return [
            {"id": r.unit.pk, "name": r.unit.name, "role": r.role}
            for r in obj.responsibilities.all()
        ]

    @staticmethod
    def resolve_contact_persons(obj, context) -> list[str] | None:
        if not may_see_names(context["request"].user):
            return None
        return [display_name(person) for person in obj.contact_persons.all()]

    @staticmethod
    def resolve_status_history(obj) -> list:
        return list(obj.updates.all())

    @staticmethod
    def resolve_impact_estimates(obj) -> list:
        return list(obj.impact_estimates.all())


class BaselineOut(Schema):
    year: int
    value: float


class TargetOut(Schema):
    year: int
    value: float
    note: str


class ValueOut(Schema):
    date: dt.date = Field(description="For a yearly value, the last day of the year.")
    value: float
    note: str


class IndicatorOut(Schema):
    id: int
    identifier: str
    name: str
    description: str
    unit: str
    direction: Literal[tuple(Direction.values)]
    decimals: int
    rate_kind: Literal[("", *RateKind.values)]
    time_resolution: Literal[tuple(TimeResolution.values)]
    source: str
    source_url: str
    component_of: int | None = Field(description="The total this indicator is a component of.")
    components: list[int] = Field(description="The components that add up to this total.")
    goals: list[int] = Field(description="The goals this indicator measures.")
    actions: list[int] = Field(description="The actions this indicator measures.")
    baseline: BaselineOut | None
    targets: list[TargetOut]
    values: list[ValueOut] = Field(description="Oldest first.")
    verdict: Literal[tuple(kind.value for kind in VerdictKind)] = Field(
        description="On track to the next target or not, by the rules at /rules/."
    )

    @staticmethod
    def resolve_component_of(obj) -> int | None:
        return obj.component_of_id

    @staticmethod
    def resolve_components(obj) -> list[int]:
        return [part.pk for part in obj.components.all()]

    @staticmethod
    def resolve_goals(obj) -> list[int]:
        return [goal.pk for goal in obj.goals.all()]

    @staticmethod
    def resolve_actions(obj) -> list[int]:
        return [action.pk for action in obj.actions.all()]

    @staticmethod
    def resolve_baseline(obj) -> dict | None:
        if obj.baseline_year is None:
            return None
        return {"year": obj.baseline_year, "value": obj.baseline_value}

    @staticmethod
    def resolve_verdict(obj) -> str:
        return obj.verdict.kind.value
