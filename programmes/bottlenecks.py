"""What is stuck, why, and who can unstick it: the bottleneck view's findings.

Every finding uses the rules of ``programmes.action_rules`` and ``indicators.verdicts``:

* **late**: past the end date and neither completed nor cancelled; how many days;
* **stale**: an open action with no status update within its programme's window;
  days since the last update, or never updated;
* **open bottleneck**: the latest update names one (a later update without one clears
  it); open since the first update of the unbroken run of updates naming one;
* **key action not started** once half of the programme period has passed;
* **off-track indicator**: progressing too slowly or moving the wrong way, with the
  numbers and the actions it measures;
* **unowned or unmeasured**: an action without a contact person or a responsible unit;
  a path or focus area (any goal below the top level) without an indicator; a total
  whose components do not add up to it in some year (``indicators.components``); an
  indicator without a value for the last period that should be in.

The summaries count, per responsible unit (an action's primary unit) and per path (a
goal on the programme's second level), the late, stale and blocked actions and the
off-track indicators measuring them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Max, prefetch_related_objects
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.people import display_name
from indicators.components import Breakdown, breakdown
from indicators.due import value_due
from indicators.models import Indicator, IndicatorValue
from programmes.action_rules import days_since
from programmes.ladder import Ladder
from programmes.models import (
    Action,
    ActionStatus,
    ActionStatusUpdate,
    GoalNode,
    Programme,
    ResponsibleUnit,
)
from programmes.pages import ActionRow, rows_for

KINDS = {
    "late": _("Late actions"),
    "stale": _("Stale actions"),
    "blocked": _("Actions with an open bottleneck"),
    "key_not_started": _("Key actions not started"),
    "off_track": _("Off-track indicators"),
    "unowned": _("Actions without a contact person or unit"),
    "unmeasured": _("Paths and focus areas without an indicator"),
    "missing_values": _("Indicators without a recent value"),
}


FINDINGS_SHOWN = 40
"""Findings of each kind the whole view lists, worst first; choosing the kind lists all of
them (Salo's longest list, its late actions, has 39; at ten times the programme, 300)."""


@dataclass
class Blocked:
    row: ActionRow
    since: datetime
    days_open: int


@dataclass
class OffTrack:
    indicator: Indicator
    actions: list


@dataclass
class SummaryRow:
    label: str
    late: int = 0
    stale: int = 0
    blocked: int = 0
    off_track: int = 0

    @property
    def total(self) -> int:
        return self.late + self.stale + self.blocked + self.off_track


@dataclass
class Findings:
    programme: Programme
    today: date
    late: list[ActionRow] = field(default_factory=list)
    stale: list[ActionRow] = field(default_factory=list)
    blocked: dict[str, list[Blocked]] = field(default_factory=dict)
    key_not_started: list[ActionRow] = field(default_factory=list)
    halfway: date | None = None
    off_track: list[OffTrack] = field(default_factory=list)
    unowned: list[ActionRow] = field(default_factory=list)
    unmeasured: list[GoalNode] = field(default_factory=list)
    unbalanced: list[Breakdown] = field(default_factory=list)
    """Totals whose components do not add up to them in some year: listed as unmeasured."""
    missing_values: list[Indicator] = field(default_factory=list)
    by_unit: list[SummaryRow] = field(default_factory=list)
    by_path: list[SummaryRow] = field(default_factory=list)

    def shown(self, kind: str, limit: int | None):
        """The first ``limit`` findings of ``kind`` (all with ``None``), worst first as
        listed; the open bottlenecks stay grouped by category, ``limit`` in all."""
        items = getattr(self, kind)
        if limit is None:
            return items
        if not isinstance(items, dict):
            return items[:limit]
        grouped = {}
        for category, blocked in items.items():
            if limit <= 0:
                break
            grouped[category] = blocked[:limit]
            limit -= len(grouped[category])
        return grouped

    def count(self, kind: str) -> int:
        items = getattr(self, kind)
        return sum(map(len, items.values())) if isinstance(items, dict) else len(items)

    @property
    def blocked_count(self) -> int:
        return self.count("blocked")

    @property
    def counts(self) -> list[tuple[str, str, int]]:
        return [(kind, str(label), self.count(kind)) for kind, label in KINDS.items()]


def halfway_point(programme: Programme) -> date:
    start = date(programme.start_year, 1, 1)
    end = date(programme.end_year, 12, 31)
    return start + (end - start) / 2


def find(
    programme: Programme,
    today: date,
    *,
    goal: GoalNode | None = None,
    unit: ResponsibleUnit | None = None,
    listed: int | None = None,
) -> Findings:
    """Everything the bottleneck view lists, for the whole programme or a part of it.

    The off-track indicators and those without a recent value are found from the stored
    verdicts and the dates of the latest values; their series (for the numbers shown
    beside them) are read for the first ``listed`` of each, or for all with ``None``."""
    ladder = Ladder.load(programme)
    actions = ladder.actions
    goal_ids: set[int] | None = None
    if goal is not None:
        goal_ids = {g.pk for g in ladder.goals_beneath(ladder.rung(goal))}
        actions = [a for a in actions if a.goal_id in goal_ids]
    if unit is not None:
        unit_ids = unit.ids_with_units_beneath()
        actions = [
            a for a in actions if any(r.unit_id in unit_ids for r in a.responsibilities.all())
        ]
    action_ids = {a.pk for a in actions}
    rows = rows_for(actions, today)
    found = Findings(programme, today)

    found.late = sorted((r for r in rows if r.late), key=lambda r: -r.days_late)
    found.stale = sorted(
        (r for r in rows if r.stale),
        key=lambda r: -(days_since(r.action.freshness_counted_from, today) or 10**6),
    )
    found.blocked = _blocked(rows, today)
    found.halfway = halfway_point(programme)
    if today >= found.halfway:
        found.key_not_started = [
            r
            for r in rows
            if r.action.is_key_action and r.action.status == ActionStatus.NOT_STARTED
        ]
    found.unowned = [
        r for r in rows if not r.action.contact_persons.all() or not r.action.responsibilities.all()
    ]

    # Verdict kinds from the stored verdicts, latest dates from one aggregate: the series
    # are read only for the totals' sums and for the indicators the page lists.
    indicators = list(
        Indicator.objects.for_programme(programme)
        .select_related("stored_verdict")
        .prefetch_related("goals", "actions", "contact_persons")
    )
    measured_goals: set[int] = set()
    for indicator in indicators:
        measured_goals.update(g.pk for g in indicator.goals.all())
    scope_goals = [
        rung.goal
        for rung in ladder.rungs.values()
        if rung.depth >= 2 and (goal_ids is None or rung.goal.pk in goal_ids)
    ]
    found.unmeasured = [g for g in scope_goals if g.pk not in measured_goals]

    in_scope = _indicators_in_scope(indicators, goal_ids, action_ids, unit is not None)
    latest_dates = dict(
        IndicatorValue.objects.filter(indicator__in=[i.pk for i in in_scope])
        .values("indicator")
        .annotate(latest=Max("date"))
        .values_list("indicator", "latest")
    )
    prefetch_related_objects(in_scope, "components")
    totals = [i for i in in_scope if i.components.all()]
    actions_by_pk = {a.pk: a for a in actions}
    for indicator in in_scope:
        if indicator.verdict_summary.kind.is_off_track:
            measured = [
                actions_by_pk[a.pk] for a in indicator.actions.all() if a.pk in actions_by_pk
            ]
            found.off_track.append(OffTrack(indicator, measured))
        if value_due(indicator.time_resolution, latest_dates.get(indicator.pk), today):
            found.missing_values.append(indicator)
    named = [item.indicator for item in found.shown("off_track", listed)]
    missing = found.shown("missing_values", listed)
    prefetch_related_objects([*totals, *named, *missing], "values")
    prefetch_related_objects(named, "targets")
    prefetch_related_objects([c for total in totals for c in total.components.all()], "values")
    for total in totals:
        parts = breakdown(total)
        if parts is not None and parts.mismatches:
            found.unbalanced.append(parts)

    found.by_unit = _summary_by_unit(rows, found)
    found.by_path = _summary_by_path(ladder, rows, found, goal_ids)
    return found


def _indicators_in_scope(indicators, goal_ids, action_ids, unit_filtered: bool):
    if goal_ids is None and not unit_filtered:
        return indicators
    result = []
    for indicator in indicators:
        goals = {g.pk for g in indicator.goals.all()}
        measures = {a.pk for a in indicator.actions.all()}
        if unit_filtered:
            if measures & action_ids:
                result.append(indicator)
        elif goals & goal_ids or measures & action_ids:
            result.append(indicator)
    return result


def _blocked(rows: list[ActionRow], today: date) -> dict[str, list[Blocked]]:
    blocked_rows = [r for r in rows if r.blocked]
    history: dict[int, list[ActionStatusUpdate]] = defaultdict(list)
    for update in ActionStatusUpdate.objects.filter(
        action__in=[r.action.pk for r in blocked_rows]
    ).order_by("-created_at", "-id"):
        history[update.action_id].append(update)
    grouped: dict[str, list[Blocked]] = defaultdict(list)
    for row in blocked_rows:
        since = row.action.latest_update.created_at
        for update in history[row.action.pk]:
            if not update.has_bottleneck:
                break
            since = update.created_at
        category = row.action.latest_update.bottleneck_category or "other"
        grouped[category].append(Blocked(row, since, days_since(since, today)))
    for items in grouped.values():
        items.sort(key=lambda b: -b.days_open)
    order = [
        value for value, _label in ActionStatusUpdate._meta.get_field("bottleneck_category").choices
    ]
    return {category: grouped[category] for category in order if category in grouped}


def _off_track_action_ids(found: Findings) -> Counter:
    counts: Counter = Counter()
    for item in found.off_track:
        for action in item.actions:
            counts[action.pk] += 1
    return counts


def _summary_by_unit(rows: list[ActionRow], found: Findings) -> list[SummaryRow]:
    off_track = _off_track_action_ids(found)
    by_unit: dict[str, SummaryRow] = {}
    for row in rows:
        primary = row.action.primary_unit
        label = primary.name if primary else str(_("No unit"))
        summary = by_unit.setdefault(label, SummaryRow(label))
        summary.late += row.late
        summary.stale += row.stale
        summary.blocked += row.blocked
        summary.off_track += off_track[row.action.pk]
    return sorted((s for s in by_unit.values() if s.total), key=lambda s: (-s.total, s.label))


def _summary_by_path(ladder: Ladder, rows, found: Findings, goal_ids) -> list[SummaryRow]:
    off_track_by_goal: Counter = Counter()
    for item in found.off_track:
        for goal in item.indicator.goals.all():
            off_track_by_goal[goal.pk] += 1
    by_row = {row.action.pk: row for row in rows}
    result = []
    for rung in ladder.rungs.values():
        if rung.depth != 2 or (goal_ids is not None and rung.goal.pk not in goal_ids):
            continue
        beneath = {g.pk for g in ladder.goals_beneath(rung)}
        summary = SummaryRow(f"{rung.goal.identifier} {rung.goal.name}")
        for action in rung.all_actions:
            row = by_row.get(action.pk)
            if row is not None:
                summary.late += row.late
                summary.stale += row.stale
                summary.blocked += row.blocked
        summary.off_track = sum(off_track_by_goal[pk] for pk in beneath)
        result.append(summary)
    return result


def export_rows(found: Findings, *, with_people: bool) -> list[dict[str, str | int]]:
    """One row per finding, for CSV and XLSX. Names only when ``with_people``.

    Contact persons' names are work details, shown to logged-in users; a public export
    is open data and carries no personal data.
    """
    rows: list[dict[str, str | int]] = []

    def action_row(kind: str, row: ActionRow, detail: str, days: int | str = "") -> None:
        action = row.action
        primary = action.primary_unit.name if action.primary_unit else ""
        people = ", ".join(display_name(p) for p in action.contact_persons.all())
        rows.append(
            _export_row(
                kind,
                action,
                detail,
                "action_detail",
                days=days,
                unit=primary,
                contact_persons=people if with_people else "",
            )
        )

    for row in found.late:
        action_row("late", row, str(_("past the end date")), row.days_late)
    for row in found.stale:
        age = days_since(row.action.last_update_at, found.today)
        action_row(
            "stale",
            row,
            str(_("never updated")) if age is None else str(_("days since the last update")),
            "" if age is None else age,
        )
    for category, items in found.blocked.items():
        for item in items:
            text = item.row.action.latest_update.bottleneck
            label = dict(ActionStatusUpdate._meta.get_field("bottleneck_category").choices).get(
                category, category
            )
            action_row("blocked", item.row, f"{label}: {text}", item.days_open)
    for row in found.key_not_started:
        action_row("key_not_started", row, str(_("not started")))
    for row in found.unowned:
        missing = []
        if not row.action.contact_persons.all():
            missing.append(str(_("no contact person")))
        if not row.action.responsibilities.all():
            missing.append(str(_("no responsible unit")))
        action_row("unowned", row, ", ".join(missing))
    for item in found.off_track:
        verdict = item.indicator.verdict
        rows.append(_export_row("off_track", item.indicator, verdict.label, "indicator_detail"))
    for goal in found.unmeasured:
        rows.append(_export_row("unmeasured", goal, goal.level.name, "goal_detail"))
    for parts in found.unbalanced:
        years = ", ".join(
            f"{check.year} ({check.difference:+.{parts.total.decimals}f})"
            for check in parts.mismatches
        )
        detail = str(_("components do not add up: %(years)s")) % {"years": years}
        rows.append(_export_row("unmeasured", parts.total, detail, "indicator_detail"))
    for indicator in found.missing_values:
        latest = indicator.latest_value
        detail = latest.date.isoformat() if latest else str(_("no values"))
        rows.append(_export_row("missing_values", indicator, detail, "indicator_detail"))
    return rows


def _export_row(
    kind: str,
    subject: Action | GoalNode | Indicator,
    detail: str,
    view: str,
    *,
    days: int | str = "",
    unit: str = "",
    contact_persons: str = "",
) -> dict[str, str | int]:
    """A finding about an action, goal or indicator, with a link to the subject's page."""
    return {
        "kind": str(KINDS[kind]),
        "identifier": subject.identifier,
        "name": str(subject.translated("name")),
        "detail": detail,
        "days": days,
        "unit": unit,
        "contact_persons": contact_persons,
        "link": reverse(view, args=[subject.pk]),
    }
