"""The target ladder: strategy → programme goals (a tree of levels each programme names) → actions.

A programme's goal hierarchy is data. Each programme defines its levels ("päätavoite",
"kehityspolku", "painopiste" for Salo; "teema" alone for a Helsinki-like programme), and
every goal node sits on one level. Two kinds of upward link join the rungs:

* ``parent``: containment. A focus area belongs to exactly one path.
* ``serves``: contribution. A path serves one or more main goals, and a main goal serves
  strategic goals through ``strategic_goals``.

An action belongs to one node (a path or a focus area) and so reaches every goal above it,
along both kinds of link.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, Max, Q
from django.utils import formats, timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from programmes import action_rules
from programmes.choices import (
    ActionStatus,
    BottleneckCategory,
    ResponsibilityRole,
    RevisionState,
)
from programmes.translation import Translatable, translations_of

# ---------------------------------------------------------------------------
# Strategy
# ---------------------------------------------------------------------------


class Strategy(Translatable, models.Model):
    TRANSLATED = ("name", "vision", "description")

    name = models.CharField(_("name"), max_length=200, unique=True)
    name_sv, name_en = translations_of(name)
    vision = models.CharField(_("vision"), max_length=300, blank=True)
    vision_sv, vision_en = translations_of(vision)
    description = models.TextField(_("description"), blank=True)
    description_sv, description_en = translations_of(description)
    start_year = models.PositiveSmallIntegerField(_("start year"))
    end_year = models.PositiveSmallIntegerField(_("end year"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("city strategy")
        verbose_name_plural = _("city strategies")
        ordering = ["-start_year", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")),
                name="strategy_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name


class StrategicGoal(Translatable, models.Model):
    TRANSLATED = ("name", "description")

    strategy = models.ForeignKey(
        Strategy, models.CASCADE, related_name="goals", verbose_name=_("strategy")
    )
    identifier = models.CharField(_("identifier"), max_length=20)
    name = models.CharField(_("name"), max_length=200)
    name_sv, name_en = translations_of(name)
    description = models.TextField(_("description"), blank=True)
    description_sv, description_en = translations_of(description)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("strategic goal")
        verbose_name_plural = _("strategic goals")
        ordering = ["strategy", "order", "identifier"]
        constraints = [
            models.UniqueConstraint(
                fields=["strategy", "identifier"], name="strategic_goal_identifier_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.identifier} {self.name}"


# ---------------------------------------------------------------------------
# Responsible units
# ---------------------------------------------------------------------------


class ResponsibleUnitQuerySet(models.QuerySet):
    def ids_with_units_beneath(self) -> set[int]:
        """The ids of these units and of every unit under them, at any depth.

        The tree is data and may be deeper than division → unit. It is small (tens of
        units), so it is read whole in one query and walked here.
        """
        return _ids_beneath(list(self.values_list("pk", flat=True)))


def _ids_beneath(roots: list[int]) -> set[int]:
    if not roots:
        return set()
    children: dict[int | None, list[int]] = defaultdict(list)
    for pk, parent_id in ResponsibleUnit.objects.values_list("pk", "parent_id"):
        children[parent_id].append(pk)
    found: set[int] = set()
    stack = roots
    while stack:
        pk = stack.pop()
        if pk not in found:
            found.add(pk)
            stack.extend(children[pk])
    return found


class ResponsibleUnit(Translatable, models.Model):
    TRANSLATED = ("name",)

    """A division (toimiala) or a unit under it: a small tree, of any depth."""

    name = models.CharField(_("name"), max_length=200)
    name_sv, name_en = translations_of(name)
    abbreviation = models.CharField(_("abbreviation"), max_length=20, blank=True)
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent unit"),
    )
    email = models.EmailField(_("shared email address"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    objects = ResponsibleUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("responsible unit")
        verbose_name_plural = _("responsible units")
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="unit_name_unique_in_parent"),
            models.UniqueConstraint(
                fields=["name"], condition=Q(parent__isnull=True), name="division_name_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def ids_with_units_beneath(self) -> set[int]:
        """The ids of this unit and of every unit under it, at any depth."""
        return _ids_beneath([self.pk])

    def clean(self) -> None:
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": _("A unit cannot be inside itself.")})
            ancestor = ancestor.parent


# ---------------------------------------------------------------------------
# Programme and its goal hierarchy
# ---------------------------------------------------------------------------


class ProgrammeQuerySet(models.QuerySet):
    def visible_to(self, user) -> ProgrammeQuerySet:
        """Published programmes for the public; every programme for logged-in users.

        Every page, export and email reaches programmes, goals, actions and indicators
        through the ``visible_to`` methods; ``programmes.access`` says who may read at all.
        """
        return self if user.is_authenticated else self.filter(is_published=True)

    def in_force(self) -> ProgrammeQuerySet:
        return self.filter(status=Programme.Status.IN_FORCE)

    def current(self) -> Programme | None:
        """The programme in force, or the latest one when none is."""
        return (
            self.in_force().order_by("-start_year").first() or self.order_by("-start_year").first()
        )


class Programme(Translatable, models.Model):
    TRANSLATED = ("name", "description")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        IN_FORCE = "in_force", _("in force")
        ENDED = "ended", _("ended")

    name = models.CharField(_("name"), max_length=200)
    name_sv, name_en = translations_of(name)
    slug = models.SlugField(_("short name in addresses"), max_length=60, unique=True)
    description = models.TextField(_("description"), blank=True)
    description_sv, description_en = translations_of(description)
    strategy = models.ForeignKey(
        Strategy,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="programmes",
        verbose_name=_("city strategy"),
    )
    start_year = models.PositiveSmallIntegerField(_("start year"))
    end_year = models.PositiveSmallIntegerField(_("end year"))
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    approved_by = models.CharField(
        _("approved by"), max_length=200, blank=True, help_text=_("e.g. the city council")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    is_published = models.BooleanField(
        _("published"),
        default=True,
        help_text=_("Published programmes are shown on the public dashboard."),
    )
    staleness_days = models.PositiveSmallIntegerField(
        _("staleness window (days)"),
        default=180,
        help_text=_("An action with no status update within this many days is stale."),
    )

    history = HistoricalRecords()

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-start_year", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")),
                name="programme_period_ordered",
            ),
            models.CheckConstraint(
                condition=Q(staleness_days__gte=1), name="programme_staleness_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.start_year}–{self.end_year}"

    @property
    def last_day(self) -> date:
        return date(self.end_year, 12, 31)

    def period_ended(self, today: date) -> bool:
        """Still in force after its last year: a new programme is usually on its way."""
        return self.status == self.Status.IN_FORCE and today > self.last_day

    def successor_visible_to(self, user) -> Programme | None:
        """The next programme in preparation, if the reader may know of it."""
        return (
            Programme.objects.visible_to(user)
            .filter(status=self.Status.DRAFT, start_year__gt=self.start_year)
            .order_by("start_year")
            .first()
        )

    @property
    def period(self) -> str:
        return f"{self.start_year}–{self.end_year}"


class GoalLevel(Translatable, models.Model):
    TRANSLATED = ("name", "name_plural")

    """A rung of one programme's hierarchy, named by the programme (e.g. "kehityspolku")."""

    programme = models.ForeignKey(
        Programme, models.CASCADE, related_name="levels", verbose_name=_("programme")
    )
    depth = models.PositiveSmallIntegerField(
        _("depth"), help_text=_("1 is the top level, 2 the one below it, and so on.")
    )
    name = models.CharField(_("name"), max_length=60, help_text=_("e.g. development path"))
    name_sv, name_en = translations_of(name)
    name_plural = models.CharField(_("plural name"), max_length=60)
    name_plural_sv, name_plural_en = translations_of(name_plural)
    actions_allowed = models.BooleanField(
        _("actions may belong here"),
        default=True,
        help_text=_("Whether actions can be attached directly to goals on this level."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("goal level")
        verbose_name_plural = _("goal levels")
        ordering = ["programme", "depth"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "depth"], name="level_depth_unique"),
            models.CheckConstraint(condition=Q(depth__gte=1), name="level_depth_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.depth}. {self.name}"


class GoalNodeQuerySet(models.QuerySet):
    def visible_to(self, user) -> GoalNodeQuerySet:
        """The goals of the programmes ``user`` may read."""
        return self.filter(programme__in=Programme.objects.visible_to(user))


class GoalNode(Translatable, models.Model):
    TRANSLATED = ("name", "description", "target_state")

    """A main goal, development path, focus area, theme… as the programme's levels name it."""

    programme = models.ForeignKey(
        Programme, models.CASCADE, related_name="goals", verbose_name=_("programme")
    )
    level = models.ForeignKey(
        GoalLevel, models.PROTECT, related_name="goals", verbose_name=_("level")
    )
    parent = models.ForeignKey(
        "self",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("belongs to"),
        help_text=_("The goal this one is part of, e.g. the path of a focus area."),
    )
    serves = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="served_by",
        verbose_name=_("serves goals"),
        help_text=_("Higher goals this one contributes to, e.g. the main goals of a path."),
    )
    strategic_goals = models.ManyToManyField(
        StrategicGoal,
        blank=True,
        related_name="programme_goals",
        verbose_name=_("serves strategic goals"),
    )
    identifier = models.CharField(_("identifier"), max_length=20)
    name = models.CharField(_("name"), max_length=200)
    name_sv, name_en = translations_of(name)
    description = models.TextField(_("description"), blank=True)
    description_sv, description_en = translations_of(description)
    target_state = models.TextField(_("target state"), blank=True)
    target_state_sv, target_state_en = translations_of(target_state)
    target_state_year = models.PositiveSmallIntegerField(
        _("target state year"), null=True, blank=True
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    headline_indicator = models.ForeignKey(
        "indicators.Indicator",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="headline_of",
        verbose_name=_("headline indicator"),
        help_text=_(
            "The indicator that answers whether this goal is being reached, shown first on "
            "the overview, e.g. area emissions for carbon neutrality."
        ),
    )

    history = HistoricalRecords(m2m_fields=[serves, strategic_goals])

    objects = GoalNodeQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme goal")
        verbose_name_plural = _("programme goals")
        ordering = ["programme", "level__depth", "order", "identifier"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "identifier"], name="goal_identifier_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.identifier} {self.name}"

    def clean(self) -> None:
        errors = {}
        if self.level_id and self.programme_id and self.level.programme_id != self.programme_id:
            errors["level"] = _("The level belongs to another programme.")
        if self.parent_id and self.level_id:
            if self.parent.programme_id != self.programme_id:
                errors["parent"] = _("The goal above belongs to another programme.")
            elif self.parent.level.depth >= self.level.depth:
                errors["parent"] = _("The goal above must be on a higher level.")
        if errors:
            raise ValidationError(errors)

    def validate_serves(self, goals) -> None:
        """Links to served goals must stay within the programme and point upwards."""
        for goal in goals:
            if goal.programme_id != self.programme_id:
                raise ValidationError(_("%(goal)s belongs to another programme.") % {"goal": goal})
            if goal.level.depth >= self.level.depth:
                raise ValidationError(_("%(goal)s is not on a higher level.") % {"goal": goal})


# ---------------------------------------------------------------------------
# Actions
# ---------------------------------------------------------------------------


def _completion_in_range(prefix: str = "") -> Q:
    field = f"{prefix}completion_percent"
    return Q(**{f"{field}__gte": 0, f"{field}__lte": 100})


class ActionQuerySet(models.QuerySet):
    def visible_to(self, user) -> ActionQuerySet:
        """The actions of the programmes ``user`` may read."""
        return self.filter(programme__in=Programme.objects.visible_to(user))

    def for_programme(self, programme: Programme) -> ActionQuerySet:
        return self.filter(programme=programme)

    def with_flag_data(self) -> ActionQuerySet:
        """Everything the schedule, freshness and bottleneck flags read, in the same query."""
        return self.select_related("programme", "latest_update")

    # The flag rules in SQL, for filtering; ``programmes.action_rules`` states them and
    # tests check that both agree on the demo programme.
    def late(self, today: date) -> ActionQuerySet:
        return self.filter(end_date__lt=today, is_continuous=False).exclude(
            status__in=[*action_rules.CLOSED_STATUSES, ActionStatus.CONTINUOUS]
        )

    def stale(self, today: date) -> ActionQuerySet:
        """Open actions never updated, or not since their programme's window.

        The window may differ by programme, so each distinct window gets its own cutoff:
        local midnight ``window`` days before ``today`` (one small query for the windows).
        """
        condition = Q(pk__in=[])
        windows = Programme.objects.order_by().values_list("staleness_days", flat=True)
        for window in set(windows):
            first_fresh_day = today - timedelta(days=window)
            cutoff = action_rules.local_midnight(first_fresh_day)
            never_updated = Q(latest_update__isnull=True, created_at__lt=cutoff) & (
                Q(start_date__isnull=True) | Q(start_date__lt=first_fresh_day)
            )
            condition |= Q(programme__staleness_days=window) & (
                never_updated | Q(latest_update__created_at__lt=cutoff)
            )
        return self.exclude(status__in=action_rules.CLOSED_STATUSES).filter(condition)

    def with_open_bottleneck(self) -> ActionQuerySet:
        return self.exclude(status__in=action_rules.CLOSED_STATUSES).filter(
            Q(latest_update__bottleneck_category__gt="") | Q(latest_update__bottleneck__gt="")
        )

    def status_counts(self) -> dict[str, int]:
        """``{status: count}`` for every status, zeros included, in one query."""
        counts = dict.fromkeys(ActionStatus.values, 0)
        for row in self.order_by().values("status").annotate(n=Count("id")):
            counts[row["status"]] = row["n"]
        return counts


class Action(Translatable, models.Model):
    TRANSLATED = ("name", "description")

    Status = ActionStatus

    # Stored (not only derived from ``goal``) so that identifiers can be unique per
    # programme in the database. ``save`` keeps it equal to the goal's programme.
    programme = models.ForeignKey(
        Programme,
        models.CASCADE,
        related_name="actions",
        editable=False,
        verbose_name=_("programme"),
    )
    goal = models.ForeignKey(
        GoalNode,
        models.PROTECT,
        related_name="actions",
        verbose_name=_("path or focus area"),
    )
    identifier = models.CharField(_("identifier"), max_length=20)
    name = models.CharField(_("name"), max_length=300)
    name_sv, name_en = translations_of(name)
    description = models.TextField(_("description"), blank=True)
    description_sv, description_en = translations_of(description)
    is_key_action = models.BooleanField(_("key action"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    units = models.ManyToManyField(
        ResponsibleUnit,
        through="ActionResponsibility",
        related_name="actions",
        verbose_name=_("responsible units"),
    )
    contact_persons = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="contact_actions",
        verbose_name=_("contact persons"),
    )

    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    is_continuous = models.BooleanField(
        _("continuous"), default=False, help_text=_("Ongoing work with no end date.")
    )

    # The current state: always the latest status update's, written with it.
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    completion_percent = models.PositiveSmallIntegerField(_("completion %"), default=0)
    latest_update = models.OneToOneField(
        "ActionStatusUpdate",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("latest status update"),
    )

    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[contact_persons])

    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["programme", "order", "identifier"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "identifier"], name="action_identifier_unique"
            ),
            models.CheckConstraint(
                condition=_completion_in_range(), name="action_completion_0_100"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="action_schedule_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.identifier} {self.name}"

    def save(self, *args, **kwargs) -> None:
        update_fields = kwargs.get("update_fields")
        moved = update_fields is None or not {"goal", "goal_id"}.isdisjoint(update_fields)
        if self.goal_id and moved:  # a status update saves the state only: no goal to read
            self.programme_id = self.goal.programme_id
            if self._state.adding and not self.order:
                # A new action goes last, after its siblings and in the programme's list:
                # the order left at its default (0) would put it before everything.
                last = Action.objects.filter(programme_id=self.programme_id).aggregate(
                    m=Max("order")
                )["m"]
                self.order = 0 if last is None else last + 1
        super().save(*args, **kwargs)

    def clean(self) -> None:
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date is before the start date.")
        if self.is_continuous and self.end_date:
            errors["end_date"] = _("A continuous action has no end date.")
        if self.goal_id and not self.goal.level.actions_allowed:
            errors["goal"] = _("Actions cannot be attached to this level.")
        if errors:
            raise ValidationError(errors)

    @transaction.atomic
    def record_update(
        self,
        *,
        author,
        status: str,
        completion_percent: int,
        done: str = "",
        bottleneck_category: str = "",
        bottleneck: str = "",
        next_steps: str = "",
        internal_note: str = "",
        created_at=None,
        check_version: bool = False,
        expected_latest_update_id: int | None = None,
        submission_key=None,
    ) -> ActionStatusUpdate:
        """Append a status update and make it the action's current state, atomically.

        With ``check_version``, ``expected_latest_update_id`` is the version the user's
        form was opened at (``None``: the action had no update yet); if another update
        has landed since, ``StaleUpdateError`` is raised and nothing is
        written. A ``submission_key`` already used for this action returns that earlier
        update instead of a second one. The action row is locked for the duration, so
        concurrent updates queue.
        """
        locked = Action.objects.select_for_update().get(pk=self.pk)
        if submission_key is not None:
            # The same form sent twice (a double click, a browser retry): one update.
            earlier = ActionStatusUpdate.objects.filter(
                action=locked, submission_key=submission_key
            ).first()
            if earlier is not None:
                self.refresh_from_db(fields=["status", "completion_percent", "latest_update"])
                return earlier
        if check_version and locked.latest_update_id != expected_latest_update_id:
            raise StaleUpdateError(locked.latest_update_id)
        completion_percent = action_rules.recorded_completion(status, completion_percent)
        update = ActionStatusUpdate.objects.create(
            action=locked,
            author=author,
            status=status,
            completion_percent=completion_percent,
            done=done,
            bottleneck_category=bottleneck_category,
            bottleneck=bottleneck,
            next_steps=next_steps,
            internal_note=internal_note,
            created_at=created_at or timezone.now(),
            submission_key=submission_key,
        )
        if locked.latest_update is None or update.created_at >= locked.latest_update.created_at:
            locked.status = status
            locked.completion_percent = completion_percent
            locked.latest_update = update
            locked.save(update_fields=["status", "completion_percent", "latest_update"])
        self.status = locked.status
        self.completion_percent = locked.completion_percent
        self.latest_update = locked.latest_update
        return update

    def progress(self) -> float | None:
        return action_rules.action_progress(self.status, self.completion_percent)

    def schedule(self, today: date) -> action_rules.Schedule:
        """On schedule, late, no schedule or continuous (rules in ``programmes.action_rules``)."""
        return action_rules.schedule(
            status=self.status,
            end_date=self.end_date,
            is_continuous=self.is_continuous,
            today=today,
        )

    def is_late(self, today: date) -> bool:
        """Past its end date and neither completed nor cancelled."""
        return self.schedule(today) is action_rules.Schedule.LATE

    @functools.cached_property
    def open_schedule_revision(self) -> ScheduleRevision | None:
        """The proposed new end date waiting for the coordinator's decision, if any."""
        return self.schedule_revisions.open().select_related("proposed_by").first()

    @property
    def primary_unit(self) -> ResponsibleUnit | None:
        """The unit with the primary responsibility, from the (prefetched) responsibilities."""
        return next(
            (r.unit for r in self.responsibilities.all() if r.role == ResponsibilityRole.PRIMARY),
            None,
        )

    @property
    def last_update_at(self):
        return self.latest_update.created_at if self.latest_update_id else None

    @property
    def has_open_bottleneck(self) -> bool:
        """The latest update names a bottleneck, and the action is still open."""
        return (
            self.latest_update_id is not None
            and self.latest_update.has_bottleneck
            and self.status not in action_rules.CLOSED_STATUSES
        )

    @property
    def freshness_counted_from(self) -> datetime | None:
        """The latest dated status update; never updated, the action's creation or the
        start of its first day, whichever is later."""
        if self.latest_update_id:
            return self.latest_update.created_at
        start = action_rules.local_midnight(self.start_date) if self.start_date else None
        return max((m for m in (self.created_at, start) if m is not None), default=None)

    def freshness(self, today: date) -> action_rules.Freshness:
        """Fresh, due soon or stale, from the latest dated status update (or the birth)."""
        return action_rules.freshness(
            status=self.status,
            counted_from=self.freshness_counted_from,
            today=today,
            window_days=self.programme.staleness_days,
        )


class StaleUpdateError(Exception):
    """Another status update was saved after the form was opened."""

    def __init__(self, latest_update_id: int | None):
        super().__init__(latest_update_id)
        self.latest_update_id = latest_update_id


class ActionResponsibility(models.Model):
    Role = ResponsibilityRole

    action = models.ForeignKey(
        Action, models.CASCADE, related_name="responsibilities", verbose_name=_("action")
    )
    unit = models.ForeignKey(
        ResponsibleUnit,
        models.PROTECT,
        related_name="responsibilities",
        verbose_name=_("unit"),
    )
    role = models.CharField(
        _("role"), max_length=20, choices=Role.choices, default=Role.COLLABORATOR
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("responsible unit")
        verbose_name_plural = _("responsible units")
        ordering = ["action", "role", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["action", "unit"], name="responsibility_unique"),
            models.UniqueConstraint(
                fields=["action"],
                condition=Q(role=ResponsibilityRole.PRIMARY),
                name="one_primary_unit_per_action",
                violation_error_message=_("An action has only one primary responsible unit."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} ({self.get_role_display()})"


class ActionStatusUpdate(models.Model):
    """One dated entry of an action's append-only status log."""

    action = models.ForeignKey(
        Action, models.CASCADE, related_name="updates", verbose_name=_("action")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="status_updates",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    status = models.CharField(_("status"), max_length=20, choices=ActionStatus.choices)
    completion_percent = models.PositiveSmallIntegerField(_("completion %"))
    done = models.TextField(_("what was done"), max_length=4000, blank=True)
    bottleneck_category = models.CharField(
        _("bottleneck category"), max_length=20, choices=BottleneckCategory.choices, blank=True
    )
    bottleneck = models.TextField(_("bottleneck"), max_length=2000, blank=True)
    next_steps = models.TextField(_("next steps"), max_length=2000, blank=True)
    internal_note = models.TextField(
        _("internal note"),
        max_length=2000,
        blank=True,
        help_text=_("Shown to logged-in users only."),
    )
    # The form's one-time key: a double click or a browser retry finds its update here.
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("status update")
        verbose_name_plural = _("status updates")
        ordering = ["-created_at", "-id"]
        get_latest_by = "created_at"
        constraints = [
            models.CheckConstraint(
                condition=_completion_in_range(), name="update_completion_0_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action.identifier} {self.created_at:%Y-%m-%d}: {self.get_status_display()}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValueError("Status updates are append-only; record a new update instead.")
        super().save(*args, **kwargs)

    @property
    def has_bottleneck(self) -> bool:
        return bool(self.bottleneck_category or self.bottleneck)


class ProposalOpenError(Exception):
    """The action already has a proposed end date waiting for the coordinator."""


class ScheduleRevisionQuerySet(models.QuerySet):
    def open(self) -> ScheduleRevisionQuerySet:
        return self.filter(state=RevisionState.PROPOSED)


class ScheduleRevision(models.Model):
    """A new end date for an action, proposed by its contact and decided by the coordinator.

    An action has at most one open proposal: while one waits, a new one is refused (the
    contact sees the waiting one in the form), so what the coordinator decides on is what
    the contact wrote. Accepting moves the action's ``end_date``, so the schedule rule
    judges the action against the revised date; the original date stays readable as the
    first accepted revision's ``previous_end_date``.
    """

    State = RevisionState

    action = models.ForeignKey(
        Action, models.CASCADE, related_name="schedule_revisions", verbose_name=_("action")
    )
    status_update = models.OneToOneField(
        ActionStatusUpdate,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="schedule_revision",
        editable=False,
        verbose_name=_("proposed with the status update"),
    )
    # The end date when proposed; on acceptance, the end date it replaced.
    previous_end_date = models.DateField(_("previous end date"), null=True, blank=True)
    proposed_end_date = models.DateField(_("proposed end date"))
    reason = models.TextField(_("reason"), max_length=1000)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="schedule_proposals",
        verbose_name=_("proposed by"),
    )
    proposed_at = models.DateTimeField(_("proposed"), default=timezone.now)
    state = models.CharField(
        _("state"), max_length=20, choices=RevisionState.choices, default=RevisionState.PROPOSED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="schedule_decisions",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), max_length=1000, blank=True)

    history = HistoricalRecords()

    objects = ScheduleRevisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("schedule revision")
        verbose_name_plural = _("schedule revisions")
        ordering = ["action", "proposed_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["action"],
                condition=Q(state=RevisionState.PROPOSED),
                name="one_open_schedule_proposal_per_action",
                violation_error_message=_("The action already has a proposed new end date."),
            ),
        ]

    def __str__(self) -> str:
        before = self.previous_end_date or "–"
        return f"{self.action.identifier}: {before} → {self.proposed_end_date}"

    @property
    def is_open(self) -> bool:
        return self.state == RevisionState.PROPOSED

    @classmethod
    def check_date(cls, action: Action, proposed: date, today: date | None = None) -> None:
        """Raise ``ValidationError`` if ``proposed`` cannot be ``action``'s end date; with
        ``today``, a date in the past is refused too (a proposal looks ahead)."""
        if action.is_continuous:
            raise ValidationError(
                _("A continuous action has no end date to move."), code="continuous"
            )
        if action.start_date and proposed <= action.start_date:
            raise ValidationError(
                _("The new end date must be after the start date (%(start)s)."),
                code="before_start",
                params={"start": formats.date_format(action.start_date, "SHORT_DATE_FORMAT")},
            )
        if today is not None and proposed < today:
            raise ValidationError(_("The new end date cannot be in the past."), code="past")
        if proposed == action.end_date:
            raise ValidationError(_("That is already the end date."), code="unchanged")

    @classmethod
    def propose(
        cls, action: Action, *, by, end_date: date, reason: str, status_update=None
    ) -> ScheduleRevision:
        """Record a proposal; ``ProposalOpenError`` if one is already waiting.

        Called inside ``Action.record_update``'s transaction, which holds the action's row
        lock, so two proposals cannot both pass the check.
        """
        with transaction.atomic():
            Action.objects.select_for_update().filter(pk=action.pk).first()
            if cls.objects.open().filter(action=action).exists():
                raise ProposalOpenError
            return cls.objects.create(
                action=action,
                status_update=status_update,
                previous_end_date=action.end_date,
                proposed_end_date=end_date,
                reason=reason,
                proposed_by=by,
            )

    @transaction.atomic
    def decide(self, *, accept: bool, by, note: str = "") -> None:
        """Accept (the action's end date moves, in the same transaction) or decline.

        Raises ``ValidationError`` if the revision is no longer open or the date no longer
        fits the action's schedule; nothing is written then.
        """
        locked = ScheduleRevision.objects.select_for_update().get(pk=self.pk)
        if not locked.is_open:
            raise ValidationError(_("This proposal has already been decided."), code="decided")
        action = Action.objects.select_for_update().get(pk=self.action_id)
        if accept:
            ScheduleRevision.check_date(action, locked.proposed_end_date)
            locked.previous_end_date = action.end_date
            action.end_date = locked.proposed_end_date
            # The action's history says why its end date moved (the field holds 100).
            action._change_reason = Truncator(locked.reason).chars(100)
            action.save(update_fields=["end_date"])
        locked.state = RevisionState.ACCEPTED if accept else RevisionState.DECLINED
        locked.decided_by = by
        locked.decided_at = timezone.now()
        locked.decision_note = note
        locked.save()
        for name in ("previous_end_date", "state", "decided_by", "decided_at", "decision_note"):
            setattr(self, name, getattr(locked, name))


class DataChange(models.Model):
    """One mark per saved or deleted row of the programme's data and each scope it touches.

    A cached dashboard fragment is keyed by the count and the last id of the marks of the
    scopes it names and of ``"*"``, so a change invalidates exactly the fragments that
    name one of its scopes (see ``programmes.cache``). A mark is an insert, not an update
    of one shared row, so that concurrent writers never wait for each other; old marks
    are pruned as new ones arrive.
    """

    id = models.BigAutoField(primary_key=True)
    # "programme:3", "action:12", "indicator:7", or "*" for a change every page may show.
    scope = models.CharField(max_length=40, default="*", db_index=True)

    class Meta:
        verbose_name = _("data change")
        verbose_name_plural = _("data changes")

    def __str__(self) -> str:
        return f"#{self.pk}"
