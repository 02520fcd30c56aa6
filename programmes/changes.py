"""What changed in a programme between two dates: the council's reading before a meeting.

``collect_changes(programme, since, until)`` lists, newest first:

* **status updates** recorded in the period: status, completion, author, action;
* **status changes**: an update whose status differs from the action's previous update's.
  An action's first update is compared with "not started", its state before any update;
* **bottlenecks opened** (the update names one and the previous update did not) and
  **cleared** (the other way round; the detail is the bottleneck that was cleared);
* **new indicator values**: created in the period according to the values' history, or,
  for a value that has no history at all (written by a bulk load), entered in the period.
  A value counts when it was entered and says which period it measures ("a value for
  2025 entered on 3.3.2026"); more than ``BULK_LOAD`` values entered on one day by one
  person for one reason are one change ("412 values for 2005–2025 loaded on …");
* **structure changes**: the programme, its goals and actions, and the responsible units
  created, changed (which fields, and for short fields from what to what) or deleted,
  from the django-simple-history tables. An action's own history also records every
  status update (its status, completion and latest update change with it); those
  records are already listed as status updates and are left out here, as are saves that
  changed no field a reader would see (links such as ``serves`` are not compared).

The period is local (Europe/Helsinki) dates: from ``since`` 00:00 up to, not including,
the midnight after ``until``. ``goal`` narrows everything to that goal and every goal
beneath it (``Ladder.goals_beneath``); ``unit`` to actions whose responsible units include
that unit or a unit under it. With either filter, changes to the programme itself are
left out, and so are changes to units under a goal filter and to goals under a unit filter.

The number of queries is fixed whatever the amount of data: the updates in the period
and, per affected action, the one update just before the period (a subquery); one query
per kind of structure record and one for the records just before them.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import groupby
from operator import attrgetter

from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts.people import display_name
from indicators.formatting import in_unit, period_label
from indicators.models import Indicator, IndicatorValue
from programmes.action_rules import local_midnight
from programmes.history import HIDDEN
from programmes.ladder import Ladder
from programmes.models import (
    Action,
    ActionResponsibility,
    ActionStatus,
    ActionStatusUpdate,
    GoalLevel,
    GoalNode,
    Programme,
    ResponsibleUnit,
)
from reports.models import CouncilReport

DEFAULT_DAYS = 90
MAX_YEARS = 10
BULK_LOAD = 20  # more values than this entered on one day by one person: one bulk load


class ChangeKind(models.TextChoices):
    """The kinds of change, in the order the page shows them."""

    STATUS_CHANGE = "status_change", gettext_lazy("status changed")
    BOTTLENECK_OPENED = "bottleneck_opened", gettext_lazy("bottleneck opened")
    BOTTLENECK_CLEARED = "bottleneck_cleared", gettext_lazy("bottleneck cleared")
    INDICATOR_VALUE = "indicator_value", gettext_lazy("new indicator value")
    STATUS_UPDATE = "status_update", gettext_lazy("status update")
    STRUCTURE = "structure", gettext_lazy("structure change")


HEADINGS = {
    ChangeKind.STATUS_CHANGE: gettext_lazy("Status changes"),
    ChangeKind.BOTTLENECK_OPENED: gettext_lazy("Bottlenecks opened"),
    ChangeKind.BOTTLENECK_CLEARED: gettext_lazy("Bottlenecks cleared"),
    ChangeKind.INDICATOR_VALUE: gettext_lazy("New indicator values"),
    ChangeKind.STATUS_UPDATE: gettext_lazy("Status updates"),
    ChangeKind.STRUCTURE: gettext_lazy("Changes to the programme structure"),
}
_KIND_ORDER = {kind: position for position, kind in enumerate(ChangeKind)}

# What an action's history records with every status update; listed as updates instead.
_SET_BY_STATUS_UPDATES = frozenset({"status", "completion_percent", "latest_update"})
# Short enough to quote in full: "end date: 31.12.2025 → 31.12.2026".
_QUOTABLE = (
    models.CharField,
    models.DateField,
    models.BooleanField,
    models.IntegerField,
)


@dataclass(frozen=True)
class Change:
    """One thing that changed, as the page and the CSV show it."""

    when: datetime
    kind: ChangeKind
    subject_type: str  # "action", "kehityspolku", "indicator", …
    subject_label: str  # identifier and name
    subject_url: str  # "" when the object is gone or has no page
    detail: str  # e.g. "in progress → completed"
    who: str = ""  # a staff member's name, acting in their duties
    unit: str = ""  # the action's primary responsible unit
    note: str = ""  # public text: what was done, a value's note
    internal_note: str = ""  # logged-in readers only
    reason: str = ""  # why the structure changed; history is for logged-in readers only

    def for_reader(self, *, names: bool, internal_notes: bool) -> Change:
        """This change without what the reader may not see."""
        return dataclasses.replace(
            self,
            who=self.who if names else "",
            internal_note=self.internal_note if internal_notes else "",
            reason=self.reason if internal_notes else "",
        )


@dataclass(frozen=True)
class Period:
    """Local dates ``since``–``until``, both included."""

    since: date
    until: date

    @property
    def start(self) -> datetime:
        return local_midnight(self.since)

    @property
    def end(self) -> datetime:
        """The first moment after the period."""
        return local_midnight(self.until + timedelta(days=1))


def default_since(programme: Programme, today: date) -> tuple[date, CouncilReport | None]:
    """The start of the default period, and the council report it comes from, if any.

    Since the latest council report presented before today (its day included, so
    nothing recorded on the day of the meeting falls between two periods); without one,
    the last ``DEFAULT_DAYS`` days.
    """
    report = CouncilReport.objects.latest_before(programme, today)
    if report is not None:
        return report.date, report
    return today - timedelta(days=DEFAULT_DAYS - 1), None


def longest_period_start(until: date) -> date:
    """The earliest ``since`` allowed for ``until``: ``MAX_YEARS`` years before it."""
    try:
        return until.replace(year=until.year - MAX_YEARS)
    except ValueError:  # 29 February
        return until.replace(year=until.year - MAX_YEARS, day=28)


def collect_changes(
    programme: Programme,
    since: date,
    until: date,
    *,
    goal: GoalNode | None = None,
    unit: ResponsibleUnit | None = None,
) -> list[Change]:
    """Everything that changed in ``programme`` from ``since`` to ``until``, newest first.

    Names of people are included; the caller removes what its reader may not see
    (``Change.for_reader``).
    """
    if goal is not None and goal.programme_id != programme.pk:
        raise ValueError("The goal belongs to another programme.")
    scope = _Scope.of(programme, goal, unit)
    period = Period(since, until)
    changes = [
        *_status_changes(scope, period),
        *_indicator_values(scope, period),
        *_structure_changes(scope, period),
    ]
    changes.sort(key=lambda c: (_KIND_ORDER[c.kind], c.subject_label))
    changes.sort(key=attrgetter("when"), reverse=True)
    return changes


def group_by_kind(changes: list[Change]) -> list[tuple[ChangeKind, str, list[Change]]]:
    """``(kind, heading, changes)`` for every kind, in page order, empty kinds included."""
    grouped: dict[ChangeKind, list[Change]] = defaultdict(list)
    for change in changes:
        grouped[change.kind].append(change)
    return [(kind, str(HEADINGS[kind]), grouped[kind]) for kind in ChangeKind]


# ---------------------------------------------------------------------------
# Scope
# ---------------------------------------------------------------------------


@dataclass
class _Scope:
    programme: Programme
    goal_ids: set[int] | None
    unit_ids: set[int] | None
    action_ids: QuerySet  # a subquery: the actions in scope, as they are now

    @classmethod
    def of(cls, programme: Programme, goal: GoalNode | None, unit: ResponsibleUnit | None):
        goal_ids = unit_ids = None
        actions = Action.objects.filter(programme=programme)
        if goal is not None:
            ladder = Ladder.load(programme, with_actions=False)
            goal_ids = {g.pk for g in ladder.goals_beneath(ladder.rung(goal))}
            actions = actions.filter(goal__in=goal_ids)
        if unit is not None:
            unit_ids = unit.ids_with_units_beneath()
            actions = actions.filter(responsibilities__unit__in=unit_ids)
        return cls(programme, goal_ids, unit_ids, actions.values("pk"))

    @property
    def filtered(self) -> bool:
        return self.goal_ids is not None or self.unit_ids is not None


def _primary_unit_name(action_ref: str) -> Subquery:
    return Subquery(
        ActionResponsibility.objects.filter(
            action=OuterRef(action_ref), role=ActionResponsibility.Role.PRIMARY
        ).values("unit__name")[:1]
    )


# ---------------------------------------------------------------------------
# Status updates, status changes and bottlenecks
# ---------------------------------------------------------------------------


def _status_changes(scope: _Scope, period: Period) -> list[Change]:
    updates = list(
        ActionStatusUpdate.objects.filter(
            action__in=scope.action_ids,
            created_at__gte=period.start,
            created_at__lt=period.end,
        )
        .select_related("action", "author")
        .annotate(primary_unit=_primary_unit_name("action_id"))
        .order_by("action_id", "created_at", "id")
    )
    if not updates:
        return []
    just_before = Subquery(
        ActionStatusUpdate.objects.filter(action=OuterRef("pk"), created_at__lt=period.start)
        .order_by("-created_at", "-id")
        .values("pk")[:1]
    )
    affected = Action.objects.filter(pk__in={u.action_id for u in updates})
    previous = {
        update.action_id: update
        for update in ActionStatusUpdate.objects.filter(
            pk__in=affected.annotate(previous=just_before).values("previous")
        )
    }
    statuses = dict(ActionStatus.choices)
    changes = []
    for action_id, in_period in groupby(updates, key=attrgetter("action_id")):
        before = previous.get(action_id)
        for update in in_period:
            action = update.action
            common = {
                "when": update.created_at,
                "subject_type": str(Action._meta.verbose_name),
                "subject_label": f"{action.identifier} {action.name}",
                "subject_url": reverse("action_detail", args=[action.pk]),
                "who": display_name(update.author),
                "unit": update.primary_unit or "",
            }
            changes.append(
                Change(
                    kind=ChangeKind.STATUS_UPDATE,
                    detail=f"{statuses[update.status]}, {update.completion_percent}\u00a0%",
                    note=update.done,
                    internal_note=update.internal_note,
                    **common,
                )
            )
            status_before = before.status if before is not None else ActionStatus.NOT_STARTED
            if update.status != status_before:
                detail = f"{statuses[status_before]} → {statuses[update.status]}"
                changes.append(Change(kind=ChangeKind.STATUS_CHANGE, detail=detail, **common))
            blocked_before = before is not None and before.has_bottleneck
            if update.has_bottleneck and not blocked_before:
                changes.append(
                    Change(kind=ChangeKind.BOTTLENECK_OPENED, detail=_bottleneck(update), **common)
                )
            elif blocked_before and not update.has_bottleneck:
                changes.append(
                    Change(kind=ChangeKind.BOTTLENECK_CLEARED, detail=_bottleneck(before), **common)
                )
            before = update
    return changes


def _bottleneck(update: ActionStatusUpdate) -> str:
    category = update.get_bottleneck_category_display() if update.bottleneck_category else ""
    return ": ".join(part for part in (str(category).capitalize(), update.bottleneck) if part)


# ---------------------------------------------------------------------------
# Indicator values
# ---------------------------------------------------------------------------


def _indicators_in_scope(scope: _Scope) -> QuerySet:
    """The programme's indicators; under a filter, those measuring what is in scope."""
    if not scope.filtered:
        return Indicator.objects.for_programme(scope.programme).values("pk")
    measured = Q(actions__in=scope.action_ids)
    if scope.unit_ids is None:  # a goal filter alone: its goals' indicators too
        measured |= Q(goals__in=scope.goal_ids)
    return Indicator.objects.filter(measured).values("pk")


def _indicator_values(scope: _Scope, period: Period) -> list[Change]:
    indicators = _indicators_in_scope(scope)
    created = IndicatorValue.history.filter(
        history_type="+",
        indicator__in=indicators,
        history_date__gte=period.start,
        history_date__lt=period.end,
    ).select_related("indicator", "history_user")
    # Values written without history (a bulk load): entered_at is all there is.
    without_history = (
        IndicatorValue.objects.filter(
            indicator__in=indicators, entered_at__gte=period.start, entered_at__lt=period.end
        )
        .exclude(pk__in=IndicatorValue.history.values("id"))
        .select_related("indicator", "entered_by")
    )
    entered = [
        _Entered(
            record,
            record.history_date,
            display_name(record.history_user),
            record.history_change_reason or "",
        )
        for record in created
    ]
    entered += [
        _Entered(value, value.entered_at, display_name(value.entered_by), "", loaded=True)
        for value in without_history
    ]
    return _grouping_bulk_loads(entered)


@dataclass(frozen=True)
class _Entered:
    """A value as entered: when, by whom, and the reason given (an import's file name)."""

    value: object  # an IndicatorValue or its history record
    when: datetime
    who: str
    reason: str
    loaded: bool = False  # written without history, by a bulk insert


def _grouping_bulk_loads(entered: list[_Entered]) -> list[Change]:
    """One change per value entered by hand; one per bulk load.

    Values entered on one day by one person for one reason (an import names its file),
    or written on one day without history (by a bulk insert, whoever they name as
    entered by), count as a bulk load when there are more than ``BULK_LOAD`` of them: a
    city's first import of twenty years of figures is one line, not four hundred.
    """
    batches: dict[tuple, list[_Entered]] = defaultdict(list)
    for item in entered:
        who = "" if item.loaded else item.who
        batches[(timezone.localdate(item.when), who, item.reason, item.loaded)].append(item)
    changes = []
    for (day, _who, reason, _loaded), items in batches.items():
        if len(items) > BULK_LOAD:
            people = {item.who for item in items}
            who = people.pop() if len(people) == 1 else ""
            changes.append(_bulk_change(day, who, reason, items))
        else:
            changes += [_value_change(item) for item in items]
    return changes


def _value_change(item: _Entered) -> Change:
    value = item.value
    indicator = value.indicator
    entered_on = formats.date_format(timezone.localdate(item.when), "SHORT_DATE_FORMAT")
    detail = _("a value for %(period)s entered on %(day)s: %(value)s") % {
        "period": period_label(value.date, indicator),
        "day": entered_on,
        "value": in_unit(value.value, indicator),
    }
    return Change(
        when=item.when,
        kind=ChangeKind.INDICATOR_VALUE,
        subject_type=str(Indicator._meta.verbose_name),
        subject_label=f"{indicator.identifier} {indicator.name}".strip(),
        subject_url=reverse("indicator_detail", args=[indicator.pk]),
        detail=detail,
        who=item.who,
        note=value.note,
    )


def _bulk_change(day: date, who: str, reason: str, items: list[_Entered]) -> Change:
    years = sorted({item.value.date.year for item in items})
    indicators = {item.value.indicator_id for item in items}
    span = str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"
    detail = ngettext(
        "%(count)s values for %(years)s loaded on %(day)s, for %(indicators)s indicator",
        "%(count)s values for %(years)s loaded on %(day)s, for %(indicators)s indicators",
        len(indicators),
    ) % {
        "count": len(items),
        "years": span,
        "day": formats.date_format(day, "SHORT_DATE_FORMAT"),
        "indicators": len(indicators),
    }
    return Change(
        when=max(item.when for item in items),
        kind=ChangeKind.INDICATOR_VALUE,
        subject_type=str(Indicator._meta.verbose_name_plural),
        subject_label=reason or _("A bulk load of values"),
        subject_url="",
        detail=detail,
        who=who,
    )


# ---------------------------------------------------------------------------
# Structure: programme, goals, actions, responsible units
# ---------------------------------------------------------------------------


def _structure_changes(scope: _Scope, period: Period) -> list[Change]:
    programme = scope.programme
    wanted: list[tuple[type[models.Model], Q]] = []
    if not scope.filtered:
        wanted.append((Programme, Q(id=programme.pk)))
    if scope.unit_ids is None:
        goals = Q(programme_id=programme.pk)
        if scope.goal_ids is not None:
            goals &= Q(id__in=scope.goal_ids)
        wanted.append((GoalNode, goals))
    actions = Q(programme_id=programme.pk)
    if scope.goal_ids is not None:
        actions &= Q(goal_id__in=scope.goal_ids)  # where the action was at the time
    if scope.unit_ids is not None:
        actions &= Q(id__in=scope.action_ids)
    wanted.append((Action, actions))
    if scope.goal_ids is None:
        units = Q(id__in=scope.unit_ids) if scope.unit_ids is not None else Q()
        wanted.append((ResponsibleUnit, units))

    changes: list[Change] = []
    for model, condition in wanted:
        records = _records_in_period(model, condition, period)
        if not records:
            continue
        earlier = model.history.model.objects.in_bulk(
            [r.previous_id for r in records if r.history_type == "~" and r.previous_id],
            field_name="history_id",
        )
        type_names = _type_names(model, programme)
        for record in records:
            change = _structure_change(
                model, record, earlier.get(record.previous_id), type_names, programme
            )
            if change is not None:
                changes.append(change)
    return changes


def _records_in_period(model, condition: Q, period: Period) -> list:
    history = model.history.model
    # The same object's record just before: by time, and by id for records in one instant.
    just_before = (
        history.objects.filter(id=OuterRef("id"))
        .filter(
            Q(history_date__lt=OuterRef("history_date"))
            | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id"))
        )
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    records = (
        history.objects.filter(condition)
        .filter(history_date__gte=period.start, history_date__lt=period.end)
        .select_related("history_user")
        .annotate(
            previous_id=Subquery(just_before),
            still_exists=Exists(model.objects.filter(pk=OuterRef("id"))),
        )
    )
    if model is Action:
        records = records.annotate(primary_unit=_primary_unit_name("id"))
    return list(records)


def _type_names(model, programme: Programme) -> dict[int | None, str]:
    """What to call each record's object: a goal by its level's name ("kehityspolku")."""
    fallback = str(model._meta.verbose_name)
    if model is not GoalNode:
        return defaultdict(lambda: fallback)
    names = dict(GoalLevel.objects.filter(programme=programme).values_list("pk", "name"))
    return defaultdict(lambda: fallback, names)


def _structure_change(model, record, earlier, type_names, programme) -> Change | None:
    if record.history_type == "+":
        detail = _("created")
    elif record.history_type == "-":
        detail = _("deleted")
    else:
        fields = _changed_fields(model, record, earlier) if earlier is not None else []
        if not fields and not record.history_change_reason:
            return None  # a status update's side effect, or a save that changed nothing
        detail = _("changed") + (": " + "; ".join(fields) if fields else "")
    url = ""
    if record.still_exists and record.history_type != "-":
        url = _structure_url(model, record, programme)
    return Change(
        when=record.history_date,
        kind=ChangeKind.STRUCTURE,
        subject_type=type_names[getattr(record, "level_id", None)],
        subject_label=str(record.instance),
        subject_url=url,
        detail=detail,
        who=display_name(record.history_user),
        unit=getattr(record, "primary_unit", None) or "",
        reason=record.history_change_reason or "",
    )


def _changed_fields(model, record, earlier) -> list[str]:
    """Each field a reader would see changed: "end date: 31.12.2025 → 31.12.2026"."""
    described = []
    for field in type(record).tracked_fields:
        if field.name in HIDDEN or (model is Action and field.name in _SET_BY_STATUS_UPDATES):
            continue
        old, new = getattr(earlier, field.attname), getattr(record, field.attname)
        if old == new:
            continue
        label = str(field.verbose_name)
        if isinstance(field, _QUOTABLE) and not field.is_relation:
            described.append(f"{label}: {_shown(field, old)} → {_shown(field, new)}")
        else:
            described.append(label)
    return described


def _shown(field, value) -> str:
    if value is None or value == "":
        return "–"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return str(value)  # years and identifiers read wrong with thousand separators


def _structure_url(model, record, programme: Programme) -> str:
    if model is Programme:
        return f"{reverse('overview')}?programme={record.slug}"
    if model is GoalNode:
        return reverse("goal_detail", args=[record.id])
    if model is Action:
        return reverse("action_detail", args=[record.id])
    return f"{reverse('action_list')}?programme={programme.slug}&unit={record.id}"
