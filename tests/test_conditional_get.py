"""Conditional GET: the public's repeat visit to an unchanged page is a 304 without a body."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from indicators.models import IndicatorValue

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def public_dashboard(settings):
    settings.PUBLIC_DASHBOARD = True


def pages(small_programme) -> list[str]:
    return [
        "/",
        "/ladder/",
        f"/goals/{small_programme.path.pk}/",
        "/actions/",
        "/actions/?flag=late",
        f"/actions/{small_programme.action.pk}/",
        "/indicators/",
        f"/indicators/{small_programme.indicator.pk}/",
    ]


def etag_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response.has_header("ETag"), url
    return response["ETag"]


def test_a_repeat_visit_to_an_unchanged_page_is_not_modified(client, small_programme):
    for url in pages(small_programme):
        etag = etag_of(client, url)
        response = client.get(url, headers={"If-None-Match": etag})
        assert response.status_code == 304, url
        assert response.content == b""
        assert response["ETag"] == etag
        # The browser keeps the page it has, with its script nonces: no new policy.
        assert not response.has_header("Content-Security-Policy")
        assert "public" in response["Cache-Control"]


def test_another_etag_gets_the_page(client, small_programme):
    etag_of(client, "/")
    response = client.get("/", headers={"If-None-Match": '"something-else"'})
    assert response.status_code == 200
    assert "Hiilineutraalius 2035" in response.text
    assert response.has_header("Content-Security-Policy")


def test_a_status_update_changes_the_etag_of_the_pages_that_show_it(
    client, small_programme, coordinator
):
    action_page = f"/actions/{small_programme.action.pk}/"
    indicator_page = f"/indicators/{small_programme.indicator.pk}/"
    urls = ["/", "/actions/", action_page, indicator_page, "/indicators/"]
    before = {url: etag_of(client, url) for url in urls}
    small_programme.action.record_update(
        author=coordinator, status="completed", completion_percent=100, done="Valmis."
    )
    for url in ["/", "/actions/", action_page]:
        response = client.get(url, headers={"If-None-Match": before[url]})
        assert response.status_code == 200, url
        assert "status-completed" in response.text
        assert response["ETag"] != before[url]
    # The indicator does not measure the action, and the indicator list shows verdicts,
    # not actions: both are unchanged.
    for url in [indicator_page, "/indicators/"]:
        assert client.get(url, headers={"If-None-Match": before[url]}).status_code == 304, url


def test_a_new_value_changes_the_indicator_pages_etag(client, small_programme):
    url = f"/indicators/{small_programme.indicator.pk}/"
    before = {page: etag_of(client, page) for page in [url, "/indicators/", "/actions/"]}
    IndicatorValue.objects.create(
        indicator=small_programme.indicator, date=date(2024, 12, 31), value=412
    )
    for page in [url, "/indicators/"]:
        response = client.get(page, headers={"If-None-Match": before[page]})
        assert response.status_code == 200, page
        assert "412" in response.text
    # The action list shows the actions' state, not verdicts.
    assert (
        client.get("/actions/", headers={"If-None-Match": before["/actions/"]}).status_code == 304
    )


def test_someone_logging_in_changes_no_etag(client, small_programme, editor):
    from django.test import Client

    before = {url: etag_of(client, url) for url in pages(small_programme)}
    other = Client()
    assert (
        other.post(
            "/accounts/login/", {"username": editor.username, "password": "salasana-123"}
        ).status_code
        == 302
    )
    for url, etag in before.items():
        assert client.get(url, headers={"If-None-Match": etag}).status_code == 304, url


def test_logged_in_readers_get_no_etag(client, small_programme, editor):
    client.force_login(editor)
    response = client.get("/")
    assert response.status_code == 200
    assert not response.has_header("ETag")


def test_an_htmx_fragment_gets_no_etag(client, small_programme):
    etag = etag_of(client, "/actions/")
    response = client.get("/actions/", headers={"HX-Request": "true", "If-None-Match": etag})
    assert response.status_code == 200
    assert not response.has_header("ETag")


def test_each_language_and_query_has_its_own_etag(client, small_programme):
    finnish = etag_of(client, "/actions/")
    late = etag_of(client, "/actions/?flag=late")
    client.cookies["django_language"] = "en"
    english = etag_of(client, "/actions/")
    assert len({finnish, late, english}) == 3
    assert client.get("/actions/", headers={"If-None-Match": finnish}).status_code == 200


def test_the_next_day_has_a_new_etag(client, small_programme):
    """Lateness and staleness change with the date alone."""
    with time_machine.travel(date(2026, 3, 2), tick=False):
        monday = etag_of(client, "/")
    with time_machine.travel(date(2026, 3, 3), tick=False):
        assert client.get("/", headers={"If-None-Match": monday}).status_code == 200


def test_a_new_csrf_cookie_gets_the_page_afresh(client, small_programme):
    """The page's forms carry a token made from the reader's CSRF cookie."""
    etag = etag_of(client, "/")
    client.cookies.pop("csrftoken")
    response = client.get("/", headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert "csrftoken" in response.cookies


def test_a_closed_dashboard_asks_for_a_login_before_any_304(client, small_programme, settings):
    etag = etag_of(client, "/")
    settings.PUBLIC_DASHBOARD = False
    response = client.get("/", headers={"If-None-Match": etag})
    assert response.status_code == 302


@pytest.mark.parametrize("url", ["/?programme=ei-ole", "/actions/999999/", "/goals/999999/"])
def test_a_page_that_does_not_exist_is_never_not_modified(client, small_programme, url):
    response = client.get(url, headers={"If-None-Match": "*"})
    assert response.status_code == 404
    assert not response.has_header("ETag")


def test_a_repeat_visit_costs_one_query_on_every_page(
    client, small_programme, django_assert_num_queries
):
    """The 304 reads only the marks of what the page shows: which programme a page or a
    goal belongs to is remembered until the structure changes."""
    for url in pages(small_programme):
        etag = etag_of(client, url)
        with django_assert_num_queries(1):
            response = client.get(url, headers={"If-None-Match": etag})
        assert response.status_code == 304, url


@pytest.mark.parametrize("page", ["goal", "programme"])
def test_a_programme_withdrawn_from_the_public_is_never_not_modified(client, small_programme, page):
    url = f"/goals/{small_programme.path.pk}/" if page == "goal" else "/?programme=ilmasto-2021"
    etag = etag_of(client, url)
    programme = small_programme.programme
    programme.is_published = False
    programme.save()
    response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 404
    assert not response.has_header("ETag")
