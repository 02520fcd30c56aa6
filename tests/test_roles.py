"""Role groups exist after migrate; the demo's people belong to them."""

import pytest
from django.contrib.auth.models import Group

from accounts.permissions import can_update_action, is_coordinator, is_editor
from accounts.roles import COORDINATOR, EDITOR, VIEWER
from demo.loader import load_demo
from programmes.models import Action

pytestmark = pytest.mark.django_db


def test_role_groups_exist_after_migrate():
    assert set(Group.objects.values_list("name", flat=True)) >= {COORDINATOR, EDITOR, VIEWER}
    coordinator = Group.objects.get(name=COORDINATOR)
    assert coordinator.permissions.filter(codename="change_action").exists()
    assert not Group.objects.get(name=VIEWER).permissions.exists()


def test_demo_users_belong_to_their_roles(django_user_model):
    load_demo()
    users = {u.username: u for u in django_user_model.objects.all()}
    assert is_coordinator(users["admin"])
    assert is_editor(users["editor"])
    assert users["council"].groups.filter(name=VIEWER).exists()
    assert not is_editor(users["council"]) and not is_coordinator(users["council"])


def test_an_editor_may_update_the_actions_of_their_unit(small_programme, outsider):
    Group.objects.get(name=EDITOR).user_set.add(outsider)
    action = small_programme.action
    assert not can_update_action(outsider, action)
    from accounts.models import Profile

    Profile.objects.create(user=outsider).units.add(small_programme.unit.parent)  # the division
    outsider = type(outsider).objects.get(pk=outsider.pk)
    assert can_update_action(outsider, action)  # a unit under the division is responsible


def test_a_contact_person_without_the_editor_role_may_not_update(small_programme, editor):
    assert small_programme.action.contact_persons.filter(pk=editor.pk).exists()
    assert not can_update_action(editor, small_programme.action)


def test_a_coordinator_group_member_may_update_any_action(small_programme, outsider):
    Group.objects.get(name=COORDINATOR).user_set.add(outsider)
    assert can_update_action(outsider, Action.objects.get())
