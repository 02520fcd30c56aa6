"""/glossary/ defines the programme's words in fi, sv and en, and the pages link to it."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from indicators.verdicts import VerdictKind
from programmes.choices import ActionStatus
from programmes.models import GoalLevel, GoalNode
from programmes.templatetags.glossary_tags import level_term

pytestmark = pytest.mark.django_db

TERMS = [
    "tavoiteporras",
    "paatavoite",
    "kehityspolku",
    "painopiste",
    "toimenpide",
    "avaintoimenpide",
    "mittari",
    "tavoitetila",
    "lahtotaso",
    "tavoite",
    "myohassa",
    "paivittamatta",
    "pullonkaula",
]
STATUS_TERMS = [f"status-{s.value.replace('_', '-')}" for s in ActionStatus]
VERDICT_TERMS = [f"verdict-{k.value.replace('_', '-')}" for k in VerdictKind]


class Page(HTMLParser):
    """The ids, the defined terms (``<dt id>``) and the link targets of a page."""

    def __init__(self, text: str):
        super().__init__()
        self.ids: set[str] = set()
        self.terms: list[str] = []
        self.hrefs: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
            if tag == "dt":
                self.terms.append(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])

    def fragments(self, path: str) -> set[str]:
        """The anchors this page links to on the page at ``path``."""
        links = [urlsplit(href) for href in self.hrefs]
        return {link.fragment for link in links if link.path == path and link.fragment}


def get(client, url: str, language: str = "fi") -> Page:
    client.cookies["django_language"] = language
    response = client.get(url)
    assert response.status_code == 200
    return Page(response.text)


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("fi", ["Ei aloitettu", "Tavoite jäi saavuttamatta", "Tavoiteportaat"]),
        ("sv", ["Inte påbörjad", "Målet nåddes inte", "Målstege"]),
        ("en", ["Not started", "Target missed", "Target ladder"]),
    ],
)
def test_the_glossary_answers_in_each_language_with_every_term(client, language, words):
    client.cookies["django_language"] = language
    text = client.get("/glossary/").text
    assert f'<html lang="{language}">' in text
    for word in words:
        assert word in text, word
    page = Page(text)
    # The same anchors in every language, so a link works whatever the reader's language.
    assert sorted(page.terms) == sorted(TERMS + STATUS_TERMS + VERDICT_TERMS)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_swedish_and_english_readers_see_the_finnish_word_marked_as_finnish(client, language):
    client.cookies["django_language"] = language
    text = client.get("/glossary/").text
    assert '<span lang="fi">(kehityspolku)</span>' in text
    assert '<span lang="fi">(päivittämättä)</span>' in text


def test_the_finnish_page_does_not_repeat_the_finnish_word(client):
    client.cookies["django_language"] = "fi"
    assert '<span lang="fi">' not in client.get("/glossary/").text


def test_the_glossary_links_only_to_rules_that_exist(client):
    rules = get(client, "/rules/")
    linked = get(client, "/glossary/").fragments("/rules/")
    assert {"rollup-rule", "schedule-rule", "verdicts", "missed"} <= linked
    assert linked <= rules.ids


def test_the_ladder_links_its_levels_and_words_to_the_glossary(client, small_programme):
    glossary = get(client, "/glossary/")
    linked = get(client, "/ladder/").fragments("/glossary/")
    assert {"tavoiteporras", "paatavoite", "kehityspolku", "painopiste"} <= linked
    assert linked <= glossary.ids


def test_a_goal_page_links_its_level_and_the_level_beneath(client, small_programme):
    glossary = get(client, "/glossary/")
    path_page = get(client, f"/goals/{small_programme.path.pk}/")
    linked = path_page.fragments("/glossary/")
    assert {"kehityspolku", "painopiste", "mittari"} <= linked
    assert linked <= glossary.ids
    focus_page = get(client, f"/goals/{small_programme.focus_area.pk}/")
    assert {"painopiste", "tavoitetila"} <= focus_page.fragments("/glossary/")
    main_page = get(client, f"/goals/{small_programme.main_goal.pk}/")
    assert "paatavoite" in main_page.fragments("/glossary/")


def test_the_level_link_has_a_name_that_says_what_it_is_for(client, small_programme):
    client.cookies["django_language"] = "en"
    text = client.get(f"/goals/{small_programme.path.pk}/").text
    assert "What does “Kehityspolku” mean?" in text


def test_a_level_the_glossary_does_not_define_gets_no_link(client, small_programme):
    level = GoalLevel.objects.create(
        programme=small_programme.programme, depth=4, name="osa-alue", name_plural="osa-alueet"
    )
    goal = GoalNode.objects.create(
        programme=small_programme.programme,
        level=level,
        parent=small_programme.focus_area,
        identifier="P1.1.1",
        name="Koulut",
    )
    assert level_term(level) == ""
    glossary = get(client, "/glossary/")
    page = get(client, f"/goals/{goal.pk}/")
    assert page.fragments("/glossary/") <= glossary.ids
    assert "What does" not in client.get(f"/goals/{goal.pk}/").text


def test_the_rules_page_links_its_words_to_the_glossary(client):
    glossary = get(client, "/glossary/")
    linked = get(client, "/rules/").fragments("/glossary/")
    assert {"myohassa", "paivittamatta", "pullonkaula", "lahtotaso"} <= linked
    assert linked <= glossary.ids


def test_the_glossary_asks_for_a_login_when_the_dashboard_is_private(client, settings):
    settings.PUBLIC_DASHBOARD = False
    response = client.get("/glossary/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
