"""When an indicator's next value is due (``indicators.due``): one rule for the bottleneck
view and the reminder email, at its boundaries."""

from datetime import date

import pytest

from indicators.choices import TimeResolution
from indicators.due import DueReason, expected_latest_period, value_due
from indicators.models import IndicatorValue
from programmes import bottlenecks
from reminders.digest import plan_digests

YEARLY, MONTHLY = TimeResolution.YEARLY, TimeResolution.MONTHLY


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 1, 1), date(2024, 12, 31)),  # 2025's figure is due by the end of 2026
        (date(2026, 12, 31), date(2024, 12, 31)),
        (date(2027, 1, 1), date(2025, 12, 31)),
    ],
)
def test_the_yearly_value_expected_turns_with_the_year(today, expected):
    assert expected_latest_period(YEARLY, today) == expected


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 3, 1), date(2025, 12, 1)),  # December was due by the end of February
        (date(2026, 3, 15), date(2025, 12, 1)),  # January is not due before April
        (date(2026, 3, 31), date(2025, 12, 1)),
        (date(2026, 4, 1), date(2026, 1, 1)),
        (date(2026, 1, 5), date(2025, 10, 1)),  # across the turn of the year
    ],
)
def test_the_monthly_value_expected_allows_two_full_months(today, expected):
    assert expected_latest_period(MONTHLY, today) == expected


@pytest.mark.parametrize(
    ("latest", "today", "reason"),
    [
        (None, date(2026, 3, 16), DueReason.NO_VALUES),
        (date(2023, 12, 31), date(2026, 3, 16), DueReason.BEHIND),  # 2024 expected in 2026
        (date(2023, 12, 31), date(2025, 12, 31), None),  # ... but not yet in 2025
        (date(2024, 12, 31), date(2026, 12, 31), None),
        (date(2024, 12, 31), date(2027, 1, 1), DueReason.BEHIND),
        (date(2024, 6, 30), date(2026, 3, 16), None),  # any date in the year is its value
        (date(2026, 12, 31), date(2026, 11, 1), None),
    ],
)
def test_when_a_yearly_value_is_due(latest, today, reason):
    due = value_due(YEARLY, latest, today)
    assert (due.reason if due else None) == reason


@pytest.mark.parametrize(
    ("latest", "today", "reason"),
    [
        (None, date(2026, 3, 15), DueReason.NO_VALUES),
        (date(2025, 12, 31), date(2026, 3, 15), None),  # December: in time
        (date(2025, 12, 1), date(2026, 3, 31), None),
        (date(2025, 12, 31), date(2026, 4, 1), DueReason.MONTHS_MISSING),
        (date(2025, 11, 30), date(2026, 3, 1), DueReason.MONTHS_MISSING),
        (date(2025, 11, 30), date(2026, 2, 28), None),
        (date(2025, 10, 31), date(2026, 1, 5), None),  # across the turn of the year
        (date(2025, 9, 30), date(2026, 1, 5), DueReason.MONTHS_MISSING),
    ],
)
def test_when_a_monthly_value_is_due(latest, today, reason):
    due = value_due(MONTHLY, latest, today)
    assert (due.reason if due else None) == reason


def test_a_due_value_says_which_period_is_expected():
    due = value_due(YEARLY, date(2022, 12, 31), date(2026, 3, 16))
    assert (due.latest, due.expected_year) == (date(2022, 12, 31), 2024)


# --- the bottleneck view and the reminder email agree ---------------------------------


def _monthly_indicator(small_programme, editor, latest: date):
    indicator = small_programme.indicator
    indicator.time_resolution = MONTHLY
    indicator.save()
    indicator.values.all().delete()
    IndicatorValue.objects.create(indicator=indicator, date=latest, value=40)
    indicator.contact_persons.add(editor)
    return indicator


def _in_bottlenecks(programme, today, indicator) -> bool:
    return indicator in bottlenecks.find(programme, today).missing_values


def _in_reminders(today, indicator, editor) -> bool:
    digests = [d for d in plan_digests(today).digests if d.recipient == editor]
    return any(item.indicator == indicator for d in digests for item in d.indicators)


@pytest.mark.parametrize(
    ("latest", "due"),
    [
        (date(2025, 12, 1), False),  # on 15 March, December's value is in time
        (date(2025, 11, 1), True),
    ],
)
def test_the_bottleneck_view_and_the_email_agree_on_a_monthly_indicator(
    small_programme, editor, latest, due
):
    today = date(2026, 3, 15)
    indicator = _monthly_indicator(small_programme, editor, latest)
    assert _in_bottlenecks(small_programme.programme, today, indicator) is due
    assert _in_reminders(today, indicator, editor) is due


@pytest.mark.parametrize(
    ("latest", "due"), [(date(2024, 12, 31), False), (date(2023, 12, 31), True)]
)
def test_the_bottleneck_view_and_the_email_agree_on_a_yearly_indicator(
    small_programme, editor, latest, due
):
    today = date(2026, 11, 15)
    indicator = small_programme.indicator
    indicator.values.all().delete()
    IndicatorValue.objects.create(indicator=indicator, date=latest, value=400)
    indicator.contact_persons.add(editor)
    assert _in_bottlenecks(small_programme.programme, today, indicator) is due
    assert _in_reminders(today, indicator, editor) is due
