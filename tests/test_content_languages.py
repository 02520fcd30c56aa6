"""Content in the reader's language: Swedish and English versions, the Finnish fallback and
``lang="fi"`` on Finnish text shown on a Swedish or English page (WCAG 3.1.2)."""

import re

import pytest
from django.utils import translation

from programmes.translation import TranslatedText
from reports.content import named

pytestmark = pytest.mark.django_db


def page_in(client, language: str, url: str) -> str:
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    response = client.get(url)
    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.text
    return response.text


def heading(page: str) -> str:
    return re.search(r"<h1>(.*?)</h1>", page, re.S).group(1)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_finnish_content_on_a_swedish_or_english_page_is_marked_finnish(
    client, small_programme, language
):
    action = small_programme.action
    page = page_in(client, language, f"/actions/{action.pk}/")
    assert heading(page).endswith('<span lang="fi">Luovutaan öljylämmityksestä</span>')
    # The goals it serves and its unit, all Finnish here, are marked as well.
    assert '<span lang="fi">Kiinteistöjen energia</span>' in page
    assert '<span lang="fi">Tilapalvelut</span>' in page


def test_a_finnish_page_carries_no_language_marks(client, small_programme):
    page = page_in(client, "fi", f"/actions/{small_programme.action.pk}/")
    assert 'lang="fi">' not in page.replace('<html lang="fi">', "")
    assert heading(page).endswith("Luovutaan öljylämmityksestä")


def test_a_swedish_version_is_shown_where_given_and_finnish_elsewhere(client, small_programme):
    action = small_programme.action
    action.name_sv = "Vi slutar med oljeuppvärmning"
    action.description = "Öljykattilat vaihdetaan."
    action.save()
    page = page_in(client, "sv", f"/actions/{action.pk}/")
    assert heading(page).endswith("Vi slutar med oljeuppvärmning")
    assert "Luovutaan öljylämmityksestä" not in page
    # No Swedish description: the Finnish one, its block marked as Finnish.
    assert '<div class="prose" lang="fi"><p>Öljykattilat vaihdetaan.</p></div>' in page
    # The English page has no English name: the Finnish one, marked.
    page = page_in(client, "en", f"/actions/{action.pk}/")
    assert heading(page).endswith('<span lang="fi">Luovutaan öljylämmityksestä</span>')
    # The Finnish page is unchanged by a Swedish version.
    page = page_in(client, "fi", f"/actions/{action.pk}/")
    assert heading(page).endswith("Luovutaan öljylämmityksestä")


def test_a_blank_version_falls_back_to_finnish(small_programme):
    goal = small_programme.focus_area
    goal.target_state_en = "   "
    with translation.override("en"):
        text = goal.translated("target_state")
    assert text == "Kaupungin kiinteistöt eivät käytä öljyä." and text.lang == "fi"


def test_translated_names_reach_the_ladder_overview_and_indicator_pages(client, small_programme):
    sp = small_programme
    sp.programme.name_en = "Climate programme"
    sp.programme.save()
    sp.path.name_en = "Energy-wise Salo"
    sp.path.save()
    sp.indicator.name_en = "Heating oil used"
    sp.indicator.description = "Kaupungin kiinteistöjen öljy."
    sp.indicator.save()
    overview = page_in(client, "en", "/")
    assert "<h1>Climate programme" in overview
    assert '<span lang="fi">Hiilineutraalius 2035</span>' in overview
    ladder = page_in(client, "en", "/ladder/")
    assert '<span class="period">Climate programme 2021–2025</span>' in ladder
    goal = page_in(client, "en", f"/goals/{sp.main_goal.pk}/")
    assert "Energy-wise Salo" in goal and "Energiaviisas Salo" not in goal
    indicator = page_in(client, "en", f"/indicators/{sp.indicator.pk}/")
    assert heading(indicator) == "Heating oil used"
    assert '<div class="prose" lang="fi"><p>Kaupungin kiinteistöjen öljy.</p></div>' in indicator
    listing = page_in(client, "en", "/indicators/")
    assert "Heating oil used" in listing and "Lämmitysöljyn kulutus" not in listing


def test_the_level_names_have_versions_too(client, small_programme):
    level = small_programme.focus_area.level
    level.name_sv = "fokusområde"
    level.save()
    page = page_in(client, "sv", f"/goals/{small_programme.focus_area.pk}/")
    assert '<p class="eyebrow">Fokusområde' in page


def test_a_report_records_the_language_of_each_name(small_programme):
    action = small_programme.action
    with translation.override("sv"):
        assert named(action) == {"name": "Luovutaan öljylämmityksestä", "name_lang": "fi"}
        action.name_sv = "Vi slutar med oljeuppvärmning"
        assert named(action) == {"name": "Vi slutar med oljeuppvärmning", "name_lang": "sv"}


def test_the_coordinator_enters_a_swedish_name_in_the_admin(client, small_programme, coordinator):
    client.force_login(coordinator)
    action = small_programme.action
    page = client.get(f"/admin/programmes/action/{action.pk}/change/").text
    assert 'name="name_sv"' in page and 'name="description_en"' in page
    page = client.get(f"/admin/indicators/indicator/{small_programme.indicator.pk}/change/").text
    assert 'name="name_en"' in page
    page = client.get(f"/admin/programmes/goalnode/{small_programme.path.pk}/change/").text
    assert 'name="target_state_sv"' in page


def test_translated_text_is_a_plain_string_for_json_and_csv():
    text = TranslatedText("Koti", "fi")
    assert isinstance(text, str) and text == "Koti" and text.lang == "fi"
