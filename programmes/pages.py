"""What several pages need: the programme being shown, and per-action flags."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.http import Http404
from django.utils import timezone

from programmes.action_rules import Freshness, Schedule
from programmes.models import Action, Programme


def programme_for(request, slug: str | None = None) -> Programme | None:
    """The programme named by ``slug``, or the one in force; 404 for an unknown slug."""
    programmes = Programme.objects.visible_to(request.user)
    if slug:
        programme = programmes.filter(slug=slug).first()
        if programme is None:
            raise Http404
        return programme
    return programmes.current()


@dataclass(frozen=True)
class ActionRow:
    """An action with its flags, computed once for a listing."""

    action: Action
    schedule: Schedule
    freshness: Freshness
    blocked: bool
    days_late: int | None = None

    @classmethod
    def of(cls, action: Action, today: date) -> ActionRow:
        schedule = action.schedule(today)
        days_late = (today - action.end_date).days if schedule is Schedule.LATE else None
        return cls(action, schedule, action.freshness(today), action.has_open_bottleneck, days_late)

    @property
    def late(self) -> bool:
        return self.schedule is Schedule.LATE

    @property
    def stale(self) -> bool:
        return self.freshness is Freshness.STALE


def rows_for(actions, today: date | None = None) -> list[ActionRow]:
    today = today or timezone.localdate()
    return [ActionRow.of(action, today) for action in actions]
