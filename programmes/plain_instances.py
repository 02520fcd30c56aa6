"""Model instances built from plain rows, for the pages that hold a whole programme.

A page about a whole programme (overview, ladder, goal pages, bottlenecks) holds every
action with its latest status update and every indicator with its stored verdict: at
ten times Salo's programme, 850 actions and 450 indicators. Built through the ORM
(``select_related``), each row costs two instances' ``__init__`` with their signals and
the related object's descriptor; read as tuples (``values_list``) and set on the
instances here, the same rows cost about half (``bench/pages.py``).

The instances are what the ORM would build: loaded from the queryset's database
(``_state.adding`` false), with the related object cached as ``select_related`` caches
it (``None`` where there is none, so reading it costs no query), and without the fields
left out, which Django loads on access (one query each, as for ``defer``): the
query-count tests catch a page that reads one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.db.models import Model, QuerySet
from django.db.models.base import ModelState


def plain_instances(
    queryset: QuerySet,
    *,
    left_out: Iterable[str] = (),
    related: Mapping[str, Iterable[str]] | None = None,
) -> list[Model]:
    """The queryset's rows as instances of its model, with the fields' attnames in
    ``left_out`` deferred, and each relation named in ``related`` (a forward foreign key
    or a reverse one-to-one) loaded alongside with its own fields left out."""
    model = queryset.model
    names = _loaded(model, left_out)
    joins = []
    for name, skip in (related or {}).items():
        relation = model._meta.get_field(name)
        other = relation.related_model
        joins.append((relation, other, _loaded(other, skip)))
    lookups = [*names]
    for relation, _other, other_names in joins:
        lookups.extend(f"{relation.name}__{n}" for n in other_names)
    db = queryset.db
    result = []
    for row in queryset.values_list(*lookups):
        instance = _instance(model, names, row[: len(names)], db)
        start = len(names)
        for relation, other, other_names in joins:
            values = row[start : start + len(other_names)]
            start += len(other_names)
            pk = values[other_names.index(other._meta.pk.attname)]
            found = None if pk is None else _instance(other, other_names, values, db)
            relation.set_cached_value(instance, found)
            if found is not None and relation.one_to_one:
                relation.remote_field.set_cached_value(found, instance)
        result.append(instance)
    return result


def prefetch_plain(instances: Iterable[Model], *names: str) -> None:
    """``prefetch_related_objects(instances, *names)`` for reverse foreign keys (an
    indicator's ``values`` and ``targets``), with the related rows built as plain
    instances: one query each, in the related model's ordering, each row holding its
    owner as the prefetch would. About half the time for the series of 45 indicators.
    Instances that hold them already are left as they are, as ``prefetch_related``
    leaves them (the indicators a process's ladders share, until their data change)."""
    instances = list(instances)
    if not instances:
        return
    model = type(instances[0])
    for name in names:
        by_pk = {
            instance.pk: instance
            for instance in instances
            if name not in instance.__dict__.get("_prefetched_objects_cache", {})
        }
        if not by_pk:
            continue
        relation = getattr(model, name).rel
        field = relation.field  # the foreign key on the related model
        related = relation.related_model._default_manager.filter(
            **{f"{field.attname}__in": list(by_pk)}
        )
        found: dict[object, list[Model]] = {pk: [] for pk in by_pk}
        for row in plain_instances(related):
            owner = by_pk[getattr(row, field.attname)]
            field.set_cached_value(row, owner)
            found[owner.pk].append(row)
        for pk, rows in found.items():
            set_prefetched(by_pk[pk], name, rows)


def set_prefetched(instance: Model, name: str, objects: Iterable[Model]) -> None:
    """Give ``instance`` the related objects ``name`` (a reverse foreign key or a forward
    many-to-many field, by its manager's name) as ``prefetch_related`` would: reading
    them through the manager (``.all()``) costs no query."""
    descriptor = getattr(type(instance), name)
    forward_many = getattr(descriptor, "reverse", True) is False
    found = QuerySet(model=descriptor.rel.model if forward_many else descriptor.rel.related_model)
    found._result_cache = list(objects)
    found._prefetch_done = True
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[name] = found


def _loaded(model: type[Model], left_out: Iterable[str]) -> list[str]:
    skip = frozenset(left_out)
    unknown = skip - {f.attname for f in model._meta.concrete_fields}
    if unknown:
        raise ValueError(f"{model.__name__} has no fields {sorted(unknown)}")
    return [f.attname for f in model._meta.concrete_fields if f.attname not in skip]


def _instance(model: type[Model], names: list[str], values, db: str) -> Model:
    """An instance as loaded from ``db``, with the fields in ``names`` set."""
    instance = model.__new__(model)
    instance.__dict__.update(zip(names, values, strict=True))
    instance._state = ModelState()
    instance._state.adding = False
    instance._state.db = db
    return instance
