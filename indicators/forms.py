"""Entering indicator values: numbers as people type them, periods as they say them."""

from __future__ import annotations

import calendar
import math
import re
from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indicators.choices import TimeResolution
from indicators.models import IndicatorValue
from programmes.models import GoalNode

EARLIEST_YEAR = 1990


def parse_number(text: str) -> float:
    """Read "1 234,5", "1234.5", "1,234.5" or "1.234,5"; raise ValueError otherwise."""
    cleaned = re.sub(r"[\s\u00a0\u202f']", "", text.strip()).replace("\u2212", "-")
    if not re.fullmatch(r"[-+]?[\d.,]+", cleaned) or not re.search(r"\d", cleaned):
        raise ValueError(text)
    if "," in cleaned and "." in cleaned:
        # The later mark is the decimal mark; the other groups thousands.
        if cleaned.rfind(",") > cleaned.rfind("."):
            cleaned = cleaned.replace(".", "").replace(",", ".")
        else:
            cleaned = cleaned.replace(",", "")
    elif cleaned.count(",") == 1:
        cleaned = cleaned.replace(",", ".")
    elif cleaned.count(",") > 1:
        cleaned = cleaned.replace(",", "")
    number = float(cleaned)
    if not math.isfinite(number):
        raise ValueError(text)
    return number


def parse_period(text: str, *, monthly: bool) -> date:
    """A year ("2024" → 31.12.2024), a month ("3/2024", "2024-03" → its last day) or a date."""
    return parse_period_kind(text)[0]


def parse_period_kind(text: str) -> tuple[date, str]:
    """``parse_period``'s day, and whether the text named a "year", a "month" or a "date"."""
    text = text.strip()
    if m := re.fullmatch(r"(\d{4})", text):
        return date(int(m[1]), 12, 31), "year"
    if m := re.fullmatch(r"(\d{1,2})[/.](\d{4})", text) or re.fullmatch(r"(\d{4})-(\d{1,2})", text):
        first, second = int(m[1]), int(m[2])
        year, month = (second, first) if first <= 12 and second > 12 else (first, second)
        return date(year, month, calendar.monthrange(year, month)[1]), "month"
    if m := re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text):
        return date(int(m[3]), int(m[2]), int(m[1])), "date"
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text):
        return date(int(m[1]), int(m[2]), int(m[3])), "date"
    raise ValueError(text)


def period_error(day: date, *, monthly: bool, today: date) -> forms.ValidationError | None:
    """Why a value may not be entered for ``day`` yet (or ever), or None.

    The one rule for the value form and the imports: a year in range, and a period that
    has ended.
    """
    latest = today.year + 1
    if not EARLIEST_YEAR <= day.year <= latest:
        return forms.ValidationError(
            _("The year must be between %(first)s and %(last)s.")
            % {"first": EARLIEST_YEAR, "last": latest},
            code="range",
        )
    if not monthly and day.year >= today.year:
        return forms.ValidationError(
            _(
                "A yearly value can be entered once its year has ended: the value for "
                "%(year)s from 1.1.%(next)s on."
            )
            % {"year": day.year, "next": day.year + 1},
            code="unfinished",
        )
    if monthly and (day.year, day.month) >= (today.year, today.month):
        return forms.ValidationError(
            _("A monthly value can be entered once its month has ended."),
            code="unfinished",
        )
    return None


class IndicatorValueForm(forms.Form):
    period = forms.CharField(label=_("Year or date"), max_length=20)
    value = forms.CharField(label=_("Value"), max_length=40)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    reason = forms.CharField(
        label=_("Reason for the change"),
        max_length=200,
        required=False,
        help_text=_("Recorded in the change history."),
    )

    def __init__(self, *args, indicator, instance: IndicatorValue | None = None, **kwargs):
        self.indicator = indicator
        self.instance = instance
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "period": _period_text(instance.date, monthly=self.monthly),
                "value": str(instance.value).removesuffix(".0").replace(".", ","),
                "note": instance.note,
            }
        super().__init__(*args, **kwargs)
        self.fields["period"].help_text = (
            _("e.g. 3/2024 or 31.3.2024") if self.monthly else _("e.g. 2024, for the year's value")
        )
        if instance is not None:
            self.fields["reason"].required = True

    @property
    def monthly(self) -> bool:
        return self.indicator.time_resolution == TimeResolution.MONTHLY

    def clean_period(self) -> date:
        try:
            day = parse_period(self.cleaned_data["period"], monthly=self.monthly)
        except ValueError:
            raise forms.ValidationError(
                _("Write a year (2024), a month (3/2024) or a date (31.3.2024)."), code="invalid"
            ) from None
        if error := period_error(day, monthly=self.monthly, today=timezone.localdate()):
            raise error
        # One value per period: a year's value, or a month's.
        clash = IndicatorValue.objects.filter(indicator=self.indicator, date__year=day.year)
        if self.monthly:
            clash = clash.filter(date__month=day.month)
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            existing = clash.first().date
            raise forms.ValidationError(
                _("There is already a value for %(date)s. Correct that one instead.")
                % {"date": f"{existing.day}.{existing.month}.{existing.year}"},
                code="duplicate",
            )
        return day

    def clean_value(self) -> float:
        try:
            return parse_number(self.cleaned_data["value"])
        except ValueError:
            raise forms.ValidationError(
                _("Write a number, e.g. 1 234,5 or 1234.5."), code="invalid"
            ) from None

    def save(self, user) -> IndicatorValue:
        value = self.instance or IndicatorValue(indicator=self.indicator)
        value.date = self.cleaned_data["period"]
        value.value = self.cleaned_data["value"]
        value.note = self.cleaned_data["note"]
        value.entered_by = user
        value._change_reason = self.cleaned_data["reason"] or None
        value.save()
        return value


class DeleteValueForm(forms.Form):
    reason = forms.CharField(label=_("Reason for deleting"), max_length=200)


def _period_text(day: date, *, monthly: bool) -> str:
    if not monthly and (day.month, day.day) == (12, 31):
        return str(day.year)
    return f"{day.day}.{day.month}.{day.year}"


OFF_TRACK = "off_track"


class IndicatorListForm(forms.Form):
    """The indicator list's page number and filters; the programme is read by
    ``programme_for`` and given here, so that a goal of another programme is an error."""

    def __init__(self, data, programme=None):
        super().__init__(data)
        self.programme = programme

    page = forms.IntegerField(
        min_value=1,
        max_value=10_000,
        required=False,
        error_messages=dict.fromkeys(
            ("invalid", "min_value", "max_value"), _("That page number is not valid.")
        ),
    )
    goal = forms.IntegerField(
        min_value=1,
        max_value=2**31 - 1,
        required=False,
        error_messages=dict.fromkeys(
            ("invalid", "min_value", "max_value"), _("That goal is not in this programme.")
        ),
    )
    verdict = forms.ChoiceField(
        choices=[("", _("all")), (OFF_TRACK, _("off track"))],
        required=False,
        error_messages={"invalid_choice": _("That verdict filter is not valid.")},
    )

    def clean_goal(self) -> int | None:
        goal_id = self.cleaned_data["goal"]
        if goal_id is not None and (
            self.programme is None
            or not GoalNode.objects.filter(pk=goal_id, programme=self.programme).exists()
        ):
            raise forms.ValidationError(self.fields["goal"].error_messages["invalid"])
        return goal_id
