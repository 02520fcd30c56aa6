"""Finnish first, Swedish and English on request, and Finnish formats."""

import pytest

pytestmark = pytest.mark.django_db


def test_finnish_whatever_the_browser_prefers(client, small_programme):
    response = client.get("/", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert '<html lang="fi">' in response.text


@pytest.mark.parametrize("language", ["sv", "en", "fi"])
def test_the_language_switch_is_remembered(client, small_programme, language):
    response = client.post("/i18n/setlang/", {"language": language, "next": "/actions/"})
    assert response.status_code == 302
    assert response["Location"] == "/actions/"
    page = client.get("/actions/").text
    assert f'<html lang="{language}">' in page


def test_an_unknown_language_cookie_falls_back_to_finnish(client, small_programme, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
    assert '<html lang="fi">' in client.get("/").text


def test_finnish_number_and_date_formats(client, small_programme, editor):
    indicator = small_programme.indicator
    indicator.values.create(date="2024-12-31", value=1234.5)
    indicator.decimals = 1
    indicator.save()
    page = client.get(f"/indicators/{indicator.pk}/").text
    assert "1\xa0234,5" in page  # grouped with a no-break space, decimal comma
    assert "31.12.2024" in page


def test_every_page_offers_the_language_switch(client, small_programme):
    for url in [
        "/",
        "/ladder/",
        "/actions/",
        "/indicators/",
        f"/actions/{small_programme.action.pk}/",
    ]:
        page = client.get(url).text
        assert 'action="/i18n/setlang/"' in page
        assert 'value="sv"' in page and 'value="en"' in page


def test_accessibility_statement_and_privacy_notice_are_linked_from_every_page(
    client, small_programme
):
    page = client.get("/").text
    assert 'href="/accessibility/"' in page and 'href="/privacy/"' in page
    for url in ["/accessibility/", "/privacy/"]:
        response = client.get(url)
        assert response.status_code == 200
        assert "mailto:kirjaamo@salo.fi" in response.text


def test_swedish_uses_finland_swedish_dates(client, small_programme, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    page = client.get(f"/indicators/{small_programme.indicator.pk}/").text
    assert "31.12.2022" in page and "2022-12-31" not in page.replace('datetime="2022-12-31', "")


def test_english_dates_are_unambiguous():
    """24 May 2021, not 05/24/2021; the Finnish and Swedish pages keep 24.5.2021."""
    from datetime import date

    from django.utils import formats, translation

    with translation.override("en"):
        assert formats.date_format(date(2021, 5, 24), "SHORT_DATE_FORMAT") == "24 May 2021"
    for language in ("fi", "sv"):
        with translation.override(language):
            assert formats.date_format(date(2021, 5, 24), "SHORT_DATE_FORMAT") == "24.5.2021"
