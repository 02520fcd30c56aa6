"""Follow-up reports presented to the council: the milestones "what changed" counts from."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.utils import formats
from django.utils.translation import gettext_lazy as _

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
