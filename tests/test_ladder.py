"""The target ladder: what lies beneath each rung, and its roll-up."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from programmes.ladder import Ladder
from programmes.models import Action, GoalNode

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_goals(small_programme, editor):
    """A second main goal, served by the same path as the first."""
    p = small_programme
    second = GoalNode.objects.create(
        programme=p.programme, level=p.main_goal.level, identifier="T2", name="Kiertotalous"
    )
    p.path.serves.add(second)
    direct = Action.objects.create(goal=p.path, identifier="1.0.1", name="Polun oma toimenpide")
    direct.record_update(author=editor, status="completed", completion_percent=100)
    return p, second, direct


def test_actions_reach_every_goal_above_them(two_goals):
    p, second, direct = two_goals
    ladder = Ladder.load(p.programme)
    under_first = {a.pk for a in ladder.rung(p.main_goal).all_actions}
    under_second = {a.pk for a in ladder.rung(second).all_actions}
    assert under_first == under_second == {p.action.pk, direct.pk}
    assert {a.pk for a in ladder.rung(p.focus_area).all_actions} == {p.action.pk}


def test_rollup_weights_key_actions(two_goals):
    p, _second, _direct = two_goals
    ladder = Ladder.load(p.programme)
    # The key action (weight 2) is not started; the other (weight 1) is completed.
    assert ladder.rung(p.path).rollup.progress == pytest.approx(100 / 3)
    assert ladder.overall.action_count == 2


def test_the_path_is_listed_under_each_goal_it_serves(two_goals):
    p, second, _direct = two_goals
    ladder = Ladder.load(p.programme)
    assert [r.goal for r in ladder.rung(p.main_goal).below] == [p.path]
    assert [r.goal for r in ladder.rung(second).below] == [p.path]
    assert [r.goal for r in ladder.rung(p.path).below] == [p.focus_area]
    assert [r.goal for r in ladder.top] == [p.main_goal, second]


def test_strategic_goals_roll_up_their_main_goals(two_goals):
    p, second, _direct = two_goals
    second.strategic_goals.add(p.strategic_goal)
    ladder = Ladder.load(p.programme)
    (strategic,) = ladder.strategic
    assert [r.goal for r in strategic.below] == [p.main_goal, second]
    assert strategic.rollup.action_count == 2  # each action once, not once per goal


def test_loading_takes_a_fixed_number_of_queries(two_goals):
    p, _second, _direct = two_goals
    with CaptureQueriesContext(connection) as before:
        Ladder.load(p.programme)
    for n in range(10):
        Action.objects.create(goal=p.focus_area, identifier=f"9.{n}", name=f"Lisä {n}")
    with CaptureQueriesContext(connection) as after:
        ladder = Ladder.load(p.programme)
        for action in ladder.actions:
            action.freshness(date(2026, 1, 1))  # flags read prefetched data only
    assert len(before) == len(after) == 7


def test_the_ladders_actions_are_the_orms_without_the_long_texts(two_goals):
    p, _second, direct = two_goals
    direct.description = "Pitkä kuvaus"
    direct.save()
    ladder = Ladder.load(p.programme)
    by_pk = {a.pk: a for a in ladder.actions}
    for stored in Action.objects.select_related("latest_update").filter(pk__in=by_pk):
        built = by_pk[stored.pk]
        for field in Action._meta.concrete_fields:
            if field.attname not in {"description", "description_sv", "description_en"}:
                assert getattr(built, field.attname) == getattr(stored, field.attname)
        assert (built.latest_update is None) == (stored.latest_update is None)
        if stored.latest_update is not None:
            assert built.latest_update.pk == stored.latest_update.pk
            assert built.latest_update.created_at == stored.latest_update.created_at
            assert built.latest_update.status == stored.latest_update.status
        assert not built._state.adding
    built = by_pk[direct.pk]
    # The ladder's listings never read a description; one that did would pay a query.
    with CaptureQueriesContext(connection) as queries:
        assert built.latest_update.has_bottleneck is False
        assert built.freshness(date(2026, 1, 1))
    assert len(queries) == 0
    with CaptureQueriesContext(connection) as queries:
        assert built.description == "Pitkä kuvaus"
    assert len(queries) == 1
    never_updated = by_pk[p.action.pk]
    assert never_updated.latest_update_id is None
    with CaptureQueriesContext(connection) as queries:
        assert never_updated.latest_update is None
    assert len(queries) == 0
