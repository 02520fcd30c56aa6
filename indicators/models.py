"""Indicators: what is measured, with a baseline, targets and dated values."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from indicators.choices import Direction, RateKind, TimeResolution
from indicators.verdicts import VERDICT_LABELS, Verdict, VerdictKind, default_rate_kind, verdict_for
from programmes.models import Action, GoalNode, Programme
from programmes.translation import Translatable, translations_of

logger = logging.getLogger(__name__)


SERIES = ("targets", "values", "goals")
"""What verdicts and charts read of an indicator, prefetched (``with_series``)."""


class IndicatorQuerySet(models.QuerySet):
    def visible_to(self, user) -> IndicatorQuerySet:
        """Indicators measuring something in a programme ``user`` may read, or nothing yet."""
        programmes = Programme.objects.visible_to(user)
        goal_links = self.model.goals.through.objects
        action_links = self.model.actions.through.objects
        # Subqueries, not joins and DISTINCT (see ``for_programme``).
        return self.filter(
            Q(pk__in=goal_links.filter(goalnode__programme__in=programmes).values("indicator_id"))
            | Q(pk__in=action_links.filter(action__programme__in=programmes).values("indicator_id"))
            | (
                ~Q(pk__in=goal_links.values("indicator_id"))
                & ~Q(pk__in=action_links.values("indicator_id"))
            )
        )

    def for_programme(self, programme) -> IndicatorQuerySet:
        """Indicators measuring any goal or action of the programme.

        Two subqueries, not joins: joining both links multiplied the rows, and the
        DISTINCT over every column that undid it took PostgreSQL 25 ms for Salo's 45."""
        links = self.model.goals.through.objects.filter(goalnode__programme=programme)
        action_links = self.model.actions.through.objects.filter(action__programme=programme)
        return self.filter(
            Q(pk__in=links.values("indicator_id")) | Q(pk__in=action_links.values("indicator_id"))
        )

    def with_series(self) -> IndicatorQuerySet:
        """Prefetch what verdicts and charts read: targets, values and measured goals."""
        return self.prefetch_related(*SERIES)


class Indicator(Translatable, models.Model):
    TRANSLATED = ("name", "description")

    Direction = Direction
    TimeResolution = TimeResolution

    identifier = models.CharField(_("identifier"), max_length=20, blank=True)
    name = models.CharField(_("name"), max_length=200)
    name_sv, name_en = translations_of(name)
    description = models.TextField(_("description"), blank=True)
    description_sv, description_en = translations_of(description)
    unit = models.CharField(_("unit"), max_length=40, help_text=_("e.g. kt CO2e, %, m³"))
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.DECREASE
    )
    decimals = models.PositiveSmallIntegerField(_("decimals"), default=1)
    rate_kind = models.CharField(
        _("change is measured as"),
        max_length=10,
        choices=RateKind.choices,
        blank=True,
        help_text=_(
            "Compound for quantities that shrink or grow in proportion to their size, such "
            "as emissions; linear for shares in per cent, read in percentage points. Left "
            "empty, it is chosen from the unit when the indicator is saved."
        ),
    )
    component_of = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="components",
        verbose_name=_("component of"),
        help_text=_(
            "The total this indicator's values add up to with its sibling components, "
            "e.g. area emissions for the road transport sector."
        ),
    )
    time_resolution = models.CharField(
        _("time resolution"),
        max_length=10,
        choices=TimeResolution.choices,
        default=TimeResolution.YEARLY,
    )
    source = models.CharField(
        _("source / data owner"),
        max_length=300,
        blank=True,
        help_text=_("Who provides the values, e.g. Syke, the ALas model (CC BY 4.0)."),
    )
    source_url = models.URLField(_("source address"), blank=True)
    contact_persons = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="contact_indicators",
        verbose_name=_("contact persons"),
    )
    goals = models.ManyToManyField(
        GoalNode,
        blank=True,
        related_name="indicators",
        verbose_name=_("measures goals"),
        help_text=_("The main goals, paths or focus areas this indicator measures."),
    )
    actions = models.ManyToManyField(
        Action,
        blank=True,
        related_name="indicators",
        verbose_name=_("measures actions"),
    )
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    baseline_value = models.FloatField(_("baseline value"), null=True, blank=True)
    is_featured = models.BooleanField(
        _("featured on the overview"),
        default=False,
        help_text=_("Featured indicators are charted on the programme overview."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords(m2m_fields=[goals, actions, contact_persons])

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(baseline_year__isnull=True, baseline_value__isnull=True)
                | Q(baseline_year__isnull=False, baseline_value__isnull=False),
                name="indicator_baseline_complete",
                violation_error_message=_("Give both the baseline year and value, or neither."),
            ),
            models.CheckConstraint(
                condition=Q(decimals__lte=6), name="indicator_decimals_at_most_6"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.rate_kind:
            self.rate_kind = default_rate_kind(self.unit)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.component_of_id is not None and self.pk is not None:
            total = self.component_of
            while total is not None:
                if total.pk == self.pk:
                    raise ValidationError(
                        {"component_of": _("An indicator cannot be a component of itself.")}
                    )
                total = total.component_of

    @cached_property
    def verdict(self) -> Verdict:
        return verdict_for(self)

    @property
    def verdict_summary(self) -> StoredVerdict:
        """The verdict's kind and ratio, as stored beside the indicator: all that counting
        and ordering verdicts need, without reading the series. Select ``stored_verdict``
        with the indicators. A missing row (a bulk write that did not renew it) is
        computed from the series instead, and logged."""
        try:
            return self.stored_verdict
        except StoredVerdict.DoesNotExist:
            logger.warning("Indicator %s has no stored verdict; computed from its series", self.pk)
            verdict = self.verdict
            return StoredVerdict(indicator=self, code=verdict.kind, ratio=verdict.ratio)

    @property
    def latest_value(self) -> IndicatorValue | None:
        values = list(self.values.all())
        return values[-1] if values else None


class StoredVerdict(models.Model):
    """An indicator's verdict kind and ratio R, kept so that the pages counting and
    sorting verdicts (the ladder's outcomes, the overview, the indicator list) need not
    read every series. Derived data: always equal to the verdict of the indicator's
    current baseline, targets and values, renewed in the same transaction as every
    change to them (``indicators.stored_verdicts``); rebuilt by ``manage.py
    rebuild_verdicts``; never edited, never in a backup."""

    indicator = models.OneToOneField(
        Indicator,
        models.CASCADE,
        primary_key=True,
        related_name="stored_verdict",
        verbose_name=_("indicator"),
    )
    code = models.CharField(
        _("verdict"), max_length=20, choices=[(k.value, VERDICT_LABELS[k]) for k in VerdictKind]
    )
    ratio = models.FloatField(_("ratio of the actual to the required rate"), null=True)

    class Meta:
        verbose_name = _("stored verdict")
        verbose_name_plural = _("stored verdicts")

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.code}"

    @property
    def kind(self) -> VerdictKind:
        return VerdictKind(self.code)

    @property
    def label(self) -> str:
        return self.kind.label


class IndicatorTarget(models.Model):
    indicator = models.ForeignKey(
        Indicator, models.CASCADE, related_name="targets", verbose_name=_("indicator")
    )
    year = models.PositiveSmallIntegerField(_("target year"))
    value = models.FloatField(_("target value"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="target_year_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.value:g}"


class IndicatorValue(models.Model):
    indicator = models.ForeignKey(
        Indicator, models.CASCADE, related_name="values", verbose_name=_("indicator")
    )
    date = models.DateField(_("date"), help_text=_("For a yearly value, the last day of the year."))
    value = models.FloatField(_("value"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    entered_at = models.DateTimeField(_("entered at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("value")
        verbose_name_plural = _("values")
        ordering = ["indicator", "date"]
        get_latest_by = "date"
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "date"],
                name="indicator_value_date_unique",
                violation_error_message=_("This indicator already has a value for that date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date}: {self.value:g}"
