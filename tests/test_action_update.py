"""Updating an action: the inline htmx form, the plain form, validation, nothing lost."""

import re
import threading
import uuid

import pytest
from django.contrib.auth.models import Group
from django.db import connection

from accounts.roles import EDITOR
from programmes.models import ActionStatusUpdate, DataChange

pytestmark = pytest.mark.django_db
HX = {"HX-Request": "true"}


@pytest.fixture
def staff(editor, small_programme):
    Group.objects.get(name=EDITOR).user_set.add(editor)
    return editor


def payload(action, **changes):
    data = {
        "status": "in_progress",
        "completion_percent": "40",
        "done": "Kartoitettiin öljylämmitteiset kiinteistöt.",
        "bottleneck_category": "",
        "bottleneck": "",
        "next_steps": "Hankintapäätös keväällä.",
        "internal_note": "",
        "version": action.latest_update_id or "",
        "submission_key": str(uuid.uuid4()),
    }
    data.update(changes)
    return data


def test_my_actions_lists_the_contact_persons_actions_with_an_update_link(
    client, staff, small_programme
):
    client.force_login(staff)
    response = client.get("/my/")
    assert response.status_code == 200
    assert [row.action for row in response.context["rows"]] == [small_programme.action]
    assert f'hx-get="/actions/{small_programme.action.pk}/update/"' in response.text


def test_my_actions_puts_overdue_updates_first(client, staff, small_programme):
    from programmes.models import Action

    fresh = Action.objects.create(goal=small_programme.path, identifier="0.1", name="Tuore")
    fresh.contact_persons.add(staff)
    fresh.record_update(author=staff, status="in_progress", completion_percent=10, done="x")
    client.force_login(staff)
    rows = client.get("/my/").context["rows"]
    assert [r.action.identifier for r in rows] == ["1.1.1", "0.1"]  # never updated: stale


def test_htmx_opens_the_form_in_place(client, staff, small_programme):
    client.force_login(staff)
    response = client.get(f"/actions/{small_programme.action.pk}/update/", headers=HX)
    assert response.status_code == 200
    assert "<html" not in response.text
    assert f'id="action-{small_programme.action.pk}"' in response.text
    assert response.context["form"].initial["version"] is None


def test_ids_in_markup_are_never_grouped_like_numbers(client, staff, small_programme):
    """A city's thousandth action still gets a target htmx can find ("action-1 104" is not one)."""
    from programmes.models import Action

    action = Action.objects.create(
        pk=12345, goal=small_programme.path, identifier="9.9", name="Tuhannes"
    )
    action.contact_persons.add(staff)
    client.force_login(staff)
    page = client.get("/my/").text
    assert 'id="action-12345"' in page
    assert 'hx-target="#action-12345"' in page
    form = client.get("/actions/12345/update/", headers=HX).text
    assert 'id="action-12345"' in form
    assert 'hx-target="#action-12345"' in form


def test_the_opened_form_and_the_cancelled_row_keep_keyboard_focus(client, staff, small_programme):
    """htmx focuses [autofocus] after a swap: the status field, then the Update link again."""
    pk = small_programme.action.pk
    client.force_login(staff)
    form = client.get(f"/actions/{pk}/update/", headers=HX).text
    assert re.search(r'<select name="status"[^>]*autofocus', form)
    row = client.get(f"/my/{pk}/", headers=HX).text
    assert re.search(rf'<a [^>]*href="/actions/{pk}/update/[^"]*"[^>]*autofocus', row)
    listing = client.get("/my/").text  # a plain page load moves no focus
    assert "autofocus" not in listing


def test_htmx_save_swaps_the_row_with_the_new_state(client, staff, small_programme):
    action = small_programme.action
    client.force_login(staff)
    response = client.post(f"/actions/{action.pk}/update/", payload(action), headers=HX)
    assert response.status_code == 200
    assert "<html" not in response.text
    assert 'role="status"' in response.text  # the confirmation
    assert response.context["row"].action.completion_percent == 40
    action.refresh_from_db()
    assert (action.status, action.completion_percent) == ("in_progress", 40)
    update = action.latest_update
    assert (update.author, update.done, update.next_steps) == (
        staff,
        "Kartoitettiin öljylämmitteiset kiinteistöt.",
        "Hankintapäätös keväällä.",
    )


def test_the_dashboard_shows_the_change_at_once(client, staff, small_programme):
    action = small_programme.action
    client.force_login(staff)
    client.post(f"/actions/{action.pk}/update/", payload(action), headers=HX)
    client.logout()
    page = client.get(f"/actions/{action.pk}/").text
    assert "Kartoitettiin öljylämmitteiset kiinteistöt." in page
    overview = client.get("/").context["o"]
    assert overview.ladder.overall.status_counts == {"in_progress": 1}


def test_without_javascript_post_then_redirect(client, staff, small_programme):
    action = small_programme.action
    client.force_login(staff)
    page = client.get(f"/actions/{action.pk}/update/?next=/my/")
    assert "<html" in page.text and 'name="next" value="/my/"' in page.text
    response = client.post(f"/actions/{action.pk}/update/", payload(action, next="/my/"))
    assert response.status_code == 302 and response["Location"] == "/my/"
    follow = client.get("/my/")
    assert "was saved" in follow.text or "tallennettiin" in follow.text
    assert action.updates.count() == 1


def test_an_offsite_next_is_ignored(client, staff, small_programme):
    action = small_programme.action
    client.force_login(staff)
    response = client.post(
        f"/actions/{action.pk}/update/", payload(action, next="https://evil.example/")
    )
    assert response["Location"] == "/my/"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"status": "completed", "completion_percent": "80"}, "completion_percent"),
        ({"status": "not_started", "completion_percent": "10"}, "completion_percent"),
        ({"status": "continuous", "completion_percent": "0"}, "completion_percent"),
        ({"completion_percent": "101"}, "completion_percent"),
        ({"completion_percent": "-1"}, "completion_percent"),
        ({"completion_percent": "paljon"}, "completion_percent"),
        ({"done": ""}, "done"),
        ({"done": "x" * 4001}, "done"),
        ({"bottleneck_category": "funding", "bottleneck": ""}, "bottleneck"),
        ({"bottleneck_category": "weather"}, "bottleneck_category"),
        ({"status": "finished"}, "status"),
        ({"next_steps": "x" * 2001}, "next_steps"),
        ({"submission_key": "not-a-uuid"}, "submission_key"),
        ({"version": "abc"}, "version"),
    ],
)
@pytest.mark.parametrize("htmx", [True, False])
def test_invalid_input_keeps_the_text_and_saves_nothing(
    client, staff, small_programme, changes, field, htmx
):
    action = small_programme.action
    client.force_login(staff)
    data = payload(action, **{"next_steps": "Säilyvä teksti", **changes})
    response = client.post(f"/actions/{action.pk}/update/", data, headers=HX if htmx else {})
    assert response.status_code == 422
    assert field in response.context["form"].errors
    if field != "next_steps":
        assert "Säilyvä teksti" in response.text  # the user's typing is kept
    assert ("<html" in response.text) is not htmx
    assert not ActionStatusUpdate.objects.exists()


def test_a_pure_status_correction_needs_no_text(client, staff, small_programme):
    action = small_programme.action
    client.force_login(staff)
    data = payload(
        action, done="", correction_only="on", status="postponed", completion_percent="0"
    )
    response = client.post(f"/actions/{action.pk}/update/", data, headers=HX)
    assert response.status_code == 200
    action.refresh_from_db()
    assert action.status == "postponed"


def test_errors_are_in_the_users_language(client, staff, small_programme):
    action = small_programme.action
    client.force_login(staff)
    client.cookies["django_language"] = "en"
    response = client.post(f"/actions/{action.pk}/update/", payload(action, done=""), headers=HX)
    assert "Tell briefly what was done" in response.text


def test_a_stale_version_shows_the_newer_update_and_overwrites_nothing(
    client, staff, coordinator, small_programme
):
    action = small_programme.action
    client.force_login(staff)
    opened = client.get(f"/actions/{action.pk}/update/", headers=HX).context["form"].initial
    other = action.record_update(
        author=coordinator,
        status="postponed",
        completion_percent=10,
        done="Koordinaattorin päivitys",
    )
    data = payload(action, version="", submission_key=str(opened["submission_key"]))
    response = client.post(f"/actions/{action.pk}/update/", data, headers=HX)
    assert response.status_code == 409
    assert "Koordinaattorin päivitys" in response.text  # theirs, shown
    assert "Kartoitettiin öljylämmitteiset kiinteistöt." in response.text  # mine, kept
    action.refresh_from_db()
    assert action.latest_update == other and action.updates.count() == 1
    # The form now carries the newer version: sending it again saves mine on top.
    form = response.context["form"]
    assert form.data["version"] == other.pk
    again = client.post(f"/actions/{action.pk}/update/", form.data, headers=HX)
    assert again.status_code == 200
    action.refresh_from_db()
    assert action.updates.count() == 2 and action.status == "in_progress"


def test_two_clients_opening_the_same_version(client, staff, coordinator, small_programme):
    from django.test import Client

    action = small_programme.action
    first, second = client, Client()
    first.force_login(staff)
    second.force_login(coordinator)
    a = payload(action, done="Ensimmäinen")
    b = payload(action, done="Toinen")
    assert first.post(f"/actions/{action.pk}/update/", a, headers=HX).status_code == 200
    assert second.post(f"/actions/{action.pk}/update/", b, headers=HX).status_code == 409
    assert list(action.updates.values_list("done", flat=True)) == ["Ensimmäinen"]


@pytest.mark.parametrize("htmx", [True, False])
def test_a_double_submit_saves_one_update(client, staff, small_programme, htmx):
    action = small_programme.action
    client.force_login(staff)
    data = payload(action)
    for _ in range(2):
        response = client.post(f"/actions/{action.pk}/update/", data, headers=HX if htmx else {})
        assert response.status_code in (200, 302)
    assert action.updates.count() == 1


# --- truly concurrent requests, on PostgreSQL ---------------------------------

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks are PostgreSQL's; SQLite serialises"
)


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_parallel_updates_against_a_live_server(live_server, small_programme, editor):
    """N people save at once, each sending again after a conflict as the form invites."""
    import re
    import urllib.parse
    import urllib.request
    from http.cookiejar import CookieJar

    Group.objects.get(name=EDITOR).user_set.add(editor)
    action = small_programme.action
    n = 8
    errors: list[str] = []

    def one_person(i: int) -> None:
        jar = CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        page = opener.open(f"{live_server.url}/accounts/login/").read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
        login = urllib.parse.urlencode(
            {"username": "muokkaaja", "password": "salasana-123", "csrfmiddlewaretoken": token}
        ).encode()
        opener.open(urllib.request.Request(f"{live_server.url}/accounts/login/", login))
        key = str(uuid.uuid4())
        for _attempt in range(4 * n):
            form = opener.open(f"{live_server.url}/actions/{action.pk}/update/").read().decode()
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)[1]
            version = re.search(r'name="version"(?: value="(\d*)")?', form)[1] or ""
            data = urllib.parse.urlencode(
                {
                    "csrfmiddlewaretoken": token,
                    "status": "in_progress",
                    "completion_percent": str(10 + i),
                    "done": f"Päivitys {i}",
                    "version": version,
                    "submission_key": key,
                }
            ).encode()
            request = urllib.request.Request(f"{live_server.url}/actions/{action.pk}/update/", data)
            try:
                opener.open(request)
                return
            except urllib.error.HTTPError as error:
                if error.code != 409:
                    errors.append(f"{i}: HTTP {error.code}")
                    return
        errors.append(f"{i}: gave up")

    threads = [threading.Thread(target=one_person, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors
    action.refresh_from_db()
    updates = list(action.updates.order_by("created_at", "id"))
    assert sorted(u.done for u in updates) == sorted(f"Päivitys {i}" for i in range(n))
    assert action.latest_update == updates[-1]
    assert action.completion_percent == updates[-1].completion_percent


def test_a_saved_update_leaves_one_cache_mark_for_each_page_it_changes(
    client, staff, small_programme
):
    """The update and the action's new state are one write: one mark for the action's page,
    one for its programme's and one for each goal it counts for (each was marked twice),
    with no query for the programme."""
    action = small_programme.action
    client.force_login(staff)
    DataChange.objects.all().delete()

    response = client.post(f"/actions/{action.pk}/update/", payload(action))

    assert response.status_code == 302
    assert sorted(DataChange.objects.values_list("scope", flat=True)) == sorted(
        [
            f"action:{action.pk}",
            f"goal:{small_programme.focus_area.pk}",
            f"goal:{small_programme.path.pk}",
            f"goal:{small_programme.main_goal.pk}",
            f"programme:{small_programme.programme.pk}",
        ]
    )
