"""When an indicator's next value is due: one rule for the bottleneck view and the reminders.

Statistics arrive late. A **yearly** figure for year Y is expected by the end of year
Y + 1 (Syke publishes municipal emissions about 15 months after the year), so during
2026 the latest value expected is the one for 2024. A **monthly** figure is expected
within two full months of its month's end: on 15 March 2026 the value for December 2025
is expected (due by the end of February), January's not yet (due by the end of March).

An indicator's value is *due* (overdue) when it has no value at all, or when its latest
value is for an earlier period than the latest one expected by today. The bottleneck
view lists such indicators as missing values; the reminder email asks their contact
persons for the value. Nothing else decides it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, timedelta

from indicators.choices import TimeResolution

YEARLY_LAG_YEARS = 1
MONTHLY_LAG_MONTHS = 2


class DueReason(enum.StrEnum):
    NO_VALUES = "no_values"
    BEHIND = "behind"
    MONTHS_MISSING = "months_missing"


@dataclass(frozen=True)
class ValueDue:
    """Why a value is due: the reason, the latest value's date and the period expected."""

    reason: DueReason
    latest: date | None
    expected: date
    """The expected period: its 31 December for a yearly series, its 1st for a monthly one."""

    @property
    def expected_year(self) -> int:
        return self.expected.year


def expected_latest_period(resolution: str, today: date) -> date:
    """The latest period whose value should already be in by ``today``."""
    if resolution == TimeResolution.MONTHLY:
        # The month before the last MONTHLY_LAG_MONTHS full months.
        index = today.year * 12 + (today.month - 1) - MONTHLY_LAG_MONTHS - 1
        return date(index // 12, index % 12 + 1, 1)
    return date(today.year - YEARLY_LAG_YEARS - 1, 12, 31)


def value_due(resolution: str, latest: date | None, today: date) -> ValueDue | None:
    """Whether the indicator's next value is due by ``today``, judged by its latest date."""
    expected = expected_latest_period(resolution, today)
    if latest is None:
        return ValueDue(DueReason.NO_VALUES, None, expected)
    if resolution == TimeResolution.MONTHLY:
        if (latest.year, latest.month) < (expected.year, expected.month):
            return ValueDue(DueReason.MONTHS_MISSING, latest, expected)
        return None
    if latest.year < expected.year:
        return ValueDue(DueReason.BEHIND, latest, expected)
    return None


@dataclass(frozen=True)
class NextValue:
    """The next value an indicator's contact person should enter, and by when."""

    period: date
    """Its 31 December for a yearly series, its 1st for a monthly one."""
    due_by: date
    overdue: bool
    monthly: bool


def next_value(resolution: str, latest: date | None, today: date) -> NextValue:
    """The period after ``latest`` (or the one expected, with no values yet), due by the
    same rule as ``value_due``: a year's figure by the end of the following year, a
    month's within two full months. Overdue exactly when ``value_due`` says so."""
    monthly = resolution == TimeResolution.MONTHLY
    if latest is None:
        period = expected_latest_period(resolution, today)
    elif monthly:
        index = latest.year * 12 + latest.month  # the month after latest
        period = date(index // 12, index % 12 + 1, 1)
    else:
        period = date(latest.year + 1, 12, 31)
    if monthly:
        # The last day of the MONTHLY_LAG_MONTHS-th month after the period's month.
        index = period.year * 12 + period.month - 1 + MONTHLY_LAG_MONTHS + 1
        due_by = date(index // 12, index % 12 + 1, 1) - timedelta(days=1)
    else:
        due_by = date(period.year + YEARLY_LAG_YEARS, 12, 31)
    overdue = value_due(resolution, latest, today) is not None
    return NextValue(period, due_by, overdue, monthly)
