"""The audit history: who changed what and when, also after a deletion."""

import uuid

import pytest
from django.contrib.auth.models import Group

from accounts.roles import EDITOR
from indicators.models import IndicatorValue
from programmes.models import Action, GoalNode

pytestmark = pytest.mark.django_db


def test_an_action_update_is_in_the_history(client, small_programme, editor):
    Group.objects.get(name=EDITOR).user_set.add(editor)
    action = small_programme.action
    client.force_login(editor)
    client.post(
        f"/actions/{action.pk}/update/",
        {
            "status": "in_progress",
            "completion_percent": "30",
            "done": "Tehty",
            "version": "",
            "submission_key": str(uuid.uuid4()),
        },
    )
    record = action.history.latest()
    assert record.history_user == editor
    assert (record.status, record.completion_percent) == ("in_progress", 30)
    page = client.get(f"/actions/{action.pk}/").text
    assert "Change history" in page or "Muutoshistoria" in page
    assert "in progress" in page.lower() or "käynnissä" in page.lower()


def test_history_is_for_logged_in_users(client, small_programme):
    assert 'id="history"' not in client.get(f"/actions/{small_programme.action.pk}/").text


def test_an_indicator_value_change_records_who_and_why(client, small_programme, coordinator):
    value = IndicatorValue.objects.get(indicator=small_programme.indicator)
    client.force_login(coordinator)
    response = client.post(
        f"/indicators/{value.indicator_id}/values/{value.pk}/",
        {"period": "2022", "value": "470,5", "note": "", "reason": "Syken korjattu luku"},
    )
    assert response.status_code == 302
    record = value.history.latest()
    assert record.value == 470.5
    assert record.history_user == coordinator
    assert record.history_change_reason == "Syken korjattu luku"


def test_a_deleted_value_stays_in_the_history(client, small_programme, coordinator):
    value = IndicatorValue.objects.get(indicator=small_programme.indicator)
    client.force_login(coordinator)
    client.post(
        f"/indicators/{value.indicator_id}/values/{value.pk}/delete/", {"reason": "Virheellinen"}
    )
    assert not IndicatorValue.objects.filter(pk=value.pk).exists()
    deleted = IndicatorValue.history.filter(id=value.pk, history_type="-").get()
    assert deleted.value == 465 and deleted.history_change_reason == "Virheellinen"


def test_a_structure_change_is_recorded_and_shown_in_the_admin(
    client, small_programme, coordinator
):
    path = small_programme.path
    before = GoalNode.history.filter(id=path.pk).count()
    path.name = "Energiaviisas Salo 2.0"
    path.save()
    assert GoalNode.history.filter(id=path.pk).count() == before + 1
    assert GoalNode.history.filter(id=path.pk).latest().name == "Energiaviisas Salo 2.0"
    client.force_login(coordinator)
    response = client.get(f"/admin/programmes/goalnode/{path.pk}/history/")
    assert response.status_code == 200
    assert "Energiaviisas Salo 2.0" in response.text


def test_deleting_structure_keeps_its_history(small_programme):
    action = Action.objects.create(goal=small_programme.path, identifier="9.9", name="Poistuva")
    pk = action.pk
    action.delete()
    assert Action.history.filter(id=pk, history_type="-").exists()


def test_link_changes_read_in_names_never_ids(small_programme, editor, django_user_model):
    """ "Yhteyshenkilöt: – → 118, 2" told the reader nothing: people and goals by name."""
    from programmes.history import changes_of

    action = Action.objects.get(pk=small_programme.action.pk)
    action.goal = small_programme.path
    action.save()
    action.contact_persons.clear()
    other = django_user_model.objects.create_user("toinen", first_name="Tiina", last_name="Toinen")
    action.contact_persons.set([editor, other])

    newest_last = reversed(changes_of(action))
    fields = {label: (old, new) for change in newest_last for label, old, new in change.fields}
    contacts = Action._meta.get_field("contact_persons").verbose_name
    goal = Action._meta.get_field("goal").verbose_name
    assert fields[str(contacts)][1] == f"{editor.get_full_name()}, Tiina Toinen"
    assert fields[str(goal)] == (str(small_programme.focus_area), str(small_programme.path))
