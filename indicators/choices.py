"""Choices shared by the indicator models and the rules in ``indicators.verdicts`` and
``indicators.due``."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Direction(models.TextChoices):
    DECREASE = "decrease", _("a decrease is better")
    INCREASE = "increase", _("an increase is better")


class TimeResolution(models.TextChoices):
    YEARLY = "yearly", _("yearly")
    MONTHLY = "monthly", _("monthly")


class RateKind(models.TextChoices):
    """How change is measured, which decides how the required and actual rates are read."""

    COMPOUND = "compound", _("compound: per cent a year (emissions, energy, counts)")
    LINEAR = "linear", _("linear: units a year (shares in per cent, amounts that reach zero)")
