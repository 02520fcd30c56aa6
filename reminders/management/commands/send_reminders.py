"""``manage.py send_reminders``: each person's digest of what needs their attention.

Run it daily from cron. Each person gets at most one email per
``REMINDER_INTERVAL_DAYS`` (7 by default, counted in calendar days), however often the
command runs, and only when something of theirs needs attention (``reminders.digest``
says what). Skipped: people who switched reminders off in their profile, and people
sent a digest within the interval.

Every email sent or attempted is logged as a ``Reminder`` (see the admin). A failure for
one person (a refused address, no address at all) is logged, reported on stderr with a
"N failed" line and retried on the next run; the others are still sent, and the command
exits 0, so that one bad address does not turn the cron job red every day. Errors that
are not about one recipient (a broken template, the database) stop it with a traceback.

``--dry-run`` prints what would be sent and neither sends nor logs anything.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from accounts.roles import COORDINATOR
from reminders.digest import Digest, plan_digests
from reminders.mail import address_problem, build_message, deliver
from reminders.models import Reminder


def _count(items: list, noun: str) -> str:
    return f"{len(items)} {noun}{'' if len(items) == 1 else 's'}"


def _counts(digest: Digest) -> str:
    parts = [_count(digest.actions, "action"), _count(digest.indicators, "indicator")]
    if digest.escalations:
        parts.append(_count(digest.escalations, "escalated action"))
    return ", ".join(parts)


class Command(BaseCommand):
    help = (
        "Email each contact person one digest of their stale, soon due and late actions and "
        "their indicators with a value due; actions without an active contact person go to "
        "the coordinators. Run daily; a person gets at most one email per "
        "REMINDER_INTERVAL_DAYS."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print who would get what; send nothing and record nothing.",
        )

    def handle(self, *args, dry_run: bool, verbosity: int, **options) -> None:
        today = timezone.localdate()
        interval = settings.REMINDER_INTERVAL_DAYS
        plan = plan_digests(today)
        recent = Reminder.objects.recently_reminded(today, interval)
        # A dry run always says what it would do; a real run lists its sends at -v 1 and up.
        chatty = dry_run or verbosity >= 1
        counts = dict.fromkeys(["sent", "failed", "recent", "opted_out"], 0)

        for digest in plan.digests:
            who = digest.email or digest.recipient.get_username()
            if not digest.receives_reminders:
                counts["opted_out"] += 1
                if chatty:
                    self.stdout.write(f"Skip {who}: reminders switched off.")
                continue
            if digest.recipient.pk in recent:
                counts["recent"] += 1
                if chatty:
                    self.stdout.write(f"Skip {who}: reminded within the last {interval} days.")
                continue
            message = build_message(digest, today)
            detail = f"({digest.language}, {_counts(digest)}): {message.subject}"
            if dry_run:
                problem = address_problem(digest)
                verdict = f"Would fail for {who}: {problem}" if problem else f"Would send to {who}"
                self.stdout.write(f"{verdict} {detail}")
                counts["failed" if problem else "sent"] += 1
                continue
            reminder = deliver(digest, message)
            if reminder.status == Reminder.Status.FAILED:
                counts["failed"] += 1
                self.stderr.write(f"FAILED {who}: {reminder.error}")
            else:
                counts["sent"] += 1
                if chatty:
                    self.stdout.write(f"Sent to {who} {detail}")

        self._report_escalations(plan)
        self._summary(counts, interval, dry_run, chatty)

    def _report_escalations(self, plan) -> None:
        if not plan.escalations:
            return
        receiving = [d for d in plan.digests if d.escalations and d.receives_reminders]
        if not receiving:
            self.stderr.write(
                f"{len(plan.escalations)} actions need attention but have no active contact "
                f"person, and no coordinator receives them: no active member of the group "
                f'"{COORDINATOR}" with an email address has reminders switched on.'
            )

    def _summary(self, counts: dict[str, int], interval: int, dry_run: bool, chatty: bool) -> None:
        skipped = (
            f"{counts['recent']} skipped (reminded within the last {interval} days), "
            f"{counts['opted_out']} skipped (reminders switched off)"
        )
        if dry_run:
            self.stdout.write(
                f"Dry run: {counts['sent']} would be sent, {counts['failed']} would fail, "
                f"{skipped}. Nothing was sent or recorded."
            )
            return
        if chatty:
            self.stdout.write(
                f"Reminders: {counts['sent']} sent, {counts['failed']} failed, {skipped}."
            )
        if counts["failed"]:
            self.stderr.write(
                f"{counts['failed']} failed: see Reminders in the admin; they are retried on "
                "the next run."
            )
