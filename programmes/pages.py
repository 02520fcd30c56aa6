"""What several pages need: the programme being shown, and per-action flags."""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.http import Http404
from django.utils import timezone
from django.utils.safestring import SafeString

from programmes.action_rules import Freshness, Schedule
from programmes.cache import (
    action_scope,
    audience,
    cached_each,
    emissions_scope,
    generation,
    goal_scope,
    outcomes_scope,
    programme_scope,
    read_programme_generations,
)
from programmes.models import Action, GoalNode, Programme


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


def programme_scopes(
    programme: Programme | None, *, actions: bool = True, outcomes: bool = True
) -> list[str] | None:
    """The cache scopes of a page about ``programme``; every change without one.

    ``actions``: the page shows its actions' state or its reports; ``outcomes``: its
    indicators' verdicts. The action list shows no verdicts, the indicator list no
    actions."""
    if programme is None:
        return None
    return scopes_of_programme(programme.pk, actions=actions, outcomes=outcomes)


def scopes_of_programme(
    programme_id: int, *, actions: bool = True, outcomes: bool = True, emissions: bool = False
) -> list[str]:
    """``emissions``: the page shows the programme's emissions gap (which its own scope
    covers: the gap shows no other action's state and no other verdict)."""
    scopes = []
    if actions:
        scopes.append(programme_scope(programme_id))
    if outcomes:
        scopes.append(outcomes_scope(programme_id))
    if emissions:
        scopes.append(emissions_scope(programme_id))
    return scopes


def structure_lookup(request, name: str, compute: Callable[[], int]) -> int:
    """``compute()``, a programme's id (0: none) that only a change of structure can alter,
    cached under the generation of ``"*"``, so that a repeat visit's 304 costs no query
    beyond the one that reads the marks.

    Structure (a programme's status, slug or visibility, a goal's programme) leaves a
    ``"*"`` mark. ``name`` says what is asked; whether the reader is logged in is part
    of the key, as the programmes they may see differ."""
    read_programme_generations(request)
    seconds = settings.DASHBOARD_CACHE_SECONDS
    digest = hashlib.sha256(f"{generation(request, [])}\x1f{audience(request)}\x1f{name}".encode())
    key = f"dashboard:structure:{digest.hexdigest()}"
    found = None
    if seconds:
        with contextlib.suppress(Exception):  # a shared cache that does not answer: a miss
            found = cache.get(key)
    if found is None:
        found = compute()
        if seconds:
            with contextlib.suppress(Exception):
                cache.set(key, found, seconds)
    return found


def queried_programme_scopes(
    request, *, actions: bool = True, outcomes: bool = True, emissions: bool = False
) -> list[str] | None:
    """The scopes of a programme page, from its ``?programme=`` query, before the view runs
    (``actions``, ``outcomes`` and ``emissions`` as for ``scopes_of_programme``).

    An unknown programme is no page (``[]``); the view answers it with a 404 or a 400.
    """
    slug = request.GET.get("programme") or ""

    def look_up() -> int:
        programmes = Programme.objects.visible_to(request.user)
        programme = programmes.filter(slug=slug).first() if slug else programmes.current()
        request._queried_programme = (slug, programme)  # for programme_for, in the view
        return programme.pk if programme else 0

    programme_id = structure_lookup(request, f"programme-of\x1f{slug}", look_up)
    if not programme_id:
        return [] if slug else None
    return scopes_of_programme(
        programme_id, actions=actions, outcomes=outcomes, emissions=emissions
    )


def goal_scopes(request, pk: int) -> list[str]:
    """The scopes of a goal page: the goal's (what lies beneath it) and its programme's
    outcomes; an unknown goal is no page (``[]``)."""

    def look_up() -> int:
        found = GoalNode.objects.filter(pk=pk).values_list("programme_id", flat=True)
        return next(iter(found), 0)

    read_programme_generations(request, also=[goal_scope(pk)])  # one query for both
    programme_id = structure_lookup(request, f"goal\x1f{pk}", look_up)
    return scopes_of_goal(pk, programme_id) if programme_id else []


def scopes_of_goal(goal_id: int, programme_id: int) -> list[str]:
    return [goal_scope(goal_id), outcomes_scope(programme_id)]


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


def action_rows_html(
    request, ids: list[int], read: Callable[[list[int]], Iterable[ActionRow]]
) -> list[SafeString]:
    """The rows of an action table (``programmes/_action_row.html``) for the actions
    ``ids``, in their order, each cached under its action; ``read(missing)`` gives the
    rows of those the cache has no copy of, with their primary units."""

    def contexts(missing: list[int]) -> dict[int, dict]:
        return {row.action.pk: {"row": row} for row in read(missing)}

    return cached_each(request, "programmes/_action_row.html", ids, action_scope, contexts)


def rows_html(request, rows: list[ActionRow]) -> list[SafeString]:
    """``action_rows_html`` for rows already in memory (a ladder's actions): only those the
    cache has no copy of have their owners read, as the table names their units."""
    from programmes.ladder import Ladder

    by_pk = {row.action.pk: row for row in rows}

    def read(missing: list[int]) -> list[ActionRow]:
        wanted = [by_pk[pk] for pk in missing]
        Ladder.load_owners(row.action for row in wanted)
        return wanted

    return action_rows_html(request, list(by_pk), read)
