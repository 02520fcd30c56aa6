"""Forms that validate what the public pages accept, GET filters included."""

from __future__ import annotations

import re
import uuid
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import transaction
from django.db.models import F, Q
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from programmes.cache import collected_changes
from programmes.changes import MAX_YEARS, default_since, longest_period_start
from programmes.ladder import Ladder
from programmes.models import (
    ActionStatus,
    ActionStatusUpdate,
    BottleneckCategory,
    GoalNode,
    Programme,
    ResponsibleUnit,
    ScheduleRevision,
)
from reports.models import CouncilReport


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


def _goal_field(label) -> forms.ModelChoiceField:
    """An optional goal; ``ProgrammeFilterForm.use_goal_choices`` gives it its choices."""
    return forms.ModelChoiceField(
        label=label, queryset=GoalNode.objects.none(), required=False, empty_label=_("All")
    )


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
    goal = _goal_field(_("Goal, path or focus area"))
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
            actions = actions.filter(units__in=unit.ids_with_units_beneath()).distinct()
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
    # A new end date, proposed to the coordinator: both or neither (see ``clean``).
    proposed_end_date = forms.DateField(
        label=_("Propose a new end date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        validators=[MinValueValidator(date(1900, 1, 1)), MaxValueValidator(date(2999, 12, 31))],
    )
    schedule_reason = forms.CharField(
        label=_("Why the schedule changes"),
        help_text=_("The coordinator accepts or declines the new end date."),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    submission_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, action=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The action whose schedule a proposal would revise; without it no proposal.
        self.action = action

    @classmethod
    def opened_for(cls, action) -> ActionUpdateForm:
        """The form as it opens: the current state, this moment's version, a fresh key."""
        form = cls(
            initial={
                "status": action.status,
                "completion_percent": action.completion_percent,
                "version": action.latest_update_id,
                "submission_key": uuid.uuid4(),
            },
            action=action,
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
        if status == ActionStatus.CONTINUOUS and completion not in (None, 100):
            self.add_error(
                "completion_percent",
                _(
                    # xgettext:no-python-format
                    "A continuous action is in operation and counts as 100 % done. "
                    "Change the status or the percentage."
                ),
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
        self._clean_proposal(data)
        return data

    def _clean_proposal(self, data) -> None:
        proposed = data.get("proposed_end_date")
        reason = data.get("schedule_reason", "").strip()
        if "proposed_end_date" in self.errors:
            return
        if proposed is None and not reason:
            return
        if proposed is None:
            self.add_error("proposed_end_date", _("Give the new end date, or empty the reason."))
            return
        if not reason:
            self.add_error("schedule_reason", _("Tell briefly why the end date should change."))
        if self.action is None:
            self.add_error("proposed_end_date", _("This form cannot propose a new end date."))
            return
        waiting = self.action.open_schedule_revision
        if waiting is not None:
            if self._sent_again(waiting, data.get("submission_key")):
                return  # ``record`` returns the earlier update and its proposal
            self.add_error("proposed_end_date", self.waiting_error(waiting))
            return
        try:
            ScheduleRevision.check_date(self.action, proposed, today=timezone.localdate())
        except ValidationError as error:
            self.add_error("proposed_end_date", error)

    @staticmethod
    def _sent_again(waiting: ScheduleRevision, key) -> bool:
        return key is not None and (
            ActionStatusUpdate.objects.filter(
                schedule_revision=waiting, submission_key=key
            ).exists()
        )

    @staticmethod
    def waiting_error(waiting: ScheduleRevision) -> forms.ValidationError:
        return forms.ValidationError(
            _("A new end date (%(date)s) is already waiting for the coordinator's decision."),
            code="open",
            params={"date": formats.date_format(waiting.proposed_end_date, "SHORT_DATE_FORMAT")},
        )

    @transaction.atomic
    @collected_changes()
    def record(self, action, author):
        """Save as a new status update, with the proposed end date if there is one.

        Raises ``StaleUpdateError`` on a conflict and ``ProposalOpenError`` if another
        proposal got in first; either way nothing is written. The update, the action's
        new state and a proposal leave one cache mark per scope between them.
        """
        data = self.cleaned_data
        update = self._record_update(action, author)
        proposed = data.get("proposed_end_date")
        if proposed is not None and not hasattr(update, "schedule_revision"):
            # ``hasattr``: the same form sent twice returns its update, already proposed.
            ScheduleRevision.propose(
                action,
                by=author,
                end_date=proposed,
                reason=data["schedule_reason"].strip(),
                status_update=update,
            )
        return update

    def _record_update(self, action, author):
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


class ScheduleDecisionForm(forms.Form):
    """The coordinator's optional note on accepting or declining a new end date."""

    note = forms.CharField(required=False, max_length=1000)


class GoalPathFilterForm(ProgrammeFilterForm):
    """A programme filter narrowed to a main goal, or to a path or focus area."""

    goal = _goal_field(_("Main goal"))
    path = _goal_field(_("Path or focus area"))

    def __init__(self, data, *, programmes, default_programme: Programme | None):
        super().__init__(data, programmes=programmes, default_programme=default_programme)
        goals = self.goals()
        self.use_goal_choices("goal", goals.filter(level__depth=1))
        self.use_goal_choices("path", goals.filter(level__depth__gte=2))

    @property
    def scope_goal(self):
        """The path when one is chosen (it is the narrower), else the main goal."""
        return self.cleaned_data.get("path") or self.cleaned_data.get("goal")


class BottleneckFilterForm(GoalPathFilterForm):
    """The bottleneck view's filters: programme, goal, path, unit and kind of finding."""

    field_order = ["programme", "goal", "path", "unit", "kind"]

    kind = forms.ChoiceField(label=_("Show"), required=False)

    def __init__(self, data, *, programmes, default_programme: Programme | None, kinds):
        super().__init__(data, programmes=programmes, default_programme=default_programme)
        self.fields["kind"].choices = [("", _("Everything")), *kinds.items()]


# Far enough for any programme, near enough that local midnight converts to UTC.
EARLIEST, LATEST = date(1900, 1, 1), date(2999, 12, 31)


def _date_field(label) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        validators=[MinValueValidator(EARLIEST), MaxValueValidator(LATEST)],
    )


class ChangesFilterForm(GoalPathFilterForm):
    """The period (local dates) and the part of the programme: main goal, path, unit.

    An empty ``since`` is the day of the latest council report before today, or else 90
    days back; an empty ``until`` is today. Both are written into the form's data, so
    the page shows the period it lists.
    """

    field_order = ["programme", "since", "until", "goal", "path", "unit"]

    since = _date_field(_("From"))
    until = _date_field(_("To"))

    def __init__(self, data, *, programmes, default_programme: Programme | None, today: date):
        super().__init__(data, programmes=programmes, default_programme=default_programme)
        self.report: CouncilReport | None = None
        self.since_defaulted = not self.data.get("since")
        if self.since_defaulted and self.programme is not None:
            since, self.report = default_since(self.programme, today)
            self.data["since"] = since.isoformat()
        if not self.data.get("until"):
            self.data["until"] = today.isoformat()

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until:
            if since > until:
                self.add_error(
                    "until",
                    forms.ValidationError(
                        _("The end of the period is before its start."), code="reversed"
                    ),
                )
            elif since < longest_period_start(until):
                self.add_error(
                    "since",
                    forms.ValidationError(
                        _("The period can be at most %(years)d years."),
                        code="too_long",
                        params={"years": MAX_YEARS},
                    ),
                )
        return data


LADDER_POSITION = re.compile(r"^[a-z0-9-]{1,120}$")


class LadderForm(forms.Form):
    """The target ladder's state: the programme, the rungs open and where a rung sits."""

    programme = forms.SlugField(required=False, max_length=60)
    open = forms.TypedMultipleChoiceField(coerce=int, required=False, choices=())
    at = forms.RegexField(LADDER_POSITION, required=False)

    def __init__(self, data, goal_ids=()):
        super().__init__(data)
        self.fields["open"].choices = [(str(pk), pk) for pk in goal_ids]
