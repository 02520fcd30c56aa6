"""Cached dashboard fragments, all invalidated at once by one generation key.

The dashboard's read pages (overview, target ladder, goal pages, indicator list) cost
time in proportion to the programme: every action's progress is rolled up and every
row rendered. Their content depends only on the data, the day, the language and
whether the reader is logged in, never on who the reader is. So the rendered
content is cached under a key made of exactly those, plus the *generation*: the count
and the last id of the ``DataChange`` marks that every save and delete of the
programme's data leaves behind (``record_change``, connected to Django's model
signals by ``watch_data_changes``, which ``ProgrammesConfig.ready`` calls). Any change
anywhere gives a new generation, and every fragment is rendered afresh on its next
request.

A view asks ``cached_fragment`` for each cached part of its page, naming the parts of
the key that are its own (the programme, the filters), and passes a function that
builds the fragment's context: it runs only when the cache has no copy. What depends
on the reader alone, such as an Update button, stays outside the fragments.

Reading the generation costs one query per request. It is read from the database, not
from the cache, so that every gunicorn worker sees a change the moment it commits.
Bulk writes that send no signals (the demo loader) call ``record_change`` themselves.
Fragments also expire after ``DASHBOARD_CACHE_SECONDS`` (0 switches caching off),
which bounds the one imperfection: two writes whose commits overlap can leave one
fragment cached from before the later commit for at most that long.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, signals
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

# Apps whose rows the dashboard shows; from "auth", people's names.
WATCHED_APPS = frozenset({"programmes", "indicators", "reports", "emissions", "accounts", "auth"})
PRUNE_EVERY = 1000
logger = logging.getLogger(__name__)


def record_change() -> None:
    """Leave a mark that the data changed: a new generation for every fragment."""
    from programmes.models import DataChange

    mark = DataChange.objects.create()
    if mark.pk % PRUNE_EVERY == 0:
        DataChange.objects.filter(pk__lte=mark.pk - PRUNE_EVERY).delete()


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


def on_save(sender, update_fields=None, raw=False, **kwargs) -> None:
    if raw or not is_watched(sender):
        return
    if update_fields is not None and set(update_fields) <= {"last_login", "password"}:
        return  # logging in changes nothing the dashboard shows
    record_change()


def on_delete(sender, **kwargs) -> None:
    if is_watched(sender):
        record_change()


def on_m2m_change(sender, action, **kwargs) -> None:
    if action.startswith("post_") and is_watched(sender):
        record_change()


def generation(request: HttpRequest) -> str:
    """The data's generation, read once per request."""
    cached = getattr(request, "_data_generation", None)
    if cached is None:
        from programmes.models import DataChange

        marks = DataChange.objects.aggregate(n=Count("pk"), last=Max("pk"))
        cached = f"{marks['n']}.{marks['last'] or 0}"
        request._data_generation = cached
    return cached


def fragment_key(request: HttpRequest, name: str, vary_on: list, today: date) -> str:
    audience = "in" if request.user.is_authenticated else "public"
    parts = [name, generation(request), get_language() or "", audience, today.isoformat()]
    parts += [str(value) for value in vary_on]
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return f"dashboard:{name}:{digest}"


def cached_fragment(
    request: HttpRequest,
    template_name: str,
    key: Iterable,
    context: Callable[[], dict[str, Any]],
) -> SafeString:
    """The rendered ``template_name`` (a ``page.html#partial``), from the cache if it is there.

    ``key`` names what the fragment shows besides the data, the day, the language and
    whether the reader is logged in (those are always part of the key), such as the
    programme's id or the page's filters. ``context`` is called, and the fragment
    rendered, only when the cache has no copy. The fragment must not depend on who the
    reader is beyond being logged in: no CSRF tokens, no per-reader buttons.
    """

    def render() -> SafeString:
        return mark_safe(render_to_string(template_name, context(), request))

    seconds = settings.DASHBOARD_CACHE_SECONDS
    if not seconds:
        return render()
    cache_key = fragment_key(request, template_name, list(key), timezone.localdate())
    try:
        html = cache.get(cache_key)
    except Exception:  # a shared cache (CACHE_URL) that does not answer is a miss
        logger.warning("The cache did not answer; rendering afresh.", exc_info=True)
        return render()
    if html is None:
        html = render()
        try:
            cache.set(cache_key, html, seconds)
        except Exception:
            logger.warning("The cache did not take a fragment.", exc_info=True)
    return mark_safe(html)


def cached_fragments(
    request: HttpRequest,
    template_name: str,
    parts: Iterable[str],
    key: Iterable,
    context: Callable[[], dict[str, Any]],
) -> dict[str, SafeString]:
    """Several partials of one page around what is decided per reader, as ``{part: html}``.

    They share ``key`` and ``context``, which is built at most once, on the first miss.
    """
    build = functools.cache(context)
    key = list(key)
    return {
        part: cached_fragment(request, f"{template_name}#{part}", key=key, context=build)
        for part in parts
    }


def watch_data_changes() -> None:
    """Connect the marks to every model's signals; the handlers pick out the watched ones."""
    signals.post_save.connect(on_save, dispatch_uid="dashboard-cache-save")
    signals.post_delete.connect(on_delete, dispatch_uid="dashboard-cache-delete")
    signals.m2m_changed.connect(on_m2m_change, dispatch_uid="dashboard-cache-m2m")
