"""Follow-up reports presented to the council: the milestones "what changed" counts from."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from programmes.models import Programme


class CouncilReportQuerySet(models.QuerySet):
    def latest_before(self, programme: Programme, day: date) -> CouncilReport | None:
        """The programme's latest report presented before ``day`` (not on it)."""
        return self.filter(programme=programme, date__lt=day).order_by("-date", "-pk").first()


class CouncilReport(models.Model):
    """A follow-up report on a programme, as presented to a decision-making body."""

    programme = models.ForeignKey(
        Programme, models.CASCADE, related_name="council_reports", verbose_name=_("programme")
    )
    date = models.DateField(_("presented on"))
    body = models.CharField(
        _("presented to"),
        max_length=200,
        help_text=_("The body the report was presented to, e.g. Kaupunginvaltuusto."),
    )
    title = models.CharField(_("title"), max_length=300)
    notes = models.TextField(
        _("notes"), blank=True, help_text=_("For the administration; not shown on the site.")
    )

    objects = CouncilReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("council report")
        verbose_name_plural = _("council reports")
        ordering = ["-date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "date", "body"],
                name="council_report_unique_per_body_and_day",
                violation_error_message=_(
                    "This body already has a report on this programme for that day."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{formats.date_format(self.date, 'SHORT_DATE_FORMAT')} {self.body}: {self.title}"


class MonitoringReportQuerySet(models.QuerySet):
    def visible_to(self, user) -> MonitoringReportQuerySet:
        """Reports on the programmes the reader may see."""
        return self.filter(programme__in=Programme.objects.visible_to(user))

    def latest_frozen(self, programme: Programme) -> MonitoringReport | None:
        """The programme's report most recently handled by the council."""
        return (
            self.filter(programme=programme, council_report__isnull=False)
            .select_related("council_report")
            .order_by("-council_report__date", "-pk")
            .first()
        )


class MonitoringReport(models.Model):
    """The monitoring report (seurantaraportti) on a programme for a period.

    Until the council handles it, its page shows the figures as they are today. Marking
    it handled (``reports.freezing.freeze``) records the meeting as a ``CouncilReport``
    and stores the page's whole content in ``snapshot``: from then on the page shows
    only that, whatever later happens to the actions, the values or the structure.
    """

    programme = models.ForeignKey(
        Programme, models.PROTECT, related_name="monitoring_reports", verbose_name=_("programme")
    )
    title = models.CharField(
        _("title"), max_length=300, help_text=_("For example Seurantaraportti 2025.")
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    language = models.CharField(
        _("language of the report"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="fi",
        help_text=_("The report's own text and figures are written in this language."),
    )
    introduction = models.TextField(
        _("introduction"), blank=True, help_text=_("Shown at the start of the report.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    council_report = models.OneToOneField(
        CouncilReport,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="monitoring_report",
        verbose_name=_("handled by the council"),
        editable=False,
    )
    snapshot = models.JSONField(_("stored content"), null=True, blank=True, editable=False)
    frozen_at = models.DateTimeField(_("frozen"), null=True, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["snapshot"])
    objects = MonitoringReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("monitoring report")
        verbose_name_plural = _("monitoring reports")
        ordering = ["-period_end", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="monitoring_report_period_in_order",
                violation_error_message=_("The period must end on or after its first day."),
            ),
            models.CheckConstraint(
                condition=models.Q(council_report__isnull=True, snapshot__isnull=True)
                | models.Q(council_report__isnull=False, snapshot__isnull=False),
                name="monitoring_report_frozen_with_its_meeting",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("report_detail", args=[self.pk])

    @property
    def is_frozen(self) -> bool:
        return self.council_report_id is not None
