"""Readable change history from django-simple-history's records."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from accounts.people import display_name

KINDS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}
# Bookkeeping fields that say nothing a reader needs.
HIDDEN = frozenset({"id", "programme", "created_at", "latest_update", "order"})


@dataclass
class Change:
    when: datetime
    who: str
    kind: str
    reason: str
    fields: list[tuple[str, str, str]] = field(default_factory=list)


def changes_of(obj, *, limit: int = 20) -> list[Change]:
    """The latest ``limit`` changes to ``obj``, newest first, with field-by-field diffs."""
    records = list(
        obj.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : limit + 1
        ]
    )
    model = type(obj)
    changes = []
    for newer, older in zip(records, [*records[1:], None], strict=False):
        if len(changes) == limit:
            break
        change = Change(
            when=newer.history_date,
            who=display_name(newer.history_user),
            kind=str(KINDS.get(newer.history_type, newer.history_type)),
            reason=newer.history_change_reason or "",
        )
        if older is not None and newer.history_type == "~":
            # Linked rows as objects, so that a change reads in names, never in ids.
            delta = newer.diff_against(older, foreign_keys_are_objs=True)
            for item in delta.changes:
                if item.field in HIDDEN:
                    continue
                label = _label(model, item.field)
                target = _link_target(model, item.field)
                change.fields.append((label, _text(item.old, target), _text(item.new, target)))
            if not change.fields and not change.reason:
                continue
        changes.append(change)
    return changes


def _label(model, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:  # a many-to-many history field, or one since removed
        return name


def _link_target(model, name: str) -> str | None:
    """For a many-to-many field, the name of its through rows' link to the other side."""
    try:
        field = model._meta.get_field(name)
    except Exception:
        return None
    return field.m2m_reverse_field_name() if field.many_to_many else None


def _text(value, target: str | None = None) -> str:
    """A field's value in words: people by their names, linked rows by their own names."""
    if value is None or value == "":
        return "–"
    if isinstance(value, list):  # many-to-many: the through rows, each a dict of objects
        names = sorted(_name(row.get(target)) for row in value if target)
        return ", ".join(names) or "–"
    return _name(value)


def _name(obj) -> str:
    if isinstance(obj, AbstractBaseUser):
        return display_name(obj)
    if isinstance(obj, date) and not isinstance(obj, datetime):  # "31.12.2026", not ISO
        return formats.date_format(obj, "SHORT_DATE_FORMAT")
    return str(obj)
