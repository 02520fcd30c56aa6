"""An action never updated is judged from its creation or its start, whichever is later.

Python (``Action.freshness``) and SQL (``Action.objects.stale``) must agree at every
boundary; a new action, or one that starts later, is not stale at birth.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from programmes.action_rules import Freshness
from programmes.models import Action

pytestmark = pytest.mark.django_db

HELSINKI = ZoneInfo("Europe/Helsinki")
WINDOW = 180  # the programme's default


def created(small_programme, time_machine, day: date, **fields) -> Action:
    time_machine.move_to(datetime(day.year, day.month, day.day, 9, tzinfo=HELSINKI), tick=False)
    return Action.objects.create(goal=small_programme.path, identifier=f"9.{day:%j}", **fields)


def judged(action: Action, time_machine, today: date) -> tuple[Freshness, bool]:
    time_machine.move_to(datetime(today.year, today.month, today.day, 12, tzinfo=HELSINKI))
    action = Action.objects.with_flag_data().get(pk=action.pk)
    return action.freshness(today), Action.objects.stale(today).filter(pk=action.pk).exists()


def test_an_action_created_today_is_fresh(small_programme, time_machine):
    today = date(2026, 3, 2)
    action = created(small_programme, time_machine, today)
    assert judged(action, time_machine, today) == (Freshness.FRESH, False)


@pytest.mark.parametrize(
    ("age", "expected"),
    [(WINDOW - 1, Freshness.DUE_SOON), (WINDOW, Freshness.DUE_SOON), (WINDOW + 1, Freshness.STALE)],
)
def test_never_updated_counts_from_the_creation(small_programme, time_machine, age, expected):
    born = date(2025, 1, 10)
    action = created(small_programme, time_machine, born)
    freshness, in_sql = judged(action, time_machine, born + timedelta(days=age))
    assert freshness is expected
    assert in_sql is (expected is Freshness.STALE)


@pytest.mark.parametrize(("age", "stale"), [(0, False), (WINDOW, False), (WINDOW + 1, True)])
def test_a_later_start_counts_from_the_start(small_programme, time_machine, age, stale):
    born, start = date(2025, 1, 10), date(2025, 9, 1)
    action = created(small_programme, time_machine, born, start_date=start)
    freshness, in_sql = judged(action, time_machine, start + timedelta(days=age))
    assert (freshness is Freshness.STALE, in_sql) == (stale, stale)


def test_an_action_starting_in_the_future_is_fresh(small_programme, time_machine):
    born = date(2025, 1, 10)
    action = created(small_programme, time_machine, born, start_date=date(2027, 1, 1))
    assert judged(action, time_machine, date(2026, 6, 1)) == (Freshness.FRESH, False)


def test_an_early_start_does_not_age_a_new_action(small_programme, time_machine):
    """Entered today for work that began years ago: the contact has had no time yet."""
    today = date(2026, 3, 2)
    action = created(small_programme, time_machine, today, start_date=date(2021, 1, 1))
    assert judged(action, time_machine, today) == (Freshness.FRESH, False)


def test_an_update_counts_from_itself_whatever_the_start(small_programme, time_machine, editor):
    born = date(2025, 1, 10)
    action = created(small_programme, time_machine, born, start_date=date(2026, 1, 1))
    action.record_update(author=editor, status="in_progress", completion_percent=10)
    # Updated on 10.1.2025: by 10.1.2025 + 181 days it is stale, although it starts later.
    freshness, in_sql = judged(action, time_machine, born + timedelta(days=WINDOW + 1))
    assert (freshness, in_sql) == (Freshness.STALE, True)


def test_a_new_action_sorts_after_its_siblings(small_programme):
    """The order left at its default puts a new action last, not first."""
    path = small_programme.path
    first = Action.objects.create(goal=path, identifier="1.0.7", name="Ensimmäinen", order=5)
    new = Action.objects.create(goal=path, identifier="1.0.0", name="Uusi")
    assert new.order > first.order
    assert list(Action.objects.filter(goal=path).order_by("order", "identifier"))[-1] == new
    placed = Action.objects.create(goal=path, identifier="1.0.9", name="Sijoitettu", order=2)
    assert placed.order == 2  # an order given is kept
