"""Forms that validate what the public pages accept, GET filters included."""

from __future__ import annotations

import uuid
from datetime import date

from django import forms
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from programmes.ladder import Ladder
from programmes.models import (
    ActionStatus,
    BottleneckCategory,
    GoalNode,
    Programme,
    ResponsibleUnit,
)


class RawCheckboxInput(forms.CheckboxInput):
    """A checkbox that hands the submitted text to the field instead of coercing it."""

    def value_from_datadict(self, data, files, name):
        return data.get(name)


class StrictBooleanField(forms.Field):
    """A checkbox that sends "1"/"on"/"true"; any other non-empty value is an error."""

    widget = RawCheckboxInput
    TRUE = frozenset({"1", "on", "true"})

    def to_python(self, value) -> bool:
        if value in (None, "", False):
            return False
        if value is True or str(value).lower() in self.TRUE:
            return True
        raise forms.ValidationError(_("Choose yes or leave empty."), code="invalid")


class ProgrammeFilterForm(forms.Form):
    """A GET filter over one programme: the programme (in force by default) and a unit.

    Subclasses add their own fields; ``self.programme`` is the programme whose goals the
    goal choices come from, so a goal of another programme is an invalid choice.
    """

    programme = forms.ModelChoiceField(
        label=_("Programme"),
        queryset=Programme.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=None,
    )
    unit = forms.ModelChoiceField(
        label=_("Responsible unit"),
        queryset=ResponsibleUnit.objects.none(),
        required=False,
        empty_label=_("All"),
    )

    def __init__(self, data, *, programmes, default_programme: Programme | None):
        data = data.copy()
        if default_programme is not None and not data.get("programme"):
            data["programme"] = default_programme.slug
        super().__init__(data)
        self.fields["programme"].queryset = programmes
        slug = data.get("programme")
        chosen = programmes.filter(slug=slug).first() if isinstance(slug, str) and slug else None
        self.programme = chosen or default_programme
        self.fields["unit"].queryset = ResponsibleUnit.objects.select_related("parent").order_by(
            "parent__order", "parent__name", "order", "name"
        )
        self.fields["unit"].label_from_instance = lambda u: (
            f"{u.parent.name} › {u.name}" if u.parent_id else u.name
        )

    def goals(self):
        """The programme's goals in ladder order, for goal choices."""
        if self.programme is None:
            return GoalNode.objects.none()
        return self.programme.goals.select_related("level").order_by(
            "level__depth", "order", "identifier"
        )

    def use_goal_choices(self, name: str, goals) -> None:
        self.fields[name].queryset = goals
        self.fields[name].label_from_instance = lambda g: f"{g.identifier} {g.name}"


class ActionFilterForm(ProgrammeFilterForm):
    field_order = ["q", "programme", "goal", "status", "unit", "flag", "key", "sort", "page"]
    FLAG_CHOICES = [
        ("", _("All actions")),
        ("late", _("Late")),
        ("stale", _("Stale")),
        ("bottleneck", _("With a bottleneck")),
    ]
    SORT_CHOICES = [
        ("identifier", _("Identifier")),
        ("-identifier", _("Identifier, descending")),
        ("status", _("Status")),
        ("-updated", _("Latest update first")),
        ("updated", _("Oldest update first")),
    ]
    SORT_ORDER = {
        "identifier": ["order", "identifier"],
        "-identifier": ["-order", "-identifier"],
        "status": ["status", "order", "identifier"],
        "updated": [("latest_update__created_at", "asc"), "identifier"],
        "-updated": [("latest_update__created_at", "desc"), "identifier"],
    }

    q = forms.CharField(label=_("Search"), max_length=100, required=False)
    goal = forms.ModelChoiceField(
        label=_("Goal, path or focus area"),
        queryset=GoalNode.objects.none(),
        required=False,
        empty_label=_("All"),
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All")), *ActionStatus.choices], required=False
    )
    flag = forms.ChoiceField(label=_("Show"), choices=FLAG_CHOICES, required=False)
    key = StrictBooleanField(label=_("Key actions only"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False)
    page = forms.IntegerField(
        min_value=1, max_value=10_000, required=False, widget=forms.HiddenInput
    )

    def __init__(self, data, *, programmes, default_programme: Programme | None):
        super().__init__(data, programmes=programmes, default_programme=default_programme)
        self.use_goal_choices("goal", self.goals())

    def filter(self, actions, *, today: date, ladder: Ladder | None):
        """Apply the cleaned filters to ``actions`` (a queryset of the chosen programme).

        ``ladder`` (goals and links only) resolves a goal filter to every goal beneath it.
        """
        data = self.cleaned_data
        if data.get("goal") is not None and ladder is not None:
            beneath = ladder.goals_beneath(ladder.rung(data["goal"]))
            actions = actions.filter(goal__in=[goal.pk for goal in beneath])
        if data.get("status"):
            actions = actions.filter(status=data["status"])
        if data.get("unit") is not None:
            unit = data["unit"]
            actions = actions.filter(Q(units=unit) | Q(units__parent=unit)).distinct()
        if data.get("key"):
            actions = actions.filter(is_key_action=True)
        flag = data.get("flag")
        if flag == "late":
            actions = actions.late(today)
        elif flag == "stale":
            actions = actions.stale(today)
        elif flag == "bottleneck":
            actions = actions.with_open_bottleneck()
        if data.get("q"):
            words = data["q"].split()
            for word in words:
                actions = actions.filter(
                    Q(identifier__icontains=word)
                    | Q(name__icontains=word)
                    | Q(description__icontains=word)
                )
        return actions.order_by(*self._ordering())

    def _ordering(self):
        result = []
        for item in self.SORT_ORDER[self.cleaned_data.get("sort") or "identifier"]:
            if isinstance(item, tuple):
                field, direction = item
                expression = F(field)
                result.append(
                    expression.asc(nulls_first=True)
                    if direction == "asc"
                    else expression.desc(nulls_last=True)
                )
            else:
                result.append(item)
        return result


class ActionUpdateForm(forms.Form):
    """A status update as a contact person writes it, between other work.

    ``version`` is the latest update the form was opened at (optimistic concurrency);
    ``submission_key`` makes a double click or a browser retry save one update.
    """

    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    completion_percent = forms.IntegerField(
        label=_("Completion (%)"),
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 5}),
    )
    done = forms.CharField(
        label=_("What was done"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    correction_only = forms.BooleanField(
        label=_("Only a correction of the status: nothing new to report"),
        label_suffix="",
        required=False,
    )
    bottleneck_category = forms.ChoiceField(
        label=_("Bottleneck"),
        choices=[("", _("No bottleneck")), *BottleneckCategory.choices],
        required=False,
    )
    bottleneck = forms.CharField(
        label=_("What is blocking progress"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    next_steps = forms.CharField(
        label=_("Next steps"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    internal_note = forms.CharField(
        label=_("Internal note"),
        help_text=_("Shown to logged-in users only, not on the public dashboard."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    submission_key = forms.UUIDField(widget=forms.HiddenInput)

    @classmethod
    def opened_for(cls, action) -> ActionUpdateForm:
        """The form as it opens: the current state, this moment's version, a fresh key."""
        form = cls(
            initial={
                "status": action.status,
                "completion_percent": action.completion_percent,
                "version": action.latest_update_id,
                "submission_key": uuid.uuid4(),
            }
        )
        # Keyboard users land in the form they opened (htmx focuses [autofocus] on swap).
        form.fields["status"].widget.attrs["autofocus"] = True
        return form

    def clean(self):
        data = super().clean()
        status, completion = data.get("status"), data.get("completion_percent")
        if status == ActionStatus.COMPLETED and completion not in (None, 100):
            self.add_error(
                "completion_percent",
                # xgettext:no-python-format
                _("A completed action is 100 % done. Change the status or the percentage."),
            )
        if status == ActionStatus.NOT_STARTED and completion not in (None, 0):
            self.add_error(
                "completion_percent",
                # xgettext:no-python-format
                _("An action not yet started is 0 % done. Change the status or the percentage."),
            )
        if not data.get("done", "").strip() and not data.get("correction_only"):
            self.add_error(
                "done",
                _("Tell briefly what was done, or tick “only a correction of the status”."),
            )
        if data.get("bottleneck_category") and not data.get("bottleneck", "").strip():
            self.add_error("bottleneck", _("Describe the bottleneck in a few words."))
        return data

    def record(self, action, author):
        """Save as a new status update; raises ``StaleUpdateError`` on a conflict."""
        data = self.cleaned_data
        return action.record_update(
            author=author,
            status=data["status"],
            completion_percent=data["completion_percent"],
            done=data["done"].strip(),
            bottleneck_category=data["bottleneck_category"],
            bottleneck=data["bottleneck"].strip(),
            next_steps=data["next_steps"].strip(),
            internal_note=data["internal_note"].strip(),
            check_version=True,
            expected_latest_update_id=data["version"],
            submission_key=data["submission_key"],
        )


class BottleneckFilterForm(ProgrammeFilterForm):
    """The bottleneck view's filters: programme, goal, path, unit and kind of finding."""

    field_order = ["programme", "goal", "path", "unit", "kind"]

    goal = forms.ModelChoiceField(
        label=_("Main goal"), queryset=GoalNode.objects.none(), required=False, empty_label=_("All")
    )
    path = forms.ModelChoiceField(
        label=_("Path or focus area"),
        queryset=GoalNode.objects.none(),
        required=False,
        empty_label=_("All"),
    )
    kind = forms.ChoiceField(label=_("Show"), required=False)

    def __init__(self, data, *, programmes, default_programme: Programme | None, kinds):
        super().__init__(data, programmes=programmes, default_programme=default_programme)
        goals = self.goals()
        self.use_goal_choices("goal", goals.filter(level__depth=1))
        self.use_goal_choices("path", goals.filter(level__depth__gte=2))
        self.fields["kind"].choices = [("", _("Everything")), *kinds.items()]

    @property
    def scope_goal(self):
        """The path when one is chosen (it is the narrower), else the main goal."""
        return self.cleaned_data.get("path") or self.cleaned_data.get("goal")
