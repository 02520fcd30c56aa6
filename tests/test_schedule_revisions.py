"""A revised schedule: the contact proposes a new end date, the coordinator decides.

The action in ``small_programme`` runs from 1.6.2021 to 31.12.2025; on 1.3.2026 it is late.
"""

from __future__ import annotations

import uuid
from datetime import date

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.roles import COORDINATOR, EDITOR, VIEWER
from programmes.choices import RevisionState
from programmes.models import Action, ActionStatusUpdate, ScheduleRevision

pytestmark = pytest.mark.django_db
HX = {"HX-Request": "true"}
TODAY = date(2026, 3, 1)
LATER = date(2026, 12, 31)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(TODAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def staff(editor, small_programme):
    Group.objects.get(name=EDITOR).user_set.add(editor)
    return editor


def payload(action, **changes):
    data = {
        "status": "in_progress",
        "completion_percent": "60",
        "done": "Kolme kohdetta kilpailutettu.",
        "bottleneck_category": "",
        "bottleneck": "",
        "next_steps": "",
        "internal_note": "",
        "proposed_end_date": LATER.isoformat(),
        "schedule_reason": "Urakoitsijan toimitukset viivästyivät.",
        "version": action.latest_update_id or "",
        "submission_key": str(uuid.uuid4()),
    }
    data.update(changes)
    return data


def propose(client, action, **changes):
    return client.post(f"/actions/{action.pk}/update/", payload(action, **changes))


@pytest.fixture
def proposed(client, staff, small_programme) -> ScheduleRevision:
    client.force_login(staff)
    response = propose(client, small_programme.action)
    assert response.status_code == 302, response.context["form"].errors
    client.logout()
    return ScheduleRevision.objects.get()


def accept_url(revision) -> str:
    return reverse("schedule_accept", args=[revision.action_id, revision.pk])


def decline_url(revision) -> str:
    return reverse("schedule_decline", args=[revision.action_id, revision.pk])


# --- the proposal ---------------------------------------------------------------------


def test_the_form_shows_the_end_date_and_the_previous_update(client, staff, small_programme):
    action = small_programme.action
    action.record_update(
        author=staff,
        status="in_progress",
        completion_percent=30,
        done="Kartoitettiin kohteet.",
        next_steps="Kilpailutus keväällä.",
    )
    client.force_login(staff)
    for headers in ({}, HX):
        page = client.get(f"/actions/{action.pk}/update/", headers=headers).text
        assert "31.12.2025" in page  # the current end date
        assert "Kartoitettiin kohteet." in page
        assert "Kilpailutus keväällä." in page
        assert 'name="proposed_end_date"' in page
        assert 'name="schedule_reason"' in page


def test_a_contact_proposes_a_new_end_date_with_the_update(client, staff, small_programme):
    action = small_programme.action
    client.force_login(staff)
    response = propose(client, action)
    assert response.status_code == 302
    revision = ScheduleRevision.objects.get()
    update = ActionStatusUpdate.objects.get()
    assert (revision.action, revision.status_update, revision.proposed_by) == (
        action,
        update,
        staff,
    )
    assert (revision.previous_end_date, revision.proposed_end_date) == (date(2025, 12, 31), LATER)
    assert revision.reason == "Urakoitsijan toimitukset viivästyivät."
    assert revision.state == RevisionState.PROPOSED
    action.refresh_from_db()
    assert action.end_date == date(2025, 12, 31)  # only the coordinator moves it
    assert action.is_late(TODAY)


def test_an_update_without_a_proposal_proposes_nothing(client, staff, small_programme):
    client.force_login(staff)
    response = propose(client, small_programme.action, proposed_end_date="", schedule_reason="")
    assert response.status_code == 302
    assert ActionStatusUpdate.objects.count() == 1
    assert not ScheduleRevision.objects.exists()


def test_the_inline_form_proposes_too(client, staff, small_programme):
    client.force_login(staff)
    response = client.post(
        f"/actions/{small_programme.action.pk}/update/",
        payload(small_programme.action),
        headers=HX,
    )
    assert response.status_code == 200
    assert ScheduleRevision.objects.get().proposed_end_date == LATER


def test_the_same_form_sent_twice_proposes_once(client, staff, small_programme):
    client.force_login(staff)
    data = payload(small_programme.action)
    assert client.post(f"/actions/{small_programme.action.pk}/update/", data).status_code == 302
    assert client.post(f"/actions/{small_programme.action.pk}/update/", data).status_code == 302
    assert ActionStatusUpdate.objects.count() == 1
    assert ScheduleRevision.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"schedule_reason": ""}, "schedule_reason"),  # a date without a reason
        ({"proposed_end_date": ""}, "proposed_end_date"),  # a reason without a date
        ({"proposed_end_date": "2026-02-30"}, "proposed_end_date"),  # no such day
        ({"proposed_end_date": "ensi vuonna"}, "proposed_end_date"),
        ({"proposed_end_date": "99999-01-01"}, "proposed_end_date"),
        ({"proposed_end_date": "2026-02-28"}, "proposed_end_date"),  # in the past
        ({"proposed_end_date": "2021-06-01"}, "proposed_end_date"),  # not after the start
        ({"proposed_end_date": "2025-12-31"}, "proposed_end_date"),  # the end date already
        ({"schedule_reason": "x" * 1001}, "schedule_reason"),
    ],
)
def test_a_bad_proposal_is_a_form_error_and_saves_nothing(
    client, staff, small_programme, changes, field
):
    client.force_login(staff)
    response = propose(client, small_programme.action, **changes)
    assert response.status_code == 422
    assert field in response.context["form"].errors
    assert 'class="errorlist"' in response.text
    assert not ActionStatusUpdate.objects.exists()
    assert not ScheduleRevision.objects.exists()


def test_today_is_a_possible_new_end_date(client, staff, small_programme):
    client.force_login(staff)
    assert (
        propose(client, small_programme.action, proposed_end_date="2026-03-01").status_code == 302
    )


def test_a_continuous_action_has_no_end_date_to_propose(client, staff, small_programme):
    action = small_programme.action
    Action.objects.filter(pk=action.pk).update(is_continuous=True, end_date=None)
    client.force_login(staff)
    page = client.get(f"/actions/{action.pk}/update/").text
    assert 'name="proposed_end_date"' not in page
    response = propose(client, action)
    assert response.status_code == 422
    assert "proposed_end_date" in response.context["form"].errors
    assert 'name="proposed_end_date"' in response.text  # the error is shown at its field
    assert not ScheduleRevision.objects.exists()


def test_a_second_proposal_waits_for_the_first_decision(client, staff, small_programme, proposed):
    """One open proposal at a time: the coordinator decides on what the contact wrote."""
    action = small_programme.action
    client.force_login(staff)
    form = client.get(f"/actions/{action.pk}/update/").text
    assert "31.12.2026" in form  # the waiting proposal is shown
    assert 'name="proposed_end_date"' not in form
    response = propose(client, action, proposed_end_date="2027-06-30")
    assert response.status_code == 422
    assert "proposed_end_date" in response.context["form"].errors
    assert ScheduleRevision.objects.count() == 1
    assert ActionStatusUpdate.objects.count() == 1
    # An update without a proposal is still welcome.
    action.refresh_from_db()
    assert propose(client, action, proposed_end_date="", schedule_reason="").status_code == 302


# --- the decision ---------------------------------------------------------------------


def test_the_coordinator_accepts_and_the_action_is_judged_against_the_new_date(
    client, coordinator, small_programme, proposed, frozen
):
    action = small_programme.action
    assert Action.objects.late(TODAY).filter(pk=action.pk).exists()
    client.force_login(coordinator)
    page = client.get(f"/actions/{action.pk}/").text
    assert accept_url(proposed) in page and decline_url(proposed) in page

    response = client.post(accept_url(proposed), {"note": "Hyväksytty ohjausryhmässä."})
    assert response.status_code == 302
    assert response["Location"] == f"/actions/{action.pk}/#schedule"
    action.refresh_from_db()
    proposed.refresh_from_db()
    assert action.end_date == LATER
    assert (proposed.state, proposed.decided_by) == (RevisionState.ACCEPTED, coordinator)
    assert proposed.decision_note == "Hyväksytty ohjausryhmässä."
    assert not action.is_late(TODAY)
    assert not Action.objects.late(TODAY).filter(pk=action.pk).exists()
    page = client.get(f"/actions/{action.pk}/")
    assert not page.context["row"].late
    assert accept_url(proposed) not in page.text  # decided: no more buttons

    frozen.move_to(date(2027, 1, 5))
    assert action.is_late(date(2027, 1, 5))
    assert client.get(f"/actions/{action.pk}/").context["row"].days_late == 5


def test_the_page_shows_the_original_end_date_and_the_revision(
    client, coordinator, small_programme, proposed
):
    action = small_programme.action
    proposed.decide(accept=True, by=coordinator)
    for user in (None, coordinator):  # the public sees the accepted revision too
        if user:
            client.force_login(user)
        response = client.get(f"/actions/{action.pk}/")
        assert response.context["revised"]
        assert response.context["original_end_date"] == date(2025, 12, 31)
        page = response.text
        assert "31.12.2025 → 31.12.2026" in page
        assert "Urakoitsijan toimitukset viivästyivät." in page
        assert "1.3.2026" in page  # proposed and accepted that day


def test_an_open_or_declined_proposal_is_for_logged_in_readers(
    client, coordinator, outsider, small_programme, proposed
):
    action = small_programme.action
    assert "Urakoitsijan" not in client.get(f"/actions/{action.pk}/").text
    client.force_login(outsider)
    page = client.get(f"/actions/{action.pk}/").text
    assert "Urakoitsijan toimitukset viivästyivät." in page
    assert accept_url(proposed) not in page  # a reader sees it, without buttons
    proposed.decide(accept=False, by=coordinator)
    client.logout()
    assert "Urakoitsijan" not in client.get(f"/actions/{action.pk}/").text


def test_the_history_records_the_end_date_change_in_words(
    client, coordinator, small_programme, proposed
):
    action = small_programme.action
    client.force_login(coordinator)
    client.post(accept_url(proposed))
    record = action.history.latest()
    assert (record.end_date, record.history_user) == (LATER, coordinator)
    assert record.history_change_reason == "Urakoitsijan toimitukset viivästyivät."
    change = client.get(f"/actions/{action.pk}/").context["history"][0]
    assert [(old, new) for _label, old, new in change.fields] == [("31.12.2025", "31.12.2026")]
    assert change.reason == "Urakoitsijan toimitukset viivästyivät."
    assert proposed.history.count() == 2  # proposed, then accepted


def test_a_declined_proposal_leaves_the_end_date(client, coordinator, small_programme, proposed):
    action = small_programme.action
    client.force_login(coordinator)
    assert client.post(decline_url(proposed), {"note": "Ei perusteltu."}).status_code == 302
    action.refresh_from_db()
    proposed.refresh_from_db()
    assert action.end_date == date(2025, 12, 31)
    assert action.is_late(TODAY)
    assert proposed.state == RevisionState.DECLINED
    assert proposed.previous_end_date == date(2025, 12, 31)


def test_a_decided_proposal_cannot_be_decided_again(client, coordinator, small_programme, proposed):
    client.force_login(coordinator)
    client.post(decline_url(proposed), follow=True)
    response = client.post(accept_url(proposed), follow=True)
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    small_programme.action.refresh_from_db()
    assert small_programme.action.end_date == date(2025, 12, 31)
    proposed.refresh_from_db()
    assert proposed.state == RevisionState.DECLINED


def test_a_date_that_no_longer_fits_is_refused_and_writes_nothing(
    client, coordinator, small_programme, proposed
):
    """The action became continuous after the proposal: it has no end date to move."""
    Action.objects.filter(pk=small_programme.action.pk).update(is_continuous=True, end_date=None)
    client.force_login(coordinator)
    response = client.post(accept_url(proposed), follow=True)
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    proposed.refresh_from_db()
    assert proposed.state == RevisionState.PROPOSED
    small_programme.action.refresh_from_db()
    assert small_programme.action.end_date is None


def test_a_too_long_note_is_refused_with_a_message(client, coordinator, proposed):
    client.force_login(coordinator)
    response = client.post(accept_url(proposed), {"note": "x" * 1001}, follow=True)
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    proposed.refresh_from_db()
    assert proposed.state == RevisionState.PROPOSED


def test_only_a_coordinator_decides(client, staff, outsider, small_programme, proposed):
    Group.objects.get(name=VIEWER).user_set.add(outsider)
    for user in (staff, outsider):  # the action's own contact may not accept their proposal
        client.force_login(user)
        assert client.post(accept_url(proposed)).status_code == 403
        assert client.post(decline_url(proposed)).status_code == 403
    client.logout()
    response = client.post(accept_url(proposed))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert client.get(accept_url(proposed)).status_code == 405
    proposed.refresh_from_db()
    assert proposed.state == RevisionState.PROPOSED
    small_programme.action.refresh_from_db()
    assert small_programme.action.end_date == date(2025, 12, 31)


def test_a_group_coordinator_decides_too(client, outsider, small_programme, proposed):
    Group.objects.get(name=COORDINATOR).user_set.add(outsider)
    client.force_login(outsider)
    assert client.post(accept_url(proposed)).status_code == 302
    small_programme.action.refresh_from_db()
    assert small_programme.action.end_date == LATER


def test_unknown_revision_or_one_of_another_action_is_404(
    client, coordinator, small_programme, proposed
):
    client.force_login(coordinator)
    assert (
        client.post(f"/actions/{small_programme.action.pk}/schedule/999999/accept/").status_code
        == 404
    )
    other = Action.objects.create(goal=small_programme.focus_area, identifier="1.1.9", name="Muu")
    assert client.post(f"/actions/{other.pk}/schedule/{proposed.pk}/accept/").status_code == 404


# --- the admin ------------------------------------------------------------------------


def test_the_admin_lists_revisions_and_accepts_them(client, coordinator, small_programme, proposed):
    client.force_login(coordinator)
    changelist = reverse("admin:programmes_schedulerevision_changelist")
    page = client.get(changelist)
    assert page.status_code == 200
    assert "Luovutaan öljylämmityksestä" in page.text
    response = client.post(
        changelist, {"action": "accept", "_selected_action": [proposed.pk]}, follow=True
    )
    assert response.status_code == 200
    small_programme.action.refresh_from_db()
    assert small_programme.action.end_date == LATER
    action_page = client.get(
        reverse("admin:programmes_action_change", args=[small_programme.action.pk])
    )
    assert action_page.status_code == 200
    assert "Urakoitsijan toimitukset viivästyivät." in action_page.text  # the read-only inline


def test_the_admin_declines_and_a_group_coordinator_may_use_it(
    client, small_programme, proposed, django_user_model
):
    person = django_user_model.objects.create_user("kk", "kk@example.test", "x", is_staff=True)
    Group.objects.get(name=COORDINATOR).user_set.add(person)
    client.force_login(person)
    changelist = reverse("admin:programmes_schedulerevision_changelist")
    assert client.get(changelist).status_code == 200
    client.post(changelist, {"action": "decline", "_selected_action": [proposed.pk]})
    proposed.refresh_from_db()
    assert proposed.state == RevisionState.DECLINED
    small_programme.action.refresh_from_db()
    assert small_programme.action.end_date == date(2025, 12, 31)
