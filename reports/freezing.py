"""Marking a monitoring report handled, which freezes its content, and comparing with it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from indicators.models import Indicator
from indicators.verdicts import VERDICT_LABELS
from programmes.choices import ActionStatus
from programmes.models import Action, Programme
from reports import content
from reports.models import CouncilReport, MonitoringReport


def freeze(report: MonitoringReport, *, handled_on: date, body: str) -> MonitoringReport:
    """Record that ``body`` handled ``report`` on ``handled_on``, and store its content.

    One transaction: the council report, the snapshot and the report are written
    together, or nothing is. A report is frozen once; the stored content is what the
    page shows from then on.
    """
    body = body.strip()
    if not body:
        raise ValidationError({"handled_by": _("Name the body that handled the report.")})
    with transaction.atomic():
        locked = MonitoringReport.objects.select_for_update().get(pk=report.pk)
        if locked.is_frozen:
            raise ValidationError(_("This report has already been handled; it cannot change."))
        meeting = CouncilReport(
            programme=locked.programme, date=handled_on, body=body, title=locked.title
        )
        meeting.full_clean()
        meeting.save()
        locked.snapshot = content.build(locked)
        locked.council_report = meeting
        locked.frozen_at = timezone.now()
        locked.save(update_fields=["snapshot", "council_report", "frozen_at"])
    return locked


def content_of(report: MonitoringReport) -> dict:
    """What the report page shows: the stored content once handled, today's until then."""
    return report.snapshot if report.is_frozen else content.build(report)


@dataclass(frozen=True)
class StatusChange:
    action_id: int
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class VerdictChange:
    indicator_id: int
    label: str
    before: str
    after: str


@dataclass
class Comparison:
    """Today's statuses and verdicts against the last report the council handled."""

    report: MonitoringReport
    statuses: list[StatusChange]
    verdicts: list[VerdictChange]
    new_actions: int
    removed_actions: int


def compare(programme: Programme, current: dict | None = None) -> Comparison | None:
    """Status changes per action and verdict changes per indicator since the programme's
    last handled report, or ``None`` when it has none. ``current`` is a report's content
    to compare instead of today's figures."""
    report = MonitoringReport.objects.latest_frozen(programme)
    if report is None:
        return None
    then = report.snapshot
    if current is None:
        actions = Action.objects.filter(programme=programme).order_by("order", "identifier")
        indicators = Indicator.objects.for_programme(programme).select_related("stored_verdict")
        current = {
            "statuses": content.statuses_of(actions),
            "verdicts": content.verdicts_of(indicators),
        }
    statuses, verdicts = dict(ActionStatus.choices), {str(k): v for k, v in VERDICT_LABELS.items()}
    status_changes = [
        StatusChange(
            int(pk),
            f"{now['identifier']} {now['name']}",
            str(statuses.get(then["statuses"][pk]["status"], then["statuses"][pk]["status"])),
            str(statuses.get(now["status"], now["status"])),
        )
        for pk, now in current["statuses"].items()
        if pk in then["statuses"] and then["statuses"][pk]["status"] != now["status"]
    ]
    verdict_changes = [
        VerdictChange(
            int(pk),
            f"{now['identifier']} {now['name']}".strip(),
            str(verdicts.get(then["verdicts"][pk]["kind"], then["verdicts"][pk]["kind"])),
            str(verdicts.get(now["kind"], now["kind"])),
        )
        for pk, now in current["verdicts"].items()
        if pk in then["verdicts"] and then["verdicts"][pk]["kind"] != now["kind"]
    ]
    return Comparison(
        report,
        status_changes,
        verdict_changes,
        new_actions=len(current["statuses"].keys() - then["statuses"].keys()),
        removed_actions=len(then["statuses"].keys() - current["statuses"].keys()),
    )
