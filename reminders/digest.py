"""Who is reminded of what: the items of each person's reminder digest.

**Actions.** Only actions of the programmes in force are considered. An action needs
attention when its status update is *stale* or *due soon*, or when it is *late* (past its
end date), as ``programmes.action_rules`` judges them (``Action.freshness`` and
``Action.schedule``). It is listed in the digest of each of its *active* contact persons.
An action that needs attention but has no contact person, or only inactive ones, is
*escalated*: it is listed instead, in a section of its own, in the digest of every
coordinator (an active member of the ``accounts.roles.COORDINATOR`` group with an email
address). A contact person who has switched reminders off still counts as active: their
actions are not escalated, they simply get no email.

**Indicators.** An indicator measuring a goal or an action of a programme in force is
listed in the digest of each of its active contact persons when its next value is due
(``indicators.due``, which states the rule the bottleneck view uses too). Indicators
are not escalated.

Who is skipped (reminders switched off, reminded recently) is the command's business;
this module only says what each person's digest would hold.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Max, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.roles import COORDINATOR
from indicators.due import DueReason, ValueDue, value_due
from indicators.models import Indicator
from programmes.action_rules import Freshness
from programmes.models import Action, Programme
from programmes.pages import ActionRow


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _short(day: date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


@dataclass(frozen=True)
class ActionItem:
    """An action that needs attention, with its flags as the dashboard shows them."""

    row: ActionRow

    @property
    def action(self) -> Action:
        return self.row.action

    @property
    def url(self) -> str:
        return absolute_url(reverse("action_update", args=[self.action.pk]))

    @property
    def admin_url(self) -> str:
        return absolute_url(reverse("admin:programmes_action_change", args=[self.action.pk]))

    @property
    def flags(self) -> list[str]:
        flags = [str(self.row.schedule)] if self.row.late else []
        if self.row.freshness is not Freshness.FRESH:
            flags.append(str(self.row.freshness))
        return flags

    @property
    def reasons(self) -> list[str]:
        """The flags in words, in the active language (call inside ``override``)."""
        reasons = []
        if self.row.late:
            reasons.append(
                _("late: the end date was %(date)s") % {"date": _short(self.action.end_date)}
            )
        updated = self.action.last_update_at
        updated = timezone.localdate(updated) if updated else None
        if self.row.freshness is Freshness.STALE:
            if updated is None:
                reasons.append(_("stale: never updated"))
            else:
                reasons.append(_("stale: last updated %(date)s") % {"date": _short(updated)})
        elif self.row.freshness is Freshness.DUE_SOON:
            reasons.append(_("update due soon: last updated %(date)s") % {"date": _short(updated)})
        return reasons

    def summary(self, section: str) -> dict[str, Any]:
        return {
            "section": section,
            "action": self.action.pk,
            "identifier": self.action.identifier,
            "name": self.action.name,
            "flags": self.flags,
            "url": self.url,
        }


@dataclass(frozen=True)
class IndicatorItem:
    indicator: Indicator
    due: ValueDue

    @property
    def url(self) -> str:
        return absolute_url(reverse("indicator_values", args=[self.indicator.pk]))

    @property
    def reason(self) -> str:
        """The reason in words, in the active language (call inside ``override``)."""
        due = self.due
        if due.reason is DueReason.NO_VALUES:
            return _("no values yet")
        if due.reason is DueReason.MONTHS_MISSING:
            return _("no value since %(date)s") % {"date": _short(due.latest)}
        return _("the latest value is for %(latest)s; a value for %(expected)s is expected") % {
            "latest": due.latest.year,
            "expected": due.expected_year,
        }

    def summary(self) -> dict[str, Any]:
        return {
            "section": "indicators",
            "indicator": self.indicator.pk,
            "name": self.indicator.name,
            "reason": str(self.due.reason),
            "latest": self.due.latest.isoformat() if self.due.latest else None,
            "url": self.url,
        }


@dataclass
class Digest:
    """One person's email: their own actions and indicators, and escalations if any."""

    recipient: Any
    actions: list[ActionItem] = field(default_factory=list)
    indicators: list[IndicatorItem] = field(default_factory=list)
    escalations: list[ActionItem] = field(default_factory=list)

    @property
    def item_count(self) -> int:
        return len(self.actions) + len(self.indicators) + len(self.escalations)

    @property
    def email(self) -> str:
        return self.recipient.email.strip()

    @property
    def profile(self):
        return getattr(self.recipient, "profile", None)

    @property
    def receives_reminders(self) -> bool:
        """Everyone does, unless they have switched reminders off in their profile."""
        return self.profile is None or self.profile.receives_reminders

    @property
    def language(self) -> str:
        language = self.profile.language if self.profile else ""
        available = {code for code, _name in settings.LANGUAGES}
        return language if language in available else settings.LANGUAGE_CODE

    @property
    def is_escalation(self) -> bool:
        return bool(self.escalations)

    def summary(self) -> list[dict[str, Any]]:
        return [
            *(item.summary("actions") for item in self.actions),
            *(item.summary() for item in self.indicators),
            *(item.summary("escalations") for item in self.escalations),
        ]


@dataclass
class Plan:
    """Every digest that today's data calls for, before anyone is skipped."""

    digests: list[Digest]
    escalations: list[ActionItem]
    coordinators: list[Any]


def _people():
    return get_user_model().objects.select_related("profile")


def _by_need(items: Iterable[ActionItem]) -> list[ActionItem]:
    """Stale first (their updates are overdue), then late, as "my actions" sorts them."""
    return sorted(items, key=lambda i: (not i.row.stale, not i.row.late, i.action.identifier))


def actions_needing_attention(today: date) -> list[ActionItem]:
    in_force = Programme.objects.in_force()
    actions = (
        Action.objects.filter(programme__in=in_force)
        .with_flag_data()
        .prefetch_related(Prefetch("contact_persons", queryset=_people()))
    )
    items = []
    for action in actions:
        row = ActionRow.of(action, today)
        if row.late or row.freshness is not Freshness.FRESH:
            items.append(ActionItem(row))
    return _by_need(items)


def indicators_due(today: date) -> list[IndicatorItem]:
    in_force = Programme.objects.in_force()
    measuring = Indicator.objects.filter(
        Q(goals__programme__in=in_force) | Q(actions__programme__in=in_force)
    ).values("pk")
    indicators = (
        Indicator.objects.filter(pk__in=measuring)
        .annotate(latest_value_date=Max("values__date"))
        .prefetch_related(Prefetch("contact_persons", queryset=_people()))
    )
    items = []
    for indicator in indicators:
        due = value_due(indicator.time_resolution, indicator.latest_value_date, today)
        if due is not None:
            items.append(IndicatorItem(indicator, due))
    return items


def coordinators():
    """Who receives escalations: active coordinators with an email address."""
    return list(
        _people().filter(is_active=True, groups__name=COORDINATOR).exclude(email="").distinct()
    )


def plan_digests(today: date) -> Plan:
    digests: dict[int, Digest] = {}

    def digest_of(person) -> Digest:
        return digests.setdefault(person.pk, Digest(person))

    escalations = []
    for item in actions_needing_attention(today):
        active = [p for p in item.action.contact_persons.all() if p.is_active]
        if not active:
            escalations.append(item)
        for person in active:
            digest_of(person).actions.append(item)
    for item in indicators_due(today):
        for person in item.indicator.contact_persons.all():
            if person.is_active:
                digest_of(person).indicators.append(item)
    receivers = coordinators() if escalations else []
    for person in receivers:
        digest_of(person).escalations.extend(escalations)
    ordered = sorted(digests.values(), key=lambda d: (d.email.lower(), d.recipient.get_username()))
    return Plan(ordered, escalations, receivers)
