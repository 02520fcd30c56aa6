"""Cached dashboard content: served again while nothing changes, never after a change."""

from datetime import date

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.roles import EDITOR
from indicators.models import IndicatorValue
from programmes import cache as dashboard_cache
from programmes.models import DataChange

pytestmark = pytest.mark.django_db


def main(page: str) -> str:
    """The page's content, without the per-request CSP nonce of the head."""
    return page[page.index("<main") : page.index("</main>")]


def queries_for(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), main(response.text)


def test_a_repeated_request_is_served_from_the_cache(client, small_programme):
    cold, first = queries_for(client, "/")
    warm, again = queries_for(client, "/")
    assert warm < cold
    assert again == first


def test_a_status_update_shows_at_once(client, small_programme, editor):
    Group.objects.get(name=EDITOR).user_set.add(editor)
    goal_url = f"/goals/{small_programme.path.pk}/"
    client.force_login(editor)
    client.get("/")
    before = client.get(goal_url).text
    assert "status-in_progress" not in before
    response = client.post(
        f"/actions/{small_programme.action.pk}/update/",
        {
            "status": "in_progress",
            "completion_percent": "40",
            "done": "Kartoitettiin kohteet.",
            "version": "",
            "submission_key": "6b1f4f4e-1c57-4a4b-9f3c-2f6d1d0f6a11",
        },
    )
    assert response.status_code == 302
    assert "status-in_progress" in client.get(goal_url).text
    assert "status-in_progress" in client.get("/").text


def test_a_structure_change_in_the_admin_shows_at_once(client, small_programme):
    url = f"/goals/{small_programme.path.pk}/"
    assert "Energiaviisas Salo" in client.get(url).text
    small_programme.path.name = "Energiaviisas ja vähähiilinen Salo"
    small_programme.path.save()
    assert "Energiaviisas ja vähähiilinen Salo" in client.get(url).text
    ladder = client.get("/ladder/").text
    small_programme.main_goal.name = "Hiilineutraali Salo 2035"
    small_programme.main_goal.save()
    assert "Hiilineutraali Salo 2035" not in ladder
    assert "Hiilineutraali Salo 2035" in client.get("/ladder/").text


def test_a_new_indicator_value_shows_at_once(client, small_programme):
    assert "412" not in client.get("/indicators/").text
    IndicatorValue.objects.create(
        indicator=small_programme.indicator, date=date(2024, 12, 31), value=412
    )
    assert "412" in client.get("/indicators/").text


def test_adding_a_contact_person_is_a_change(small_programme, editor, rf):
    request = rf.get("/")
    before = dashboard_cache.generation(request)
    small_programme.action.contact_persons.add(editor)
    assert dashboard_cache.generation(rf.get("/")) != before


def test_logging_in_is_not_a_change(client, small_programme, editor, rf):
    before = dashboard_cache.generation(rf.get("/"))
    client.force_login(editor)  # saves the user's last_login
    assert dashboard_cache.generation(rf.get("/")) == before


def test_each_language_has_its_own_copy(client, small_programme):
    finnish = main(client.get("/").text)
    client.cookies["django_language"] = "en"
    english = main(client.get("/").text)
    assert "Key actions" in english
    assert "Avaintoimenpiteet" in finnish
    client.cookies["django_language"] = "fi"
    assert main(client.get("/").text) == finnish


def test_the_next_day_is_rendered_afresh(client, small_programme):
    """Lateness and staleness change with the date alone: a new day, a new copy."""
    with time_machine.travel(date(2026, 3, 2), tick=False):
        monday = client.get("/").text
        assert "2.3.2026" in monday
    with time_machine.travel(date(2026, 3, 3), tick=False):
        tuesday = client.get("/").text
    assert "3.3.2026" in tuesday


def test_logged_in_and_public_readers_have_separate_copies(small_programme, editor, rf):
    from django.contrib.auth.models import AnonymousUser

    public, signed_in = rf.get("/"), rf.get("/")
    public.user, signed_in.user = AnonymousUser(), editor
    today = date(2026, 3, 2)
    assert dashboard_cache.fragment_key(public, "overview", [1], today) != (
        dashboard_cache.fragment_key(signed_in, "overview", [1], today)
    )


def test_the_cache_can_be_switched_off(client, small_programme, settings):
    settings.DASHBOARD_CACHE_SECONDS = 0
    cold, _ = queries_for(client, "/")
    again, _ = queries_for(client, "/")
    assert again == cold


def test_old_marks_are_pruned(small_programme, monkeypatch):
    monkeypatch.setattr(dashboard_cache, "PRUNE_EVERY", 10)
    for _ in range(40):
        dashboard_cache.record_change()
    assert DataChange.objects.count() <= 20


def test_the_update_button_is_decided_per_reader_on_a_cached_action_page(
    client, small_programme, coordinator, editor
):
    """One logged-in reader's cached page never hands another an Update button."""
    url = f"/actions/{small_programme.action.pk}/"
    update_link = f'href="/actions/{small_programme.action.pk}/update/'
    client.force_login(coordinator)
    assert update_link in client.get(url).text
    client.force_login(editor)  # not a contact person of this action, nor in an editor group
    assert update_link not in client.get(url).text
    client.force_login(coordinator)
    assert update_link in client.get(url).text


def test_the_values_button_is_decided_per_reader_on_a_cached_indicator_page(
    client, small_programme, coordinator, editor
):
    url = f"/indicators/{small_programme.indicator.pk}/"
    values_link = f'href="/indicators/{small_programme.indicator.pk}/values/"'
    client.force_login(coordinator)
    assert values_link in client.get(url).text
    client.force_login(editor)
    assert values_link not in client.get(url).text


def test_internal_notes_never_reach_the_public_through_the_cache(
    client, small_programme, coordinator, settings
):
    settings.PUBLIC_DASHBOARD = True
    small_programme.action.record_update(
        author=coordinator,
        status="in_progress",
        completion_percent=30,
        done="Kartoitus valmis.",
        internal_note="Budjettiriski: ei julkista.",
    )
    url = f"/actions/{small_programme.action.pk}/"
    client.force_login(coordinator)
    assert "Budjettiriski" in client.get(url).text
    client.logout()
    assert "Budjettiriski" not in client.get(url).text


def test_each_filter_of_the_action_list_has_its_own_copy(client, small_programme):
    everything = main(client.get("/actions/").text)
    late = main(client.get("/actions/?flag=late").text)
    assert small_programme.action.identifier in everything
    assert late != everything
    assert main(client.get("/actions/").text) == everything


def test_a_status_update_shows_on_the_action_page_and_list_at_once(
    client, small_programme, coordinator
):
    url = f"/actions/{small_programme.action.pk}/"
    assert "status-completed" not in client.get(url).text
    assert "status-completed" not in client.get("/actions/").text
    small_programme.action.record_update(
        author=coordinator, status="completed", completion_percent=100, done="Valmis."
    )
    assert "status-completed" in client.get(url).text
    assert "status-completed" in client.get("/actions/").text


class UnreachableCache(LocMemCache):
    """A shared cache server that does not answer."""

    def get(self, *args, **kwargs):
        raise ConnectionError("cache server unreachable")

    def set(self, *args, **kwargs):
        raise ConnectionError("cache server unreachable")


def test_an_unreachable_cache_renders_pages_afresh(client, small_programme, settings, caplog):
    settings.CACHES = {
        "default": {"BACKEND": f"{__name__}.UnreachableCache", "LOCATION": "unreachable"}
    }
    for url in ("/", "/ladder/", f"/goals/{small_programme.path.pk}/", "/indicators/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert small_programme.main_goal.name in response.text or url == "/indicators/"
    assert "The cache did not answer" in caplog.text
