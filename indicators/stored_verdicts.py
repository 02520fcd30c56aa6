"""The stored verdicts: each indicator's verdict kind and ratio, kept beside it.

A page that counts or sorts verdicts (a rung's outcomes, the overview, the indicator
list) would otherwise read every indicator's targets and values and judge each series:
at 450 indicators, most of a page's time. ``StoredVerdict`` holds what those pages
need, and the series are read only for the indicators a page shows with their numbers.

The rule: an indicator's stored verdict equals ``verdict_for`` of its current baseline,
targets and values, in the same transaction as the change.

* A saved indicator, and a saved or deleted target or value, renew it through Django's
  model signals (``watch_verdict_inputs``, connected by ``IndicatorsConfig.ready``).
* An import that saves many values renews each indicator once, at the end of its
  transaction: it runs inside ``deferred()``.
* Writes that send no signals call ``rebuild()`` themselves: the demo loader's bulk
  inserts and a backup restore's raw saves.
* ``manage.py rebuild_verdicts`` renews every indicator's from its series (after a
  database is loaded by other means), and ``--check`` reports any that disagree.

The verdict does not depend on the day (only on the data), so a stored verdict never
goes stale by itself.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import transaction
from django.db.models import signals

from indicators.verdicts import verdict_for

_state = threading.local()


def _pending() -> set[int] | None:
    return getattr(_state, "pending", None)


def _deleting() -> set[int]:
    if not hasattr(_state, "deleting"):
        _state.deleting = set()
    return _state.deleting


def refresh(indicator_ids: Iterable[int]) -> None:
    """Judge these indicators' series and store the verdicts (four queries).

    The indicators' rows are locked first (``FOR NO KEY UPDATE`` on PostgreSQL; SQLite
    has one writer at a time anyway), so that of two transactions changing the same
    series at once, the second judges it only after the first has committed, with both
    changes in it, and stores the verdict last.
    """
    from indicators.models import Indicator, StoredVerdict

    ids = set(indicator_ids)
    if not ids:
        return
    pending = _pending()
    if pending is not None:
        pending |= ids
        return
    with transaction.atomic():
        locked = Indicator.objects.select_for_update(no_key=True).filter(pk__in=ids)
        ids = list(locked.order_by("pk").values_list("pk", flat=True))
        indicators = Indicator.objects.filter(pk__in=ids).prefetch_related("targets", "values")
        rows = []
        for indicator in indicators:
            verdict = verdict_for(indicator)
            rows.append(StoredVerdict(indicator=indicator, code=verdict.kind, ratio=verdict.ratio))
        StoredVerdict.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["indicator"],
            update_fields=["code", "ratio"],
        )


def rebuild(indicator_ids: Iterable[int] | None = None) -> int:
    """Renew the stored verdicts of these indicators, or of all, from their series; the
    number renewed."""
    from indicators.models import Indicator

    if indicator_ids is None:
        ids = list(Indicator.objects.values_list("pk", flat=True))
    else:
        ids = sorted(set(indicator_ids))
    for start in range(0, len(ids), 500):  # bounded memory, whatever the number
        refresh(ids[start : start + 500])
    return len(ids)


def disagreements() -> list[tuple[int, str, str]]:
    """``(indicator id, stored, computed)`` for each indicator whose stored verdict is
    missing (stored ``""``) or differs from its series' verdict."""
    from indicators.models import Indicator

    found = []
    indicators = Indicator.objects.select_related("stored_verdict").prefetch_related(
        "targets", "values"
    )
    for indicator in indicators.iterator(chunk_size=500):
        verdict = verdict_for(indicator)
        stored = getattr(indicator, "stored_verdict", None)
        if stored is None:
            found.append((indicator.pk, "", verdict.kind.value))
        elif stored.code != verdict.kind or not _same_ratio(stored.ratio, verdict.ratio):
            found.append((indicator.pk, f"{stored.code} {stored.ratio}", verdict.kind.value))
    return found


def _same_ratio(stored: float | None, computed: float | None) -> bool:
    if stored is None or computed is None:
        return stored is computed
    return abs(stored - computed) <= 1e-9 * max(1.0, abs(computed))


@contextmanager
def deferred() -> Iterator[None]:
    """Within the block, collect the indicators whose series change and renew each once
    when the block ends without an error. Use it inside the writer's transaction."""
    if _pending() is not None:  # already deferring: the outer block renews them
        yield
        return
    _state.pending = set()
    try:
        yield
        ids, _state.pending = _state.pending, None
        refresh(ids)
    finally:
        _state.pending = None


def _on_indicator_saved(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        refresh([instance.pk])


def _on_series_changed(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        refresh([instance.indicator_id])


def _on_series_deleted(sender, instance, **kwargs) -> None:
    if instance.indicator_id not in _deleting():
        refresh([instance.indicator_id])


def _on_indicator_deleting(sender, instance, **kwargs) -> None:
    # Its targets and values are deleted first, and their signals must not store a
    # verdict for an indicator about to go. (Only their deletion asks: should the
    # indicator's deletion fail, its later saves still renew its verdict.)
    _deleting().add(instance.pk)


def _on_indicator_deleted(sender, instance, **kwargs) -> None:
    _deleting().discard(instance.pk)


def watch_verdict_inputs() -> None:
    from indicators.models import Indicator, IndicatorTarget, IndicatorValue

    signals.post_save.connect(_on_indicator_saved, Indicator, dispatch_uid="verdict-indicator")
    signals.pre_delete.connect(_on_indicator_deleting, Indicator, dispatch_uid="verdict-deleting")
    signals.post_delete.connect(_on_indicator_deleted, Indicator, dispatch_uid="verdict-deleted")
    for model in (IndicatorTarget, IndicatorValue):
        uid = f"verdict-{model.__name__}"
        signals.post_save.connect(_on_series_changed, model, dispatch_uid=uid)
        signals.post_delete.connect(_on_series_deleted, model, dispatch_uid=uid)
