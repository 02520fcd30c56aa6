"""Badges and bars that show a status with text and an icon, never by colour alone."""

from typing import NamedTuple

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from indicators import formatting
from indicators.templatetags.indicator_tags import VERDICT_ICONS
from programmes.action_rules import days_since
from programmes.models import ActionStatus
from programmes.outcomes import OFF_TRACK_SHOWN, Outcomes
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


@register.filter
def late_by(days: int) -> str:
    """ "3 days late", "3 yr 123 d late": long delays read in years and days."""
    return _("%(duration)s late") % {"duration": formatting.duration(days)}


@register.filter
def past_end_by(days: int) -> str:
    return _("%(duration)s past the end date") % {"duration": formatting.duration(days)}


@register.simple_tag
def open_since(days: int, since) -> str:
    """How long a bottleneck has been open: "opened today", or "open for 12 days, since …"."""
    day = date_format(timezone.localtime(since), "SHORT_DATE_FORMAT")
    if days == 0:
        return _("opened today")
    return _("open for %(duration)s, since %(date)s") % {
        "duration": formatting.duration(days),
        "date": day,
    }


@register.filter
def period_ended(programme, today) -> bool:
    return programme.period_ended(today)


@register.filter
def status_label(status: str) -> str:
    """A status's name from its code, for content stored as plain data."""
    return str(LABELS.get(status, status))


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


class VerdictCount(NamedTuple):
    kind: str
    label: str
    count: int
    icon: str


@register.inclusion_tag("programmes/_outcomes.html")
def rung_outcomes(
    outcomes, more_url: str = "", limit: int | None = OFF_TRACK_SHOWN, line: bool = True
):
    """A rung's outcomes: the summary, the counts per verdict and the worst off-track
    indicators with their numbers; ``more_url`` lists the rest, ``limit=None`` names all,
    ``line=False`` leaves out the summary line where the page shows it already."""
    outcomes = outcomes or Outcomes([])  # a ladder loaded without its indicators
    off_track = outcomes.off_track
    shown = outcomes.shown(limit)
    return {
        "outcomes": outcomes,
        "summary": outcomes.summary,
        "counts": [VerdictCount(k, label, n, VERDICT_ICONS[k]) for k, label, n in outcomes.counts],
        "off_track": off_track,
        "shown": shown,
        "more_url": more_url if len(shown) < len(off_track) else "",
        "line": line,
    }


@register.inclusion_tag("programmes/_outcome_line.html")
def outcome_line(outcomes):
    """The outcome summary in one line: the share achieved or on track, and how many
    indicators have no verdict."""
    return {"summary": (outcomes or Outcomes([])).summary}


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
