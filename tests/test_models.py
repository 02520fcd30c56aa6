"""The model's guarantees: database constraints, the status log, and programme shapes."""

from datetime import date, datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from indicators.models import Indicator, IndicatorValue
from programmes.models import (
    Action,
    ActionResponsibility,
    ActionStatusUpdate,
    GoalLevel,
    GoalNode,
    Programme,
    ResponsibleUnit,
    StaleUpdateError,
)

HELSINKI = ZoneInfo("Europe/Helsinki")
pytestmark = pytest.mark.django_db


# --- constraints -----------------------------------------------------------


@pytest.mark.parametrize("completion", [101, 250])
def test_action_completion_above_100_is_refused_by_the_database(small_programme, completion):
    Action.objects.filter(pk=small_programme.action.pk).update(completion_percent=50)
    with pytest.raises(IntegrityError), transaction.atomic():
        Action.objects.filter(pk=small_programme.action.pk).update(completion_percent=completion)
    small_programme.action.refresh_from_db()
    assert small_programme.action.completion_percent == 50


def test_status_update_completion_above_100_is_refused(small_programme, editor):
    with pytest.raises(IntegrityError), transaction.atomic():
        ActionStatusUpdate.objects.create(
            action=small_programme.action,
            author=editor,
            status="in_progress",
            completion_percent=101,
        )
    assert not ActionStatusUpdate.objects.exists()


def test_completion_range_is_part_of_model_validation(small_programme):
    action = small_programme.action
    action.completion_percent = 120
    with pytest.raises(ValidationError) as excinfo:
        action.full_clean()
    assert "action_completion_0_100" in str(excinfo.value)


def test_one_indicator_value_per_date(small_programme):
    indicator = small_programme.indicator
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorValue.objects.create(indicator=indicator, date=date(2022, 12, 31), value=1)
    assert indicator.values.get(date=date(2022, 12, 31)).value == 465
    # The same date on another indicator is fine.
    other = Indicator.objects.create(name="Toinen", unit="%")
    IndicatorValue.objects.create(indicator=other, date=date(2022, 12, 31), value=1)


def test_duplicate_indicator_value_gets_a_readable_validation_message(small_programme):
    duplicate = IndicatorValue(
        indicator=small_programme.indicator, date=date(2022, 12, 31), value=2
    )
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()
    assert "already has a value for that date" in str(excinfo.value)


def test_only_one_primary_responsible_unit_per_action(small_programme):
    second = ResponsibleUnit.objects.create(
        name="Kunnallistekniikka", parent=small_programme.unit.parent
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        ActionResponsibility.objects.create(
            action=small_programme.action, unit=second, role=ActionResponsibility.Role.PRIMARY
        )
    # A collaborating unit is fine.
    ActionResponsibility.objects.create(
        action=small_programme.action, unit=second, role=ActionResponsibility.Role.COLLABORATOR
    )
    assert small_programme.action.responsibilities.filter(role="primary").count() == 1


def test_indicator_baseline_needs_both_year_and_value():
    with pytest.raises(IntegrityError), transaction.atomic():
        Indicator.objects.create(name="Puolikas", unit="%", baseline_year=2020)


def test_action_schedule_must_be_ordered(small_programme):
    action = small_programme.action
    action.start_date, action.end_date = date(2024, 1, 1), date(2023, 1, 1)
    with pytest.raises(ValidationError):
        action.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        action.save()


def test_actions_take_their_programme_from_their_goal(small_programme):
    assert small_programme.action.programme == small_programme.programme


def test_action_identifiers_are_unique_within_a_programme(small_programme):
    with pytest.raises(IntegrityError), transaction.atomic():
        Action.objects.create(goal=small_programme.path, identifier="1.1.1", name="Kaksoiskappale")


def test_actions_cannot_be_attached_to_a_level_that_forbids_them(small_programme):
    action = Action(goal=small_programme.main_goal, identifier="9", name="Väärä paikka")
    with pytest.raises(ValidationError) as excinfo:
        action.full_clean()
    assert "goal" in excinfo.value.message_dict


def test_a_goal_cannot_sit_under_a_lower_or_equal_level(small_programme):
    node = small_programme.path
    node.parent = small_programme.focus_area
    with pytest.raises(ValidationError) as excinfo:
        node.full_clean()
    assert "parent" in excinfo.value.message_dict


def test_served_goals_must_be_higher_and_in_the_same_programme(small_programme):
    path = small_programme.path
    with pytest.raises(ValidationError):
        path.validate_serves([small_programme.focus_area])
    path.validate_serves([small_programme.main_goal])


# --- the status log --------------------------------------------------------


def test_recording_an_update_sets_the_current_state(small_programme, editor):
    action = small_programme.action
    update = action.record_update(
        author=editor, status="in_progress", completion_percent=40, done="Kartoitus tehty."
    )
    action.refresh_from_db()
    assert (action.status, action.completion_percent, action.latest_update) == (
        "in_progress",
        40,
        update,
    )


def test_a_failed_update_writes_neither_the_log_nor_the_action(small_programme, editor):
    action = small_programme.action
    with (
        mock.patch.object(Action, "save", side_effect=IntegrityError("simulated")),
        pytest.raises(IntegrityError),
    ):
        action.record_update(author=editor, status="completed", completion_percent=100)
    assert not ActionStatusUpdate.objects.exists()
    action.refresh_from_db()
    assert (action.status, action.completion_percent, action.latest_update) == (
        "not_started",
        0,
        None,
    )


def test_status_updates_are_append_only(small_programme, editor):
    update = small_programme.action.record_update(
        author=editor, status="in_progress", completion_percent=10
    )
    update.done = "Muutettu jälkikäteen"
    with pytest.raises(ValueError, match="append-only"):
        update.save()
    update.refresh_from_db()
    assert update.done == ""


def test_a_backdated_update_does_not_replace_a_newer_current_state(small_programme, editor):
    action = small_programme.action
    newer = action.record_update(
        author=editor,
        status="in_progress",
        completion_percent=60,
        created_at=datetime(2024, 5, 1, 12, tzinfo=HELSINKI),
    )
    action.record_update(
        author=editor,
        status="not_started",
        completion_percent=0,
        created_at=datetime(2023, 5, 1, 12, tzinfo=HELSINKI),
    )
    action.refresh_from_db()
    assert action.latest_update == newer
    assert action.updates.count() == 2


def test_an_update_opened_at_an_old_version_is_refused(small_programme, editor, coordinator):
    action = small_programme.action
    first = action.record_update(author=editor, status="in_progress", completion_percent=20)
    opened_at = first.pk
    action.record_update(author=coordinator, status="in_progress", completion_percent=30)
    with pytest.raises(StaleUpdateError) as excinfo:
        action.record_update(
            author=editor,
            status="completed",
            completion_percent=100,
            check_version=True,
            expected_latest_update_id=opened_at,
        )
    assert excinfo.value.latest_update_id != opened_at
    action.refresh_from_db()
    assert (action.status, action.completion_percent, action.updates.count()) == (
        "in_progress",
        30,
        2,
    )


def test_first_update_with_version_check_expects_no_previous_update(small_programme, editor):
    action = small_programme.action
    action.record_update(
        author=editor,
        status="in_progress",
        completion_percent=5,
        check_version=True,
        expected_latest_update_id=None,
    )
    assert action.updates.count() == 1


# --- lateness --------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "end", "late"),
    [
        ("in_progress", date(2025, 12, 30), True),
        ("in_progress", date(2025, 12, 31), False),  # due today is not late yet
        ("completed", date(2024, 1, 1), False),
        ("cancelled", date(2024, 1, 1), False),
        ("in_progress", None, False),
    ],
)
def test_is_late(status, end, late):
    action = Action(status=status, end_date=end)
    assert action.is_late(date(2025, 12, 31)) is late


# --- other programme shapes ------------------------------------------------


def test_a_two_level_programme_fits_next_to_a_three_level_one(small_programme):
    """Helsinki-like: themes with actions directly under them, no main goals or paths."""
    programme = Programme.objects.create(
        name="Hiilineutraali Helsinki", slug="hnh", start_year=2022, end_year=2030
    )
    theme_level = GoalLevel.objects.create(
        programme=programme, depth=1, name="teema", name_plural="teemat"
    )
    theme = GoalNode.objects.create(
        programme=programme, level=theme_level, identifier="L", name="Liikenne"
    )
    action = Action.objects.create(goal=theme, identifier="L1", name="Pyöräilyn edistäminen")
    action.full_clean()

    # Identifiers may repeat across programmes.
    GoalNode.objects.create(programme=programme, level=theme_level, identifier="P1", name="Muu")

    assert list(programme.levels.values_list("name", flat=True)) == ["teema"]
    assert list(small_programme.programme.levels.values_list("name", flat=True)) == [
        "päätavoite",
        "kehityspolku",
        "painopiste",
    ]
    assert list(programme.goals.filter(level__depth=1)) == [
        theme,
        GoalNode.objects.get(identifier="P1", programme=programme),
    ]
    assert action.programme == programme
    assert small_programme.programme.actions.count() == 1
