"""How far actions have got, rolled up the ladder, and whether they are late or stale.

Every page and report takes these judgements from here, so that a number on the
dashboard, in "my actions", in the bottleneck view and in a reminder email agree.

**Action progress** (0–100, or nothing):

* *completed* counts 100;
* *continuous* counts 100: the work is in operation as planned and has no end (a
  continuous or completed action's update records 100 %, ``recorded_completion``);
* *cancelled* is left out of every roll-up: it will never be done, and counting it as 0
  would penalise a considered decision to drop it;
* every other status (not started, in progress, postponed) counts its completion %.

**Roll-up** (a path, focus area, main goal or strategic goal): the weighted mean of the
progress of the distinct actions beneath it, where key actions weigh
``settings.KEY_ACTION_WEIGHT`` (2 by default) and others 1. An action reached along
several links counts once. With no countable action there is no progress figure.

**Schedule**: *continuous* for continuous work; *no schedule* without an end date;
*late* once the end date has passed and the action is neither completed nor cancelled;
otherwise *on schedule*.

**Freshness**: measured from the action's latest dated status update, never from other
saves. An open action is *stale* when more than the programme's window (180 days by
default) has passed since that update, or when it has never had one; *due soon* during
the last ``DUE_SOON_DAYS`` of the window; otherwise *fresh*. Completed and cancelled
actions have nothing left to report and are always fresh.
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Protocol

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programmes.choices import ActionStatus

DUE_SOON_DAYS = 30
CLOSED_STATUSES = frozenset({ActionStatus.COMPLETED, ActionStatus.CANCELLED})


class ActionLike(Protocol):
    status: str
    completion_percent: int
    is_key_action: bool


class Schedule(enum.StrEnum):
    ON_SCHEDULE = "on_schedule"
    LATE = "late"
    NO_SCHEDULE = "no_schedule"
    CONTINUOUS = "continuous"

    @property
    def label(self) -> str:
        return str(SCHEDULE_LABELS[self])


SCHEDULE_LABELS = {
    Schedule.ON_SCHEDULE: _("on schedule"),
    Schedule.LATE: _("late"),
    Schedule.NO_SCHEDULE: _("no schedule"),
    Schedule.CONTINUOUS: _("continuous"),
}


class Freshness(enum.StrEnum):
    FRESH = "fresh"
    DUE_SOON = "due_soon"
    STALE = "stale"

    @property
    def label(self) -> str:
        return str(FRESHNESS_LABELS[self])


FRESHNESS_LABELS = {
    Freshness.FRESH: _("up to date"),
    Freshness.DUE_SOON: _("update due soon"),
    Freshness.STALE: _("stale"),
}


def action_progress(status: str, completion_percent: int) -> float | None:
    """0–100 for one action, or None for a cancelled one (see the module docstring)."""
    if status == ActionStatus.CANCELLED:
        return None
    if status in (ActionStatus.COMPLETED, ActionStatus.CONTINUOUS):
        return 100.0
    return float(completion_percent)


def recorded_completion(status: str, completion_percent: int) -> int:
    """The completion % an update records: completed and continuous work are 100 %.

    Continuous work is in operation as planned, so it counts as done in every roll-up;
    recording it as 100 % makes every page show the figure the roll-up counts.
    """
    if status in (ActionStatus.COMPLETED, ActionStatus.CONTINUOUS):
        return 100
    return completion_percent


def key_action_weight() -> float:
    return float(getattr(settings, "KEY_ACTION_WEIGHT", 2))


@dataclass(frozen=True)
class Rollup:
    """The progress of a set of actions, with the figures it was computed from."""

    progress: float | None
    action_count: int
    counted_count: int
    key_action_count: int
    weight_total: float
    status_counts: dict[str, int] = field(default_factory=dict)

    @property
    def completed_count(self) -> int:
        return self.status_counts.get(ActionStatus.COMPLETED, 0)

    @property
    def cancelled_count(self) -> int:
        """Cancelled actions are left out of the progress figure; pages say how many."""
        return self.status_counts.get(ActionStatus.CANCELLED, 0)

    def status_rows(self) -> list[tuple[str, str, int]]:
        """``(status, label, count)`` for every status, in the statuses' order."""
        return [
            (value, label, self.status_counts.get(value, 0))
            for value, label in ActionStatus.choices
        ]


def rollup(actions: Iterable[ActionLike], key_weight: float | None = None) -> Rollup:
    weight_of_key = key_action_weight() if key_weight is None else key_weight
    statuses: Counter[str] = Counter()
    weighted_sum = weight_total = 0.0
    total = counted = keys = 0
    for action in actions:
        total += 1
        statuses[action.status] += 1
        keys += action.is_key_action
        progress = action_progress(action.status, action.completion_percent)
        if progress is None:
            continue
        weight = weight_of_key if action.is_key_action else 1.0
        weighted_sum += weight * progress
        weight_total += weight
        counted += 1
    return Rollup(
        progress=weighted_sum / weight_total if weight_total else None,
        action_count=total,
        counted_count=counted,
        key_action_count=keys,
        weight_total=weight_total,
        status_counts=dict(statuses),
    )


def schedule(
    *,
    status: str,
    end_date: date | None,
    is_continuous: bool,
    today: date,
) -> Schedule:
    if is_continuous or status == ActionStatus.CONTINUOUS:
        return Schedule.CONTINUOUS
    if end_date is None:
        return Schedule.NO_SCHEDULE
    if end_date < today and status not in CLOSED_STATUSES:
        return Schedule.LATE
    return Schedule.ON_SCHEDULE


def local_midnight(day: date) -> datetime:
    """The start of ``day`` in the site's time zone (Europe/Helsinki)."""
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_default_timezone())


def days_since(moment: datetime | None, today: date) -> int | None:
    """Whole days from ``moment`` (shown in the local time zone) to ``today``."""
    if moment is None:
        return None
    return (today - timezone.localdate(moment)).days


def freshness(
    *,
    status: str,
    counted_from: datetime | None,
    today: date,
    window_days: int,
) -> Freshness:
    """``counted_from`` is the latest dated status update; for an action never updated,
    its creation or its start, whichever is later (``Action.freshness_counted_from``), so
    that a new action, or one that starts later, is not stale at birth."""
    if status in CLOSED_STATUSES:
        return Freshness.FRESH
    age = days_since(counted_from, today)
    if age is None or age > window_days:
        return Freshness.STALE
    if age > window_days - DUE_SOON_DAYS:
        return Freshness.DUE_SOON
    return Freshness.FRESH
