"""Impact estimates: what an action is expected to cut from one sector's emissions."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from programmes.models import Action, Programme


class ImpactEstimateQuerySet(models.QuerySet):
    def visible_to(self, user) -> ImpactEstimateQuerySet:
        """The estimates of actions in the programmes ``user`` may read."""
        return self.filter(action__programme__in=Programme.objects.visible_to(user))


class ImpactEstimate(models.Model):
    """An action's expected annual reduction on one sector component, with its range."""

    action = models.ForeignKey(
        Action, models.CASCADE, related_name="impact_estimates", verbose_name=_("action")
    )
    sector = models.ForeignKey(
        "indicators.Indicator",
        models.CASCADE,
        related_name="impact_estimates",
        verbose_name=_("sector"),
        limit_choices_to={"component_of__isnull": False},
        help_text=_("The sector component of an emissions indicator, e.g. road transport."),
    )
    annual_reduction = models.FloatField(
        _("annual reduction when fully in effect"),
        help_text=_("In the sector indicator's unit a year, e.g. kt CO2e a year."),
    )
    low = models.FloatField(_("low estimate"), help_text=_("The low end of the uncertainty range."))
    high = models.FloatField(
        _("high estimate"), help_text=_("The high end of the uncertainty range.")
    )
    start_year = models.PositiveSmallIntegerField(_("start year"))
    full_effect_year = models.PositiveSmallIntegerField(
        _("year of full effect"),
        help_text=_("The effect grows linearly from the start year to this year."),
    )
    method = models.TextField(
        _("method or source"), help_text=_("One sentence: how the figure was estimated.")
    )
    estimated_by = models.CharField(_("estimated by"), max_length=200)
    estimated_on = models.DateField(_("estimated on"))

    history = HistoricalRecords()

    objects = ImpactEstimateQuerySet.as_manager()

    class Meta:
        verbose_name = _("impact estimate")
        verbose_name_plural = _("impact estimates")
        ordering = ["action", "sector", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(low__lte=F("annual_reduction")) & Q(annual_reduction__lte=F("high")),
                name="impact_estimate_range_ordered",
                violation_error_message=_(
                    "The low estimate cannot exceed the estimate, nor the estimate the high one."
                ),
            ),
            models.CheckConstraint(
                condition=Q(start_year__lte=F("full_effect_year")),
                name="impact_estimate_years_ordered",
                violation_error_message=_("The year of full effect is before the start year."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action.identifier}: {self.sector} {self.annual_reduction:g}"

    def clean(self) -> None:
        errors = {}
        if self.sector_id is not None and self.sector.component_of_id is None:
            errors["sector"] = _("Choose a sector: an indicator that is a component of a total.")
        if (
            self.low is not None
            and self.annual_reduction is not None
            and self.low > self.annual_reduction
        ):
            errors["low"] = _("The low estimate cannot exceed the estimate.")
        if (
            self.high is not None
            and self.annual_reduction is not None
            and self.high < self.annual_reduction
        ):
            errors["high"] = _("The high estimate cannot be below the estimate.")
        if (
            self.start_year is not None
            and self.full_effect_year is not None
            and self.full_effect_year < self.start_year
        ):
            errors["full_effect_year"] = _("The year of full effect is before the start year.")
        if errors:
            raise ValidationError(errors)
