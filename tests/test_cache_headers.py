"""Who may keep a response: shared caches the public dashboard, nobody else's pages."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def public_dashboard(settings):
    settings.PUBLIC_DASHBOARD = True


def directives(response) -> set[str]:
    return {part.strip() for part in response["Cache-Control"].split(",")}


@pytest.mark.parametrize("url", ["/changes.csv", "/bottlenecks/export.csv"])
def test_a_public_export_may_be_kept_a_minute_by_shared_caches(client, small_programme, url):
    response = client.get(url)
    assert response.status_code == 200
    assert directives(response) == {"public", "max-age=60"}
    vary = response["Vary"]
    assert "Cookie" in vary and "HX-Request" in vary


def test_an_htmx_fragment_is_never_stored(client, small_programme):
    # Browsers show a stored copy on Back without looking at Vary: a stored fragment
    # would replace the whole page (tests/browser: the action list after Back).
    response = client.get("/actions/?flag=late", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert directives(response) == {"no-store"}


@pytest.mark.parametrize("url", ["/", "/actions/", "/changes.csv"])
def test_a_logged_in_response_is_private(client, small_programme, editor, url):
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == 200
    assert {"private", "no-cache", "max-age=0"} <= directives(response)
    assert "public" not in directives(response)


def test_a_page_that_sets_a_csrf_cookie_is_not_public(client, small_programme):
    # The login form, and today every full page through the language switch's form.
    for url in ["/accounts/login/", "/"]:
        response = client.get(url)
        assert "csrftoken" in response.cookies
        assert "public" not in directives(response)
        assert "private" in directives(response)


def test_a_redirect_to_the_login_is_not_public(client, small_programme, settings):
    settings.PUBLIC_DASHBOARD = False
    response = client.get("/changes.csv")
    assert response.status_code == 302
    assert "public" not in directives(response)


def test_not_found_and_posts_are_not_public(client, small_programme):
    assert "public" not in directives(client.get("/actions/999999/"))
    assert "public" not in directives(client.post("/i18n/setlang/", {"language": "sv"}))


def test_the_admin_is_not_public(client):
    assert "public" not in directives(client.get("/admin/"))
    assert "public" not in directives(client.get("/admin/login/"))


def test_healthz_keeps_its_own_never_cache(client):
    assert "no-store" in directives(client.get("/healthz"))
