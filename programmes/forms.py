"""Forms that validate what the public pages accept, GET filters included."""

from __future__ import annotations

from datetime import date

from django import forms
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from programmes.ladder import Ladder
from programmes.models import ActionStatus, GoalNode, Programme, ResponsibleUnit


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


class ActionFilterForm(forms.Form):
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
    programme = forms.ModelChoiceField(
        label=_("Programme"),
        queryset=Programme.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=None,
    )
    goal = forms.ModelChoiceField(
        label=_("Goal, path or focus area"),
        queryset=GoalNode.objects.none(),
        required=False,
        empty_label=_("All"),
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All")), *ActionStatus.choices], required=False
    )
    unit = forms.ModelChoiceField(
        label=_("Responsible unit"),
        queryset=ResponsibleUnit.objects.all(),
        required=False,
        empty_label=_("All"),
    )
    flag = forms.ChoiceField(label=_("Show"), choices=FLAG_CHOICES, required=False)
    key = StrictBooleanField(label=_("Key actions only"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False)
    page = forms.IntegerField(
        min_value=1, max_value=10_000, required=False, widget=forms.HiddenInput
    )

    def __init__(self, data, *, programmes, default_programme: Programme | None):
        data = data.copy()
        if default_programme is not None and not data.get("programme"):
            data["programme"] = default_programme.slug
        super().__init__(data)
        self.fields["programme"].queryset = programmes
        programme = self._chosen_programme(programmes) or default_programme
        if programme is not None:
            self.fields["goal"].queryset = programme.goals.select_related("level").order_by(
                "level__depth", "order", "identifier"
            )
        self.fields["goal"].label_from_instance = lambda g: f"{g.identifier} {g.name}"
        self.fields["unit"].queryset = ResponsibleUnit.objects.select_related("parent").order_by(
            "parent__order", "parent__name", "order", "name"
        )
        self.fields["unit"].label_from_instance = lambda u: (
            f"{u.parent.name} › {u.name}" if u.parent_id else u.name
        )

    def _chosen_programme(self, programmes) -> Programme | None:
        slug = self.data.get("programme")
        return programmes.filter(slug=slug).first() if isinstance(slug, str) and slug else None

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
