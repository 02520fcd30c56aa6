"""The log of reminder emails: what was sent to whom, and what failed."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReminderQuerySet(models.QuerySet):
    def sent(self) -> ReminderQuerySet:
        return self.filter(status=Reminder.Status.SENT)

    def recently_reminded(self, today: date, interval_days: int) -> set[int]:
        """Ids of the users sent a reminder within the last ``interval_days`` calendar days.

        Counted in whole local days, not hours: a daily cron job that starts a minute
        earlier than last week still sends on the seventh day. Failed sends do not count,
        so a failure is retried on the next run.
        """
        since = timezone.make_aware(
            datetime.combine(today - timedelta(days=interval_days - 1), time.min)
        )
        return set(
            self.sent()
            .filter(sent_at__gte=since, recipient__isnull=False)
            .values_list("recipient_id", flat=True)
        )


class Reminder(models.Model):
    """One digest email, sent or attempted. Written by ``manage.py send_reminders``."""

    class Kind(models.TextChoices):
        DIGEST = "digest", _("digest")
        ESCALATION = "escalation", _("digest with escalations")

    class Status(models.TextChoices):
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name=_("recipient"),
    )
    email = models.CharField(_("email address"), max_length=254, blank=True)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now, db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.DIGEST)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    error = models.TextField(_("error"), blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    item_count = models.PositiveIntegerField(_("items"), default=0)
    items = models.JSONField(
        _("items"), default=list, blank=True, help_text=_("The actions and indicators listed.")
    )

    objects = ReminderQuerySet.as_manager()

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-sent_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "status", "sent_at"], name="reminder_recipient_sent"),
        ]

    def __str__(self) -> str:
        return f"{self.email or '—'} {timezone.localtime(self.sent_at):%Y-%m-%d %H:%M}"
