"""Forms behind the coordinator's admin: the checks a single model's ``clean()`` cannot make.

Everything here turns a would-be ``IntegrityError`` or an inconsistent ladder into an
error on the form, so that the admin answers bad input with a message and never a 500.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Q, Value, When
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from indicators.models import Indicator
from programmes.admin_base import goal_label, level_label, strategic_goal_label, unit_label
from programmes.models import (
    Action,
    ActionResponsibility,
    GoalLevel,
    GoalNode,
    Programme,
    ResponsibleUnit,
    StrategicGoal,
)

PRIMARY = ActionResponsibility.Role.PRIMARY


def primary_first(queryset):
    """An action's responsibilities, the primary unit first."""
    return queryset.annotate(
        primary_rank=Case(
            When(role=PRIMARY, then=Value(0)), default=Value(1), output_field=IntegerField()
        )
    ).order_by("primary_rank", "unit__name")


def _as_pk(raw) -> int | None:
    try:
        return int(raw)
    except (TypeError, ValueError):
        return None


# --- programme goals --------------------------------------------------------


def _indicator_label(indicator: Indicator) -> str:
    return f"{indicator.identifier} {indicator.name}" if indicator.identifier else indicator.name


class GoalNodeAdminForm(forms.ModelForm):
    """A goal's place in the ladder: its level, the goal it belongs to and the goals it serves.

    When the programme is known (an existing goal, or ``?programme=`` in the add
    address) the level, parent and served-goal choices are narrowed to it. A submitted
    form keeps every choice so that a wrong one reaches ``clean()`` and gets a message
    saying what is wrong, rather than a bare "select a valid choice".
    """

    class Meta:
        model = GoalNode
        fields = [
            "programme",
            "level",
            "parent",
            "identifier",
            "order",
            "name",
            "description",
            "target_state",
            "target_state_year",
            "serves",
            "strategic_goals",
            "headline_indicator",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields = self.fields
        goals = GoalNode.objects.select_related("programme", "level")
        if "headline_indicator" in fields:
            fields["headline_indicator"].queryset = Indicator.objects.order_by("identifier", "name")
            fields["headline_indicator"].label_from_instance = _indicator_label
        if "level" in fields:
            fields["level"].queryset = GoalLevel.objects.select_related("programme")
            fields["level"].label_from_instance = level_label
        for name in ("parent", "serves"):
            if name in fields:
                fields[name].queryset = goals
                fields[name].label_from_instance = goal_label
        if "strategic_goals" in fields:
            fields["strategic_goals"].queryset = StrategicGoal.objects.select_related("strategy")
            fields["strategic_goals"].label_from_instance = strategic_goal_label

        programme_id = None if self.is_bound else self._known_programme_id()
        if programme_id is None:
            return
        if "level" in fields:
            fields["level"].queryset = fields["level"].queryset.filter(programme_id=programme_id)
            fields["level"].label_from_instance = str
        others = goals.filter(programme_id=programme_id).exclude(pk=self.instance.pk)
        for name in ("parent", "serves"):
            if name in fields:
                fields[name].queryset = others
                fields[name].label_from_instance = str
        if "headline_indicator" in fields:
            # The programme's indicators, and the current choice so that it still shows.
            field = fields["headline_indicator"]
            field.queryset = field.queryset.filter(
                Q(pk__in=Indicator.objects.for_programme(programme_id).values("pk"))
                | Q(pk=self.instance.headline_indicator_id)
            )

    def _known_programme_id(self) -> int | None:
        if self.instance.programme_id:
            return self.instance.programme_id
        programme = self.initial.get("programme")
        if isinstance(programme, Programme):
            return programme.pk
        return _as_pk(programme)

    def clean(self):
        cleaned = super().clean()
        programme = cleaned.get("programme")
        level = cleaned.get("level")
        serves = cleaned.get("serves")
        if programme is not None and level is not None and serves:
            probe = GoalNode(programme=programme, level=level)
            try:
                probe.validate_serves(serves)
            except ValidationError as error:
                self.add_error("serves", error)
        if self.instance.pk is not None:
            self._check_what_hangs_below(programme, level)
        self._check_headline(programme, level, cleaned.get("headline_indicator"))
        return cleaned

    def _check_headline(self, programme, level, indicator) -> None:
        """A headline answers for a main goal, with an indicator of its own programme."""
        if indicator is None:
            return
        if level is not None and level.depth != 1:
            self.add_error(
                "headline_indicator",
                ValidationError(
                    _("Only a goal on the top level can name a headline indicator."),
                    code="headline_not_top_level",
                ),
            )
        elif (
            programme is not None
            and not Indicator.objects.for_programme(programme).filter(pk=indicator.pk).exists()
        ):
            self.add_error(
                "headline_indicator",
                ValidationError(
                    _(
                        "This indicator measures nothing in the programme. Link it to one "
                        "of the programme's goals or actions first."
                    ),
                    code="headline_outside_programme",
                ),
            )

    def _check_what_hangs_below(self, programme, level) -> None:
        """A goal that others hang on may not move out from under them."""
        goal = self.instance
        attached = goal.children.exists() or goal.served_by.exists() or goal.actions.exists()
        if programme is not None and programme.pk != goal.programme_id and attached:
            self.add_error(
                "programme",
                ValidationError(
                    _(
                        "Other goals or actions are attached to this goal, so it cannot move "
                        "to another programme."
                    ),
                    code="goal_has_dependants",
                ),
            )
            return
        if level is None:
            return
        not_below = Q(level__depth__lte=level.depth)
        if goal.children.filter(not_below).exists() or goal.served_by.filter(not_below).exists():
            self.add_error(
                "level",
                ValidationError(
                    _("The goals that belong to or serve this goal must stay on lower levels."),
                    code="level_not_above_dependants",
                ),
            )
        elif not level.actions_allowed and goal.actions.exists():
            self.add_error(
                "level",
                ValidationError(
                    _("This goal has actions, and actions cannot be attached to that level."),
                    code="level_closed_to_actions",
                ),
            )


# --- actions ------------------------------------------------------------------


class ActionAdminForm(forms.ModelForm):
    class Meta:
        model = Action
        fields = [
            "identifier",
            "name",
            "goal",
            "is_key_action",
            "order",
            "description",
            "contact_persons",
            "start_date",
            "end_date",
            "is_continuous",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "goal" in self.fields:
            # Only goals on levels that take actions, plus the current one so that an
            # action left on a level closed later still opens (and ``clean`` explains).
            allowed = Q(level__actions_allowed=True)
            if self.instance.goal_id:
                allowed |= Q(pk=self.instance.goal_id)
            field = self.fields["goal"]
            field.queryset = GoalNode.objects.filter(allowed).select_related("programme", "level")
            field.label_from_instance = goal_label

    def clean(self):
        cleaned = super().clean()
        goal = cleaned.get("goal")
        identifier = cleaned.get("identifier")
        # ``programme`` is not on the form (it follows the goal), so Django's own
        # constraint check skips the per-programme identifier rule; check it here.
        if goal is not None and identifier:
            taken = (
                Action.objects.filter(programme_id=goal.programme_id, identifier=identifier)
                .exclude(pk=self.instance.pk)
                .exists()
            )
            if taken:
                self.add_error(
                    "identifier",
                    ValidationError(
                        _("The programme already has an action with this identifier."),
                        code="duplicate_identifier",
                    ),
                )
        return cleaned


class ActionResponsibilityForm(forms.ModelForm):
    class Meta:
        model = ActionResponsibility
        fields = ["unit", "role"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = ResponsibleUnit.objects.select_related("parent")
        self.fields["unit"].label_from_instance = unit_label

    def validate_constraints(self):
        # The one-primary rule is judged by the formset over all rows together: one row
        # at a time it would refuse moving the primary role from one unit to another.
        exclude = self._get_validation_exclusions() | {"role"}
        try:
            self.instance.validate_constraints(exclude=exclude)
        except ValidationError as error:
            self._update_errors(error)


class ActionResponsibilityFormSet(BaseInlineFormSet):
    """An action's units: exactly one primary unit whenever any unit is given."""

    def clean(self):
        super().clean()
        roles = [
            form.cleaned_data.get("role")
            for form in self.forms
            if form.cleaned_data and not self._should_delete_form(form)
        ]
        primaries = roles.count(PRIMARY)
        if primaries > 1:
            raise ValidationError(
                _(
                    "Only one unit can be primary responsible for an action; %(count)d are "
                    "marked primary. Mark the others as collaborating."
                ),
                code="many_primary_units",
                params={"count": primaries},
            )
        if roles and primaries == 0:
            raise ValidationError(
                _("Mark one of the units as primary responsible."), code="no_primary_unit"
            )

    def save(self, commit=True):
        if commit:
            self._release_primary_role()
        return super().save(commit)

    def _release_primary_role(self) -> None:
        # The database allows one primary unit per action at every moment, so a unit
        # losing the role must be written before the unit receiving it.
        releasing = [
            form.instance.pk
            for form in self.initial_forms
            if form.instance.pk
            and form.initial.get("role") == PRIMARY
            and (self._should_delete_form(form) or form.cleaned_data.get("role") != PRIMARY)
        ]
        if releasing:
            ActionResponsibility.objects.filter(pk__in=releasing).update(
                role=ActionResponsibility.Role.COLLABORATOR
            )


class ReadOnlyInlineFormSet(BaseInlineFormSet):
    """Never writes: the status log is append-only and is extended by ``record_update``."""

    def save(self, commit=True):
        self.new_objects, self.changed_objects, self.deleted_objects = [], [], []
        return []


# --- programmes -----------------------------------------------------------------


class GoalLevelForm(forms.ModelForm):
    class Meta:
        model = GoalLevel
        fields = ["depth", "name", "name_plural", "actions_allowed"]

    def clean(self):
        cleaned = super().clean()
        level = self.instance
        closing = (
            level.pk is not None and level.actions_allowed and not cleaned.get("actions_allowed")
        )
        if closing and Action.objects.filter(goal__level=level).exists():
            self.add_error(
                "actions_allowed",
                ValidationError(
                    _("Actions are already attached to goals on this level."),
                    code="level_has_actions",
                ),
            )
        return cleaned


class GoalLevelFormSet(BaseInlineFormSet):
    """A programme's levels are numbered 1, 2, 3… from the top, without gaps."""

    def clean(self):
        super().clean()
        depths = sorted(
            form.cleaned_data["depth"]
            for form in self.forms
            if form.cleaned_data.get("depth") and not self._should_delete_form(form)
        )
        if depths and depths != list(range(1, len(depths) + 1)):
            raise ValidationError(
                _("Number the levels 1, 2, 3… from the top level down, without gaps."),
                code="level_depths_not_consecutive",
            )
