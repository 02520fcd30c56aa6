"""'My actions' also lists the indicators the person is a contact for, with the next value due."""

from datetime import date

import pytest

from indicators.due import next_value, value_due
from indicators.models import Indicator, IndicatorValue

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("resolution", "latest", "today", "period", "due_by", "overdue"),
    [
        (
            "yearly",
            date(2024, 12, 31),
            date(2026, 3, 15),
            date(2025, 12, 31),
            date(2026, 12, 31),
            False,
        ),
        (
            "yearly",
            date(2023, 12, 31),
            date(2026, 3, 15),
            date(2024, 12, 31),
            date(2025, 12, 31),
            True,
        ),
        ("yearly", None, date(2026, 3, 15), date(2024, 12, 31), date(2025, 12, 31), True),
        (
            "monthly",
            date(2025, 12, 1),
            date(2026, 3, 15),
            date(2026, 1, 1),
            date(2026, 3, 31),
            False,
        ),
        (
            "monthly",
            date(2025, 11, 1),
            date(2026, 3, 15),
            date(2025, 12, 1),
            date(2026, 2, 28),
            True,
        ),
        (
            "monthly",
            date(2025, 11, 1),
            date(2026, 2, 28),
            date(2025, 12, 1),
            date(2026, 2, 28),
            False,
        ),
    ],
)
def test_the_next_value_and_its_day(resolution, latest, today, period, due_by, overdue):
    due = next_value(resolution, latest, today)
    assert (due.period, due.due_by, due.overdue) == (period, due_by, overdue)
    assert due.overdue is (value_due(resolution, latest, today) is not None)


def test_my_actions_lists_my_indicators_overdue_first(
    client, small_programme, editor, time_machine
):
    time_machine.move_to(date(2026, 3, 15))
    mine = small_programme.indicator  # latest value 2022: overdue
    mine.contact_persons.add(editor)
    fresh = Indicator.objects.create(name="Aurinkosähkön tuotanto", unit="MWh")
    fresh.goals.add(small_programme.focus_area)
    fresh.contact_persons.add(editor)
    IndicatorValue.objects.create(indicator=fresh, date=date(2024, 12, 31), value=120)
    Indicator.objects.create(name="Jonkun muun mittari", unit="t").goals.add(
        small_programme.focus_area
    )
    client.force_login(editor)
    html = client.get("/my/").text
    section = html[html.index('id="my-indicators-heading"') :]
    assert section.index(mine.name) < section.index(fresh.name)
    assert "myöhässä, määräpäivä 31.12.2024" in section  # the value for 2023
    assert "2025:" in section and "määräpäivä 31.12.2026" in section
    assert "Jonkun muun mittari" not in section
    assert f'href="/indicators/{mine.pk}/values/"' in section


def test_someone_with_no_indicators_sees_no_section(client, small_programme, outsider):
    client.force_login(outsider)
    assert 'id="my-indicators-heading"' not in client.get("/my/").text
