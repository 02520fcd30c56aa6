"""Badges and bars that show a status with text and an icon, never by colour alone."""

from typing import NamedTuple

from django import template
from django.urls import reverse

from programmes.action_rules import days_since
from programmes.models import ActionStatus
from programmes.pages import rows_for

register = template.Library()

STATUS_ICONS = {
    ActionStatus.NOT_STARTED: "○",
    ActionStatus.IN_PROGRESS: "◐",
    ActionStatus.COMPLETED: "●",
    ActionStatus.CONTINUOUS: "↻",
    ActionStatus.POSTPONED: "‖",
    ActionStatus.CANCELLED: "✕",
}
LABELS = dict(ActionStatus.choices)


@register.inclusion_tag("programmes/_status_badge.html")
def status_badge(status: str):
    return {
        "status": status,
        "icon": STATUS_ICONS.get(status, "?"),
        "label": LABELS.get(status, status),
    }


@register.inclusion_tag("programmes/_flags.html")
def action_flags(row):
    return {"row": row}


@register.inclusion_tag("programmes/_progress.html")
def progress_bar(rollup, label_id: str = ""):
    return {"rollup": rollup, "label_id": label_id}


class StatusSegment(NamedTuple):
    """One status's share of a stacked bar, its ``start`` and ``share`` in per cent."""

    value: str
    label: str
    count: int
    icon: str
    start: float
    share: float


@register.inclusion_tag("programmes/_status_bar.html")
def status_distribution(rollup, caption: str = ""):
    total = rollup.action_count
    rows = []
    start = 0.0
    for value, label, count in rollup.status_rows():
        share = 100 * count / total if total else 0
        rows.append(StatusSegment(value, label, count, STATUS_ICONS[value], start, share))
        start += share
    return {"rows": rows, "total": total, "caption": caption}


@register.simple_tag
def child_position(position: str, rung) -> str:
    """A unique element id for a rung at this place in the ladder (a rung can recur)."""
    return f"{position}-{rung.goal.pk}"


@register.simple_tag
def action_rows(actions, today):
    return rows_for(actions, today)


@register.simple_tag(takes_context=True)
def open_url(context, pk: int) -> str:
    """The ladder's address with ``pk`` expanded too: the no-JavaScript way to open a rung."""
    request = context["request"]
    query = request.GET.copy()
    opened = set(query.getlist("open"))
    opened.add(str(pk))
    query.setlist("open", sorted(opened))
    query.pop("at", None)
    return f"{reverse('ladder')}?{query.urlencode()}"


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters replaced (for paging links)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        query[key] = value
    return query.urlencode()


@register.simple_tag
def days_since_tag(moment, today) -> int | None:
    return days_since(moment, today)
