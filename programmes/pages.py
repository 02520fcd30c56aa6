"""What several pages need: the programme being shown, and per-action flags."""

from __future__ import annotations

import contextlib
import hashlib
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.http import Http404
from django.utils import timezone

from programmes.action_rules import Freshness, Schedule
from programmes.cache import audience, generation, programme_scope, read_programme_generations
from programmes.models import Action, Programme


def programme_for(request, slug: str | None = None) -> Programme | None:
    """The programme named by ``slug``, or the one in force; 404 for an unknown slug."""
    found = request.__dict__.get("_queried_programme")
    if found is not None and found[0] == (slug or ""):
        programme = found[1]  # looked up for the page's ETag, a moment ago
        if slug and programme is None:
            raise Http404
        return programme
    programmes = Programme.objects.visible_to(request.user)
    if slug:
        programme = programmes.filter(slug=slug).first()
        if programme is None:
            raise Http404
        return programme
    return programmes.current()


def programme_scopes(programme: Programme | None) -> list[str] | None:
    """The cache scopes of a page about ``programme``; every change without one."""
    return None if programme is None else [programme_scope(programme.pk)]


def queried_programme_scopes(request) -> list[str] | None:
    """The scopes of a programme page, from its ``?programme=`` query, before the view runs.

    An unknown programme is no page (``[]``); the view answers it with a 404 or a 400.
    The answer is cached, so that a repeat visit's 304 costs no programme query: which
    programme a query names changes only with a programme's status, slug or
    visibility, which leave a ``"*"`` mark, so the generation of ``"*"`` is in the key.
    """
    slug = request.GET.get("programme") or ""
    read_programme_generations(request)
    seconds = settings.DASHBOARD_CACHE_SECONDS
    digest = hashlib.sha256(f"{generation(request, [])}\x1f{audience(request)}\x1f{slug}".encode())
    key = f"dashboard:programme-of:{digest.hexdigest()}"
    programme_id = None
    if seconds:
        with contextlib.suppress(Exception):  # a shared cache that does not answer: a miss
            programme_id = cache.get(key)
    if programme_id is None:
        programmes = Programme.objects.visible_to(request.user)
        programme = programmes.filter(slug=slug).first() if slug else programmes.current()
        request._queried_programme = (slug, programme)  # for programme_for, in the view
        programme_id = programme.pk if programme else 0
        if seconds:
            with contextlib.suppress(Exception):
                cache.set(key, programme_id, seconds)
    if not programme_id:
        return [] if slug else None
    return [programme_scope(programme_id)]


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
