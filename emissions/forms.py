"""The gap view's what-if form: a scenario read from the address, validated."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from django import forms
from django.utils.translation import gettext_lazy as _

from emissions import impact
from programmes.forms import StrictBooleanField

SCALE_PREFIX = "scale_"
SORT_LABELS = {
    "-impact": _("largest impact first"),
    "impact": _("smallest impact first"),
    "action": _("in the programme's order"),
}


class ScenarioForm(forms.Form):
    """What if: actions switched off (``off``), all late or not started ones off, and a
    scale factor in per cent for each action with an estimate (``scale_<action id>``)."""

    late_off = StrictBooleanField(label=_("Switch off every late action"), required=False)
    not_started_off = StrictBooleanField(
        label=_("Switch off every action not started"), required=False
    )
    off = forms.TypedMultipleChoiceField(
        label=_("Switch off"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    sort = forms.ChoiceField(
        label=_("Order the estimates"), choices=list(SORT_LABELS.items()), required=False
    )
    all = StrictBooleanField(label=_("List every action with an estimate"), required=False)

    def __init__(self, data, *, actions: Iterable):
        super().__init__(data)
        self.actions = list(actions)
        self.fields["off"].choices = [(a.pk, f"{a.identifier} {a.name}") for a in self.actions]
        for action in self.actions:
            self.fields[f"{SCALE_PREFIX}{action.pk}"] = forms.IntegerField(
                label=_("Scale of %(action)s, %%") % {"action": action.identifier},
                min_value=0,
                max_value=int(impact.MAX_SCALE * 100),
                required=False,
                widget=forms.NumberInput(attrs={"step": 10, "inputmode": "numeric"}),
            )

    def clean_sort(self) -> str:
        return self.cleaned_data.get("sort") or "-impact"

    def scale_field(self, action):
        return self[f"{SCALE_PREFIX}{action.pk}"]

    def action_controls(self, shown: Collection | None = None) -> list[tuple]:
        """Each action with its switch-off box and its scale field, for the template: of
        every action, or of those in ``shown`` and those the reader has set or got wrong
        (so that no choice in the address is hidden)."""
        chosen = set(self.data.getlist("off")) if hasattr(self.data, "getlist") else set()
        controls = []
        for action in self.actions:
            is_off = str(action.pk) in chosen
            scale = self.scale_field(action)
            if (
                shown is None
                or action.pk in shown
                or is_off
                or scale.value() not in (None, "")
                or scale.errors
            ):
                controls.append((action, is_off, scale))
        return controls

    def scenario(self) -> impact.Scenario:
        data = self.cleaned_data
        scale = {}
        for action in self.actions:
            percent = data.get(f"{SCALE_PREFIX}{action.pk}")
            if percent is not None and percent != 100:
                scale[action.pk] = percent / 100
        return impact.Scenario(
            off=frozenset(data.get("off") or ()),
            late_off=bool(data.get("late_off")),
            not_started_off=bool(data.get("not_started_off")),
            scale=scale,
        )
