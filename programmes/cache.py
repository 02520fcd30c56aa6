"""Cached dashboard fragments, each invalidated by the changes to what it shows.

The dashboard's read pages (overview, target ladder, goal pages, lists) cost time in
proportion to the programme: every action's progress is rolled up and every row
rendered. Their content depends only on the data, the day, the language and whether the
reader is logged in, never on who the reader is. So the rendered content is cached under
a key made of exactly those, plus the *generation* of the data it shows.

The rule: every save and delete of the dashboard's data leaves one ``DataChange`` mark
for each *scope* it touches (``record_change``, connected to Django's model signals by
``watch_data_changes``, which ``ProgrammesConfig.ready`` calls), and a fragment names
the scopes it shows. Its generation is the count and the last id of the marks of those
scopes and of ``"*"``. So a change renders afresh exactly the fragments that name one of
its scopes; every other fragment stays cached. The scopes:

* ``programme:<id>``: what its actions' state and its reports show: the overview, the
  ladder, the goal pages, the action lists and the reports;
* ``outcomes:<id>``: what its indicators' values and targets show (their verdicts): the
  overview, the ladder, the goal pages, the indicator list and the reports;
* ``goal:<id>``: the goal's page, which shows the goal and what lies beneath it;
* ``emissions:<id>``: the programme's emissions gap: the state of its actions with an
  impact estimate and the series of its emissions goal's headline and its sectors;
* ``action:<id>``: the action's own page; ``indicator:<id>``: the indicator's own page;
* ``*``: everything.

What the frequent writes touch (``scopes_of``): a status update, or an action's state
(status, completion, end date), touches the action, its programme and the goals it
counts for (its own and every goal above it, along parent and serves links), and the
emissions gap if the action has an impact estimate, so the indicator list, the pages of
the other goals and (for most actions) the gap stay cached; a schedule revision or a
responsibility the same. An indicator's value or target touches the indicator, the total
it is a component of, the actions it measures, the outcomes of the programmes whose
goals or actions it measures (their ladders, overviews and indicator lists show its
verdict) and the emissions gap of those whose goal has it or its total as the headline,
so the action lists stay cached. A report touches its programme. Anything else (names of
people, goals, paths, levels, units, programmes, an indicator's or action's own fields
edited in the admin, links between them) is structure that shows on pages of every
kind: ``*``. A fragment that names no scopes (``scopes=None``) has the generation of
every mark, as before scoping: any change renders it afresh.

A view asks ``cached_fragment`` for each cached part of its page, naming the parts of
the key that are its own (the programme, the filters) and its scopes, and passes a
function that builds the fragment's context: it runs only when the cache has no copy.
What depends on the reader alone, such as an Update button, stays outside the
fragments. ``conditional_page`` gives the public's copy of such a page an ``ETag`` made
of the same generation, so a repeat visit to an unchanged page is answered with a 304.

Reading the generation costs one query per request and scope set. It is read from the
database, not from the cache, so that every gunicorn worker sees a change the moment it
commits. Bulk writes that send no signals (the demo loader, a restore) call
``record_change`` themselves, with ``*``. A writer that saves many rows in one go (an
import of values, a fixture) runs inside ``collected_changes()``: the block leaves one
mark per scope when it ends, and once it holds ``*`` it stops working out scopes at all.
Fragments also expire after
``DASHBOARD_CACHE_SECONDS`` (0 switches caching off), which bounds the one
imperfection: two writes whose commits overlap can leave one fragment cached from
before the later commit for at most that long.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.db.models import Max, Q, signals
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.template.loader import get_template, render_to_string
from django.utils import timezone
from django.utils.http import parse_etags, quote_etag
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

# Apps whose rows the dashboard shows; from "auth", people's names.
WATCHED_APPS = frozenset({"programmes", "indicators", "reports", "accounts", "auth", "emissions"})
PRUNE_EVERY = 1000
EVERYTHING = "*"
# What of an action shows only on its own page and its programme's: its state, which
# status updates and schedule decisions save (with update_fields).
ACTION_STATE_FIELDS = frozenset({"status", "completion_percent", "latest_update", "end_date"})
logger = logging.getLogger(__name__)


PROGRAMME = "programme:"
OUTCOMES = "outcomes:"
EMISSIONS = "emissions:"
# The scopes whose marks a programme page reads at once, for every programme.
PROGRAMME_WIDE = (PROGRAMME, OUTCOMES, EMISSIONS)


def programme_scope(programme_id: int) -> str:
    """What the programme's actions' state and its reports show."""
    return f"{PROGRAMME}{programme_id}"


def outcomes_scope(programme_id: int) -> str:
    """What the verdicts of the indicators measuring the programme show."""
    return f"{OUTCOMES}{programme_id}"


def emissions_scope(programme_id: int) -> str:
    """What the programme's emissions gap shows: its estimated actions' state and its
    emissions goal's series."""
    return f"{EMISSIONS}{programme_id}"


ACTION = "action:"


def action_scope(action_id: int) -> str:
    return f"{ACTION}{action_id}"


GOAL = "goal:"


def goal_scope(goal_id: int) -> str:
    return f"{GOAL}{goal_id}"


def indicator_scope(indicator_id: int) -> str:
    return f"indicator:{indicator_id}"


_collecting = threading.local()


def _collected() -> set[str] | None:
    return getattr(_collecting, "scopes", None)


@contextmanager
def collected_changes() -> Iterator[None]:
    """Within the block, gather the scopes of every saved and deleted row, and leave one
    mark per scope when the block ends (after an error too: what was written before it may
    have been committed). A block inside another adds to the outer one's."""
    if _collected() is not None:
        yield
        return
    _collecting.scopes, _collecting.memo = set(), {}
    failed = False
    try:
        yield
    except BaseException:
        failed = True
        raise
    finally:
        scopes = _collecting.scopes
        _collecting.scopes = _collecting.memo = None
        try:
            if scopes:
                _leave_marks(scopes)
        except DatabaseError:
            if not failed:
                raise
            # the writer's own error broke its transaction, which is rolled back: no marks


def _touch(scopes: Callable[[], set[str]]) -> None:
    """Mark the scopes a write touches, or gather them in ``collected_changes``. The scopes
    are worked out (a query or three) only when a gathering block does not already hold
    ``*``."""
    gathering = _collected()
    if gathering is None or EVERYTHING not in gathering:
        record_change(scopes())


def record_change(scopes: Iterable[str] = (EVERYTHING,)) -> None:
    """Leave a mark for each scope: a new generation for the fragments that name it.
    Inside ``collected_changes`` the scopes are gathered and marked when the block ends."""
    gathering = _collected()
    if gathering is None:
        _leave_marks(scopes)
    else:
        gathering.update(scopes)


def _leave_marks(scopes: Iterable[str]) -> None:
    from programmes.models import DataChange

    scopes = set(scopes)
    if EVERYTHING in scopes:
        scopes = {EVERYTHING}  # every fragment's generation counts the marks of "*"
    marks = DataChange.objects.bulk_create([DataChange(scope=s) for s in sorted(scopes)])
    if any(mark.pk is not None and mark.pk % PRUNE_EVERY == 0 for mark in marks):
        prune(max(mark.pk for mark in marks))


def prune(last: int) -> None:
    """Drop marks older than ``PRUNE_EVERY`` ids, but never a scope's latest: a scope's
    last id only grows, so no generation comes back."""
    from programmes.models import DataChange

    latest = DataChange.objects.values("scope").annotate(last=Max("pk")).values("last")
    DataChange.objects.filter(pk__lte=last - PRUNE_EVERY).exclude(pk__in=latest).delete()


def _action_scopes(action_id: int, action=None) -> set[str]:
    """The action's page, its programme's and its goals'; ``action``, the row's action
    when it is already in memory (a status update saved with it), saves a query. An
    action with an impact estimate also counts on its programme's emissions gap."""
    from emissions.models import ImpactEstimate
    from programmes.models import Action

    if action is not None and action.pk == action_id and action.programme_id is not None:
        programme_id, goal_id = action.programme_id, action.goal_id
    else:
        found = list(Action.objects.filter(pk=action_id).values_list("programme_id", "goal_id"))
        if not found:
            return {EVERYTHING}  # the action is gone: a cascade we cannot follow
        programme_id, goal_id = found[0]
    scopes = {
        action_scope(action_id),
        programme_scope(programme_id),
        *_goal_scopes(programme_id, goal_id),
    }
    if ImpactEstimate.objects.filter(action_id=action_id).exists():
        scopes.add(emissions_scope(programme_id))
    return scopes


def _goal_scopes(programme_id: int, goal_id: int) -> set[str]:
    """The scopes of ``goal_id`` and of every goal above it along parent and serves links:
    the goal pages that count an action of the goal. The programme's links are read in
    one query, once in a ``collected_changes`` block."""
    from programmes.models import GoalNode

    memo = getattr(_collecting, "memo", None)
    key = ("goal links", programme_id)
    above = None if memo is None else memo.get(key)
    if above is None:
        above = {}
        rows = GoalNode.objects.filter(programme_id=programme_id).values_list(
            "pk", "parent_id", "serves"
        )
        for pk, parent_id, served_id in rows:
            above.setdefault(pk, set()).update(g for g in (parent_id, served_id) if g)
        if memo is not None:
            memo[key] = above
    seen: set[int] = set()
    stack = [goal_id]
    while stack:
        current = stack.pop()
        if current not in seen:
            seen.add(current)
            stack.extend(above.get(current, ()))
    return {goal_scope(pk) for pk in seen}


def _indicator_scopes(indicator_id: int) -> set[str]:
    """The indicator's page, its total's, the pages of the actions it measures, the
    outcomes of the programmes whose goals or actions it measures, and the emissions gap
    of those whose goal has it, or its total, as the headline."""
    from indicators.models import Indicator
    from programmes.models import Action, GoalNode

    parents = list(
        Indicator.objects.filter(pk=indicator_id).values_list("component_of_id", flat=True)
    )
    if not parents:
        return {EVERYTHING}
    scopes = {indicator_scope(indicator_id)}
    if parents[0] is not None:
        scopes.add(indicator_scope(parents[0]))
    goals = GoalNode.objects.filter(Q(indicators=indicator_id) | Q(headline_indicator=indicator_id))
    scopes |= {outcomes_scope(pk) for pk in goals.values_list("programme_id", flat=True)}
    headlined = GoalNode.objects.filter(headline_indicator__in=[indicator_id, parents[0]])
    scopes |= {emissions_scope(pk) for pk in headlined.values_list("programme_id", flat=True)}
    for pk, programme_id in Action.objects.filter(indicators=indicator_id).values_list(
        "pk", "programme_id"
    ):
        scopes |= {action_scope(pk), outcomes_scope(programme_id)}
    return scopes


def _remembered(key: tuple[str, int], scopes: Callable[[int], set[str]]) -> set[str]:
    """An action's or indicator's scopes, worked out once in a ``collected_changes`` block
    (an import of 500 values for 20 indicators: 20 times, not 500)."""
    memo = getattr(_collecting, "memo", None)
    if memo is None:
        return scopes(key[1])
    if key not in memo:
        memo[key] = scopes(key[1])
    return memo[key]


def scopes_of(instance, update_fields=None) -> set[str]:
    """The scopes a saved or deleted row touches; ``{"*"}`` for structure."""
    label = instance._meta.label
    if label == "programmes.Action":
        if update_fields is not None and set(update_fields) <= ACTION_STATE_FIELDS:
            # Worked out once with its status update's, in the update's one write.
            return _remembered(("action", instance.pk), lambda pk: _action_scopes(pk, instance))
        return {EVERYTHING}
    if label in {
        "programmes.ActionStatusUpdate",
        "programmes.ActionResponsibility",
        "programmes.ScheduleRevision",
    }:
        action = instance.action if type(instance).action.is_cached(instance) else None
        return _remembered(("action", instance.action_id), lambda pk: _action_scopes(pk, action))
    if label in {"indicators.IndicatorValue", "indicators.IndicatorTarget"}:
        return _remembered(("indicator", instance.indicator_id), _indicator_scopes)
    if label in {"reports.CouncilReport", "reports.MonitoringReport"}:
        return {programme_scope(instance.programme_id)}
    return {EVERYTHING}


def is_watched(model) -> bool:
    meta = model._meta
    if model.__module__ == "__fake__":
        return False  # a migration's historical model: the table may not exist yet
    if meta.app_label == "auth":
        return meta.model_name == "user"  # names of people, not groups or permissions
    return (
        meta.app_label in WATCHED_APPS
        and model.__name__ != "DataChange"
        and not model.__name__.startswith("Historical")
    )


def on_save(sender, instance=None, update_fields=None, raw=False, **kwargs) -> None:
    if raw or not is_watched(sender):
        return
    if update_fields is not None and set(update_fields) <= {"last_login", "password"}:
        return  # logging in changes nothing the dashboard shows
    _touch(lambda: scopes_of(instance, update_fields))


def on_delete(sender, instance=None, **kwargs) -> None:
    if is_watched(sender):
        _touch(lambda: scopes_of(instance))


def on_m2m_change(sender, action, **kwargs) -> None:
    if action.startswith("post_") and is_watched(sender):
        _touch(lambda: {EVERYTHING})  # links between rows: structure


def generation(request: HttpRequest, scopes: Iterable[str] | None = None) -> str:
    """The generation of the data in ``scopes`` (all data: ``None``), read once per request.

    Plain SQL: this runs on every request, a 304's included, and the ORM's aggregate
    costs more than the query."""
    wanted = None if scopes is None else frozenset(scopes) | {EVERYTHING}
    known = request.__dict__.setdefault("_data_generations", {})
    programmes = request.__dict__.get("_programme_marks")
    if (
        wanted not in known
        and wanted is not None
        and programmes is not None
        and all(
            scope == EVERYTHING
            or scope.startswith(PROGRAMME_WIDE)
            or scope in request._marks_read_with_programmes
            for scope in wanted
        )
    ):
        # Read already with every programme's marks: the same figures, no query.
        marks = [programmes.get(scope, (0, None)) for scope in wanted]
        last = max((m for _n, m in marks if m is not None), default=None)
        known[wanted] = f"{sum(n for n, _m in marks)}.{last or 0}"
    if wanted not in known:
        from programmes.models import DataChange

        table = connection.ops.quote_name(DataChange._meta.db_table)
        query = f"SELECT COUNT(*), MAX(id) FROM {table}"
        params: list[str] = []
        if wanted is not None:
            params = sorted(wanted)
            query += f" WHERE scope IN ({', '.join(['%s'] * len(params))})"
        with connection.cursor() as cursor:
            cursor.execute(query, params)
            count, last = cursor.fetchone()
        known[wanted] = f"{count}.{last or 0}"
    return known[wanted]


def read_programme_generations(request: HttpRequest, also: Iterable[str] = ()) -> None:
    """The marks of ``"*"``, of every programme, its outcomes and its emissions gap, and
    of the scopes in ``also`` (a goal page's goal), in one query, for ``generation``.

    A programme page must learn which programme it shows (which the generation of
    ``"*"`` decides) before it can name its scope: this reads both at once."""
    if "_programme_marks" in request.__dict__:
        return
    also = sorted(set(also))
    where = " OR ".join(["scope = %s", *["scope LIKE %s"] * len(PROGRAMME_WIDE)])
    if also:
        where += f" OR scope IN ({', '.join(['%s'] * len(also))})"
    request._programme_marks = _marks_by_scope(
        where, [EVERYTHING, *(f"{prefix}%" for prefix in PROGRAMME_WIDE), *also]
    )
    request._marks_read_with_programmes = frozenset(also)


def read_marks(request: HttpRequest, scopes: Iterable[str]) -> None:
    """The marks of ``scopes`` not read yet, in one query, for ``generation``: a page made
    of many cached parts (the overview's goal cards) reads them at once."""
    read_programme_generations(request)
    wanted = sorted(
        scope
        for scope in set(scopes) - request._marks_read_with_programmes
        if scope != EVERYTHING and not scope.startswith(PROGRAMME_WIDE)
    )
    if not wanted:
        return
    where = f"scope IN ({', '.join(['%s'] * len(wanted))})"
    request._programme_marks.update(_marks_by_scope(where, wanted))
    request._marks_read_with_programmes |= frozenset(wanted)


def _marks_by_scope(where: str, params: list[str]) -> dict[str, tuple[int, int]]:
    """Each scope matching ``where`` with the count and the last id of its marks."""
    from programmes.models import DataChange

    table = connection.ops.quote_name(DataChange._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT scope, COUNT(*), MAX(id) FROM {table} WHERE {where} GROUP BY scope", params
        )
        return {scope: (n, last) for scope, n, last in cursor.fetchall()}


def audience(request: HttpRequest) -> str:
    """Whether the reader is logged in: a part of every cache key and ETag."""
    return "in" if request.user.is_authenticated else "public"


def fragment_key(
    request: HttpRequest,
    name: str,
    vary_on: list,
    today: date,
    scopes: Iterable[str] | None = None,
) -> str:
    scopes = None if scopes is None else sorted(set(scopes))
    parts = [name, generation(request, scopes), get_language() or "", audience(request)]
    parts += [today.isoformat(), " ".join(scopes or [EVERYTHING])]
    parts += [str(value) for value in vary_on]
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return f"dashboard:{name}:{digest}"


_building: ContextVar[HttpRequest | None] = ContextVar("building_fragment", default=None)


def building_generation(scopes: Iterable[str] | None) -> str | None:
    """While a cached fragment is built, the generation of ``scopes`` (all data: ``None``)
    as its request reads it (once per request); ``None`` outside such a build, or with
    caching off. What many fragments build from (a programme's ladder) can be shared
    under it."""
    request = _building.get()
    if request is None:
        return None
    return generation(request, None if scopes is None else sorted(set(scopes)))


# What fragments built in this process share: key -> (stamp, expiry, what was built).
_shared: dict[tuple, tuple[tuple, float, Any]] = {}
SHARED_EPOCH_KEY = "shared-builds-epoch"


def shared_build(
    key: tuple,
    scopes: Iterable[str] | None,
    build: Callable[[], Any],
    stamp=(),
    refresh: Callable[[Any, list[str]], Any] | None = None,
):
    """``build()``, shared by the fragments built in this process from the same data.

    After a status update the overview, the ladder page and the goal pages rendered
    afresh read the programme's ladder once, not once each. What is built is kept under
    ``key``, with the generation of ``scopes`` (all data: ``None``), ``stamp`` (what else
    it depends on, such as the day) and an epoch kept in the dashboard cache, so that the
    next change, or emptying the cache, builds it afresh; for ``DASHBOARD_CACHE_SECONDS``
    at most. Outside a fragment's build, with caching off, or when the cache does not
    answer, it is built each time. What is built must not depend on the reader beyond
    what ``key`` says.

    ``refresh(built, marks)``, if given, brings what was built up to date from the scopes
    of the marks left since (a status update's ``action:<id>``, say) instead of building
    it again, or returns ``None`` to have it built. It is asked only when every mark of
    ``scopes`` since then is in hand (none pruned, none committed late), and what it
    returns is kept no longer than the first build."""
    data = building_generation(scopes)
    if data is None:
        return build()
    try:
        epoch = cache.get(SHARED_EPOCH_KEY)
        if epoch is None:
            epoch = uuid.uuid4().hex
            cache.set(SHARED_EPOCH_KEY, epoch, None)
    except Exception:  # a shared cache (CACHE_URL) that does not answer: build afresh
        return build()
    full_stamp = (data, epoch, *stamp)
    found = _shared.get(key)
    if found is not None and time.monotonic() < found[1]:
        if found[0] == full_stamp:
            return found[2]
        if refresh is not None and scopes is not None and found[0][1:] == full_stamp[1:]:
            marks = _marks_since(found[0][0], data, scopes)
            refreshed = None if marks is None else refresh(found[2], marks)
            if refreshed is not None:
                _shared[key] = (full_stamp, found[1], refreshed)
                return refreshed
    built = build()
    _shared[key] = (full_stamp, time.monotonic() + settings.DASHBOARD_CACHE_SECONDS, built)
    return built


MAX_MARKS_FOLLOWED = 200  # more marks since a build than this: build it again


def _marks_since(before: str, now: str, scopes: Iterable[str]) -> list[str] | None:
    """The scopes of every mark left after the generation ``before`` of ``scopes``, if
    they account for the whole change from ``before`` to ``now``; otherwise ``None``.

    A generation is the count and the last id of its marks. The marks since are those
    with a greater id; they account for the change when the count grew by exactly the
    number of them in ``scopes``. It grew by more if a write that took its ids earlier
    committed later, and by less if marks were pruned: then what was built may have
    missed a change, and is built again."""
    from programmes.models import DataChange

    (count_before, last_before), (count_now, _last_now) = (
        map(int, generation.split(".")) for generation in (before, now)
    )
    wanted = set(scopes) | {EVERYTHING}
    table = connection.ops.quote_name(DataChange._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT scope FROM {table} WHERE id > %s ORDER BY id LIMIT %s",
            [last_before, MAX_MARKS_FOLLOWED + 1],
        )
        marks = [scope for (scope,) in cursor.fetchall()]
    if len(marks) > MAX_MARKS_FOLLOWED:
        return None
    if count_now - count_before != sum(scope in wanted for scope in marks):
        return None
    return marks


def cached_fragment(
    request: HttpRequest,
    template_name: str,
    key: Iterable,
    context: Callable[[], dict[str, Any]],
    scopes: Iterable[str] | None = None,
) -> SafeString:
    """The rendered ``template_name`` (a ``page.html#partial``), from the cache if it is there.

    ``key`` names what the fragment shows besides the data, the day, the language and
    whether the reader is logged in (those are always part of the key), such as the
    programme's id or the page's filters. ``scopes`` names the data it shows (see the
    module's rule); without them any change renders it afresh. ``context`` is called, and
    the fragment rendered, only when the cache has no copy. The fragment must not depend
    on who the reader is beyond being logged in: no CSRF tokens, no per-reader buttons.
    """

    def render() -> SafeString:
        return mark_safe(render_to_string(template_name, context(), request))

    seconds = settings.DASHBOARD_CACHE_SECONDS
    if not seconds:
        return render()
    cache_key = fragment_key(request, template_name, list(key), timezone.localdate(), scopes)
    try:
        html = cache.get(cache_key)
    except Exception:  # a shared cache (CACHE_URL) that does not answer is a miss
        logger.warning("The cache did not answer; rendering afresh.", exc_info=True)
        return render()
    if html is None:
        building = _building.set(request)
        try:
            html = render()
        finally:
            _building.reset(building)
        try:
            cache.set(cache_key, html, seconds)
        except Exception:
            logger.warning("The cache did not take a fragment.", exc_info=True)
    return mark_safe(html)


def cached_each(
    request: HttpRequest,
    template_name: str,
    ids: list[int],
    scope: Callable[[int], str],
    contexts: Callable[[list[int]], Mapping[int, dict[str, Any]]],
) -> list[SafeString]:
    """``template_name`` rendered for each of ``ids`` (a row of a table), in their order,
    each cached as a fragment is, under its own scope ``scope(id)`` (and structure).

    After a status update a list renders afresh only its action's row. The marks of all
    the rows' scopes are read in one query; ``contexts(missing)`` gives the context of
    each id the cache has no copy of, so what the rows show is read only for those. The
    rows are rendered without the request's context processors: they show the data, never
    the reader."""
    template = get_template(template_name)
    seconds = settings.DASHBOARD_CACHE_SECONDS
    if not seconds or not ids:
        found = contexts(ids) if ids else {}
        return [mark_safe(template.render(found[pk])) for pk in ids if pk in found]
    read_marks(request, [scope(pk) for pk in ids])
    today = timezone.localdate()
    keys = {pk: fragment_key(request, template_name, [pk], today, [scope(pk)]) for pk in ids}
    try:
        html = cache.get_many(list(keys.values()))
    except Exception:  # a shared cache (CACHE_URL) that does not answer: every row a miss
        logger.warning("The cache did not answer; rendering afresh.", exc_info=True)
        html = {}
    missing = [pk for pk in ids if keys[pk] not in html]
    if missing:
        found = contexts(missing)  # one deleted meanwhile has none: it is left out
        fresh = {keys[pk]: template.render(found[pk]) for pk in missing if pk in found}
        try:
            cache.set_many(fresh, seconds)
        except Exception:
            logger.warning("The cache did not take the rows.", exc_info=True)
        html.update(fresh)
    return [mark_safe(html[keys[pk]]) for pk in ids if keys[pk] in html]


def cached_fragments(
    request: HttpRequest,
    template_name: str,
    parts: Iterable[str],
    key: Iterable,
    context: Callable[[], dict[str, Any]],
    scopes: Iterable[str] | None = None,
) -> dict[str, SafeString]:
    """Several partials of one page around what is decided per reader, as ``{part: html}``.

    They share ``key``, ``scopes`` and ``context``, which is built at most once, on the
    first miss.
    """
    build = functools.cache(context)
    key = list(key)
    scopes = None if scopes is None else list(scopes)
    return {
        part: cached_fragment(
            request, f"{template_name}#{part}", key=key, context=build, scopes=scopes
        )
        for part in parts
    }


def page_etag(request: HttpRequest, scopes: Iterable[str] | None) -> str | None:
    """The ETag of the public's copy of a page showing ``scopes``; None when there is none.

    Made of what the page shows: the generation of its scopes, the language, the
    audience, the day and the URL with its query, and the reader's CSRF secret, which the
    page's forms carry masked. Logged-in readers' pages show who they are, htmx requests
    get fragments and a pending message shows once: those have no ETag.
    """
    if (
        request.method not in ("GET", "HEAD")
        or request.user.is_authenticated
        or request.headers.get("HX-Request")
        or len(messages.get_messages(request))
    ):
        return None
    parts = [
        generation(request, None if scopes is None else sorted(set(scopes))),
        get_language() or "",
        audience(request),
        timezone.localdate().isoformat(),
        request.get_full_path(),
        request.META.get("CSRF_COOKIE", ""),
    ]
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return quote_etag(digest[:32])


def conditional_page(scopes: Callable[..., Iterable[str] | None]):
    """A view decorator: the public's repeat visit to an unchanged page gets a 304.

    ``scopes(request, *args, **kwargs)`` names what the page shows, as for its cached
    fragments (``None``: everything); an empty list says there is no such page, so no
    ETag. It goes inside ``dashboard_view``, so that access is decided first. Only
    ``If-None-Match`` is answered, and only with the page's own ETag (never ``*``).
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            shown = scopes(request, *args, **kwargs)
            etag = None if shown == [] else page_etag(request, shown)
            if etag is not None and etag in _if_none_match(request):
                not_modified = HttpResponseNotModified()
                not_modified.headers["ETag"] = etag
                # The browser keeps the page it has, nonces included: a new policy
                # would block its scripts.
                not_modified._csp_config = not_modified._csp_ro_config = {}
                return not_modified
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and etag is not None:
                # The view may have given the reader a CSRF secret: the next visit has it.
                response.headers.setdefault("ETag", page_etag(request, shown))
            return response

        return wrapper

    return decorator


def _if_none_match(request: HttpRequest) -> set[str]:
    """The ETags of the copies the client has; a weak one compares as its strong form."""
    etags = parse_etags(request.META.get("HTTP_IF_NONE_MATCH", ""))
    return {etag.removeprefix("W/") for etag in etags}


def watch_data_changes() -> None:
    """Connect the marks to every model's signals; the handlers pick out the watched ones."""
    signals.post_save.connect(on_save, dispatch_uid="dashboard-cache-save")
    signals.post_delete.connect(on_delete, dispatch_uid="dashboard-cache-delete")
    signals.m2m_changed.connect(on_m2m_change, dispatch_uid="dashboard-cache-m2m")
