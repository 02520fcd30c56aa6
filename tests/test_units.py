"""The unit tree (a unit and every unit under it, at any depth) and an action's primary
unit: one definition each, used by permissions, filters, bottlenecks and what changed."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import Profile
from accounts.permissions import can_update_action, own_actions
from accounts.roles import EDITOR
from programmes import bottlenecks
from programmes.changes import collect_changes
from programmes.models import Action, ActionResponsibility, ResponsibleUnit

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(small_programme):
    """Tekniset palvelut › Tilapalvelut › Energiatiimi, and a division beside it."""
    division = small_programme.unit.parent
    team = ResponsibleUnit.objects.create(name="Energiatiimi", parent=small_programme.unit)
    other = ResponsibleUnit.objects.create(name="Sivistyspalvelut")
    other_unit = ResponsibleUnit.objects.create(name="Koulut", parent=other)
    action = Action.objects.create(
        goal=small_programme.focus_area, identifier="1.1.2", name="Aurinkopaneelit kouluille"
    )
    ActionResponsibility.objects.create(
        action=action, unit=team, role=ActionResponsibility.Role.PRIMARY
    )
    return division, small_programme.unit, team, other, other_unit, action


def test_a_unit_reaches_every_unit_under_it_at_any_depth(tree):
    division, unit, team, other, other_unit, _action = tree
    assert division.ids_with_units_beneath() == {division.pk, unit.pk, team.pk}
    assert unit.ids_with_units_beneath() == {unit.pk, team.pk}
    assert team.ids_with_units_beneath() == {team.pk}
    chosen = ResponsibleUnit.objects.filter(pk__in=[unit.pk, other.pk])
    assert chosen.ids_with_units_beneath() == {unit.pk, team.pk, other.pk, other_unit.pk}
    assert ResponsibleUnit.objects.none().ids_with_units_beneath() == set()


def test_the_tree_is_read_in_one_query(tree, django_assert_num_queries):
    division = tree[0]
    with django_assert_num_queries(1):
        division.ids_with_units_beneath()


def test_an_editor_of_a_division_updates_the_actions_two_levels_below(tree, django_user_model):
    division, _unit, _team, other, _other_unit, action = tree
    head = django_user_model.objects.create_user("johtaja")
    Group.objects.get(name=EDITOR).user_set.add(head)
    Profile.objects.create(user=head).units.set([division])
    head = django_user_model.objects.get(pk=head.pk)
    assert can_update_action(head, action)
    assert action in own_actions(head)

    outsider = django_user_model.objects.create_user("rehtori")
    Group.objects.get(name=EDITOR).user_set.add(outsider)
    Profile.objects.create(user=outsider).units.set([other])
    assert not can_update_action(django_user_model.objects.get(pk=outsider.pk), action)


def test_the_filters_include_units_at_any_depth(tree, small_programme, client):
    division, _unit, _team, other, _other_unit, action = tree
    listed = client.get("/actions/", {"unit": division.pk}).text
    assert "Aurinkopaneelit kouluille" in listed
    assert "Aurinkopaneelit kouluille" not in client.get("/actions/", {"unit": other.pk}).text

    programme = small_programme.programme
    # A year after it was entered and never updated, it is stale.
    found = bottlenecks.find(programme, timezone.localdate() + timedelta(days=365), unit=division)
    assert action in [row.action for row in found.key_not_started + found.stale]

    action.record_update(
        author=small_programme.action.contact_persons.first(),
        status="in_progress",
        completion_percent=10,
    )
    today = timezone.localdate()
    labels = {c.subject_label for c in collect_changes(programme, today, today, unit=division)}
    assert str(action) in labels
    elsewhere = {c.subject_label for c in collect_changes(programme, today, today, unit=other)}
    assert str(action) not in elsewhere


def test_the_primary_unit(tree, small_programme):
    _division, unit, team, _other, _other_unit, action = tree
    assert action.primary_unit == team
    assert small_programme.action.primary_unit == unit
    bare = Action.objects.create(goal=small_programme.focus_area, identifier="9", name="Ei")
    assert bare.primary_unit is None
    ActionResponsibility.objects.create(
        action=bare, unit=team, role=ActionResponsibility.Role.COLLABORATOR
    )
    assert Action.objects.get(pk=bare.pk).primary_unit is None
