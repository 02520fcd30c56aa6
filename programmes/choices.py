"""Choices shared by the models and the rules in ``programmes.action_rules``."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("not started")
    IN_PROGRESS = "in_progress", _("in progress")
    COMPLETED = "completed", _("completed")
    CONTINUOUS = "continuous", _("continuous")
    POSTPONED = "postponed", _("postponed")
    CANCELLED = "cancelled", _("cancelled")


class BottleneckCategory(models.TextChoices):
    RESOURCES = "resources", _("resources")
    FUNDING = "funding", _("funding")
    PENDING_DECISION = "pending_decision", _("pending decision")
    DEPENDENCY = "dependency", _("dependency on other work")
    OTHER = "other", _("other")


class ResponsibilityRole(models.TextChoices):
    PRIMARY = "primary", _("primary")
    COLLABORATOR = "collaborator", _("collaborating")


class RevisionState(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
