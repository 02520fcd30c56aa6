"""Action progress, roll-ups, schedule and freshness: the documented rules and their edges."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from programmes.action_rules import (
    DUE_SOON_DAYS,
    Freshness,
    Schedule,
    action_progress,
    freshness,
    rollup,
    schedule,
)
from programmes.models import ActionStatus


@dataclass
class A:
    status: str
    completion_percent: int = 0
    is_key_action: bool = False


def test_progress_of_each_status():
    assert action_progress("completed", 40) == 100
    assert action_progress("continuous", 0) == 100
    assert action_progress("cancelled", 80) is None
    assert action_progress("in_progress", 35) == 35
    assert action_progress("postponed", 20) == 20
    assert action_progress("not_started", 0) == 0


def test_key_actions_weigh_double_by_default():
    result = rollup([A("completed", 100, True), A("not_started", 0)])
    assert result.progress == pytest.approx(200 / 3)
    assert result.weight_total == 3
    assert result.key_action_count == 1


def test_key_action_weight_is_a_setting(settings):
    settings.KEY_ACTION_WEIGHT = 1
    assert rollup([A("completed", 100, True), A("not_started", 0)]).progress == 50


def test_cancelled_actions_are_left_out_but_still_listed():
    result = rollup([A("cancelled", 0), A("in_progress", 50)])
    assert result.progress == 50
    assert (result.action_count, result.counted_count) == (2, 1)
    assert result.status_counts == {"cancelled": 1, "in_progress": 1}


def test_nothing_to_count_gives_no_progress():
    assert rollup([]).progress is None
    assert rollup([A("cancelled")]).progress is None


statuses = st.sampled_from(ActionStatus.values)
actions = st.builds(A, statuses, st.integers(0, 100), st.booleans())


@settings(max_examples=100)
@given(st.lists(st.builds(A, st.just("completed"), st.integers(0, 100), st.booleans()), min_size=1))
def test_all_completed_rolls_up_to_100(items):
    assert rollup(items).progress == pytest.approx(100)


@settings(max_examples=100)
@given(st.lists(actions), st.randoms())
def test_rollup_does_not_depend_on_order(items, rnd):
    shuffled = list(items)
    rnd.shuffle(shuffled)
    first, second = rollup(items), rollup(shuffled)
    if first.progress is None:
        assert second.progress is None
    else:
        assert second.progress == pytest.approx(first.progress)
    assert first.status_counts == second.status_counts


@settings(max_examples=100)
@given(st.lists(actions, min_size=1))
def test_rollup_stays_within_the_range_of_its_actions(items):
    result = rollup(items)
    values = [action_progress(a.status, a.completion_percent) for a in items]
    values = [v for v in values if v is not None]
    if not values:
        assert result.progress is None
    else:
        assert min(values) - 1e-9 <= result.progress <= max(values) + 1e-9


TODAY = date(2026, 11, 28)


@pytest.mark.parametrize(
    ("status", "end", "continuous", "expected"),
    [
        ("in_progress", TODAY - timedelta(days=1), False, Schedule.LATE),
        ("in_progress", TODAY, False, Schedule.ON_SCHEDULE),
        ("not_started", TODAY + timedelta(days=300), False, Schedule.ON_SCHEDULE),
        ("completed", TODAY - timedelta(days=400), False, Schedule.ON_SCHEDULE),
        ("cancelled", TODAY - timedelta(days=400), False, Schedule.ON_SCHEDULE),
        ("postponed", TODAY - timedelta(days=1), False, Schedule.LATE),
        ("in_progress", None, False, Schedule.NO_SCHEDULE),
        ("in_progress", None, True, Schedule.CONTINUOUS),
        ("continuous", None, False, Schedule.CONTINUOUS),
    ],
)
def test_schedule(status, end, continuous, expected):
    assert schedule(status=status, end_date=end, is_continuous=continuous, today=TODAY) is expected


def _at_noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, tzinfo=UTC)  # noon in Helsinki


@pytest.mark.parametrize(
    ("age_days", "expected"),
    [
        (0, Freshness.FRESH),
        (180 - DUE_SOON_DAYS, Freshness.FRESH),
        (180 - DUE_SOON_DAYS + 1, Freshness.DUE_SOON),
        (180, Freshness.DUE_SOON),  # the window's last day
        (181, Freshness.STALE),  # one day after
    ],
)
def test_freshness_at_the_window_boundaries(age_days, expected):
    updated = _at_noon(TODAY - timedelta(days=age_days))
    result = freshness(status="in_progress", counted_from=updated, today=TODAY, window_days=180)
    assert result is expected


def test_never_updated_is_stale():
    assert (
        freshness(status="not_started", counted_from=None, today=TODAY, window_days=180)
        is Freshness.STALE
    )


def test_closed_actions_are_never_stale():
    long_ago = _at_noon(TODAY - timedelta(days=1000))
    for status in ("completed", "cancelled"):
        assert (
            freshness(status=status, counted_from=long_ago, today=TODAY, window_days=180)
            is Freshness.FRESH
        )


def test_freshness_counts_days_in_helsinki_time():
    # 23:30 UTC on 31 May is already 1 June in Helsinki.
    late_evening = datetime(2026, 5, 31, 23, 30, tzinfo=UTC)
    result = freshness(
        status="in_progress",
        counted_from=late_evening,
        today=date(2026, 11, 28),
        window_days=180,
    )
    assert result is Freshness.DUE_SOON  # 180 days since 1 June, not 181 since 31 May
