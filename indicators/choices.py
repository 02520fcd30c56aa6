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
