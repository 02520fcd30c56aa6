"""Search across the site (/search/): what it finds, in what order, and for whom."""

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from demo.loader import load_demo
from indicators.models import Indicator
from programmes.models import Action, ActionResponsibility, GoalLevel, GoalNode, Programme
from search.engine import search, snippet, words_of
from search.forms import SearchForm

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="Finnish full-text search needs PostgreSQL"
)

NOTE = "Salainen kattilasopimus"


@pytest.fixture
def world(small_programme, editor, django_user_model):
    """The small programme with an update written by a non-contact author, an action of
    an unpublished programme, and two actions to rank."""
    author = django_user_model.objects.create_user(
        "kirjoittaja", "k@example.test", "x", first_name="Kerttu", last_name="Kirjoittaja"
    )
    small_programme.action.record_update(
        author=author,
        status="in_progress",
        completion_percent=30,
        done="Kolme koulua liitetty kaukolämpöön.",
        next_steps="Kilpailutetaan maalämpöpumput.",
        bottleneck="Urakoitsijoita on vähän.",
        internal_note=NOTE,
    )
    focus_area = small_programme.focus_area
    Action.objects.create(goal=focus_area, identifier="1.1.2", name="Maalämpöpumput kouluille")
    Action.objects.create(
        goal=focus_area,
        identifier="1.1.3",
        name="Energiakatselmukset",
        description="Katselmoinnissa selvitetään myös maalämpöpumput.",
    )
    hidden = Programme.objects.create(
        name="Luonnos", slug="luonnos", start_year=2026, end_year=2030, is_published=False
    )
    level = GoalLevel.objects.create(programme=hidden, depth=1, name="tavoite", name_plural="t")
    hidden_goal = GoalNode.objects.create(
        programme=hidden, level=level, identifier="L1", name="Luonnostavoite"
    )
    hidden_action = Action.objects.create(
        goal=hidden_goal, identifier="9.1", name="Salainen maalämpöhanke"
    )
    secret_contact = django_user_model.objects.create_user(
        "piilo", "p@example.test", "x", first_name="Pirjo", last_name="Piilonen"
    )
    hidden_action.contact_persons.add(secret_contact)
    return small_programme


def kinds(groups) -> dict[str, list[str]]:
    return {group.kind: [hit.title for hit in group.hits] for group in groups}


def page(client, query: str, **extra):
    return client.get("/search/", {"q": query, **extra})


# --- what is found, and in what order ----------------------------------------------------


def test_results_are_grouped_by_kind_with_a_count_each(client, world):
    response = page(client, "öljy")
    assert response.status_code == 200
    groups = {group.kind: group for group in response.context["groups"]}
    assert list(groups) == ["actions", "indicators", "goals", "units", "people"]
    assert groups["actions"].count == 1
    assert groups["actions"].hits[0].url == f"/actions/{world.action.pk}/"
    assert groups["indicators"].hits[0].title == "Lämmitysöljyn kulutus"
    # The focus area's target state says "öljyä".
    assert [hit.title for hit in groups["goals"].hits] == ["P1.1 Kiinteistöjen energia"]
    html = response.content.decode()
    assert 'id="search-actions-heading">Toimenpiteet (1)</h3>' in html


def test_a_match_in_the_name_ranks_before_the_description_and_the_updates(client, world):
    titles = kinds(page(client, "maalämpöpumput").context["groups"])["actions"]
    assert titles == [
        "1.1.2 Maalämpöpumput kouluille",  # the name
        "1.1.3 Energiakatselmukset",  # the description
        "1.1.1 Luovutaan öljylämmityksestä",  # the next steps of its update
    ]


def test_an_action_found_by_its_update_shows_the_update_text_marked(client, world):
    response = page(client, "kaukolämpöön")
    hit = response.context["groups"][0].hits[0]
    assert hit.title == "1.1.1 Luovutaan öljylämmityksestä"
    assert "<mark>kaukolämpöön</mark>" in str(hit.snippet)


def test_every_word_must_match(client, world):
    assert kinds(page(client, "maalämpöpumput energiakatselmukset").context["groups"])[
        "actions"
    ] == ["1.1.3 Energiakatselmukset"]
    assert kinds(page(client, "maalämpöpumput sähköautot").context["groups"])["actions"] == []


def test_identifiers_units_and_people_are_found(client, world, editor):
    groups = kinds(page(client, "1.1.3").context["groups"])
    assert groups["actions"][0] == "1.1.3 Energiakatselmukset"
    assert kinds(page(client, "tilapalvelut").context["groups"])["units"] == ["Tilapalvelut"]
    editor.last_name = "Mäkinen"
    editor.save()
    response = page(client, "mäkinen")
    people = {group.kind: group for group in response.context["groups"]}["people"]
    assert [hit.title for hit in people.hits] == ["Matti Mäkinen"]
    assert people.hits[0].links == [
        ("1.1.1 Luovutaan öljylämmityksestä", f"/actions/{world.action.pk}/")
    ]


def test_a_unit_leads_to_its_actions(client, world):
    unit = {g.kind: g for g in page(client, "tilapalvelut").context["groups"]}["units"].hits[0]
    assert unit.url == f"/actions/?unit={world.unit.pk}"
    assert client.get(unit.url).status_code == 200


def test_finnish_letters_match_in_any_case(client, world):
    assert kinds(page(client, "ÖLJYLÄMMITYKSESTÄ").context["groups"])["actions"] == [
        "1.1.1 Luovutaan öljylämmityksestä"
    ]
    assert kinds(page(client, "lämmitysÖljyn").context["groups"])["indicators"] == [
        "Lämmitysöljyn kulutus"
    ]


def test_a_kind_beyond_its_cap_links_to_all_of_it(client, world):
    for n in range(25):
        Action.objects.create(goal=world.focus_area, identifier=f"7.{n}", name=f"Tuulivoima {n}")
    actions = page(client, "tuulivoima").context["groups"][0]
    assert actions.count == 25
    assert len(actions.hits) == 20
    assert actions.more_url == "/search/?q=tuulivoima&kind=actions"
    alone = client.get(actions.more_url).context["groups"]
    assert [group.kind for group in alone] == ["actions"]
    assert len(alone[0].hits) == 25


# --- who finds what ------------------------------------------------------------------------


def test_the_public_never_finds_internal_notes(client, world, editor):
    for query in ["Salainen", "kattilasopimus"]:
        html = page(client, query).content.decode()
        assert NOTE not in html
    # Internal notes are not searched even for logged-in readers: their text is not a
    # result anywhere.
    client.force_login(editor)
    assert kinds(page(client, "kattilasopimus").context["groups"])["actions"] == []


def test_the_public_never_finds_an_unpublished_programme(client, world, editor):
    for query in ["maalämpöhanke", "Luonnostavoite", "Piilonen"]:
        response = page(client, query)
        assert response.context["total"] == 0, query
        assert "Salainen maalämpöhanke" not in response.content.decode()
    client.force_login(editor)
    groups = kinds(page(client, "maalämpöhanke").context["groups"])
    assert groups["actions"] == ["9.1 Salainen maalämpöhanke"]
    assert kinds(page(client, "Piilonen").context["groups"])["people"] == ["Pirjo Piilonen"]


def test_an_author_who_is_not_a_contact_is_not_found_by_the_public(client, world, editor):
    for query in ["Kerttu", "Kirjoittaja", "kirjoittaja"]:
        response = page(client, query)
        assert response.context["total"] == 0, query
        assert "Kerttu Kirjoittaja" not in response.content.decode()


def test_a_contact_person_is_found_by_the_public(client, world, editor):
    people = kinds(page(client, "Matti").context["groups"])["people"]
    assert people == ["Matti"]


def test_the_page_asks_for_a_login_when_the_dashboard_is_private(client, world, settings):
    settings.PUBLIC_DASHBOARD = False
    response = page(client, "öljy")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


# --- bad input -------------------------------------------------------------------------------


def test_an_empty_query_shows_a_hint_and_no_results(client, world):
    for query in ["", "   "]:
        response = page(client, query)
        assert response.status_code == 200
        assert response.context["groups"] == []
        assert 'class="lede"' in response.content.decode()


def test_a_query_of_500_characters_is_refused_with_a_message(client, world):
    response = page(client, "öljy " * 100)
    assert response.status_code == 400
    assert response.context["form"].errors["q"]
    assert 'role="alert"' in response.content.decode()


def test_an_unknown_kind_is_refused(client, world):
    assert page(client, "öljy", kind="salaiset").status_code == 400


@pytest.mark.parametrize(
    "query",
    [
        '"öljy',
        "öljy & | ! :*",
        "öljy:*",
        "'; DROP TABLE x; --",
        "%",
        "_",
        "50% öljy_",
        "\\",
        "!!!",
        "(öljy | kaasu) & !hiili",
        "Å ä 漢字 🙂",
        "<script>alert(1)</script>",
        "a b c d e f g h i j k l m",
    ],
)
def test_odd_queries_give_no_error(client, world, query):
    response = page(client, query)
    assert response.status_code == 200
    assert "<script>alert(1)" not in response.content.decode()


def test_wildcards_are_taken_as_text(client, world):
    assert page(client, "%").context["total"] == 0
    assert page(client, "_").context["total"] == 0


def test_quotes_and_operators_around_a_word_are_ignored(client, world):
    assert kinds(page(client, '"öljylämmityksestä"').context["groups"])["actions"] == [
        "1.1.1 Luovutaan öljylämmityksestä"
    ]


def test_a_null_character_is_refused():
    # Refused before it reaches the database: PostgreSQL cannot take it in a string.
    assert not SearchForm({"q": "öljy\x00"}).is_valid()


def test_words_of():
    assert words_of(' "öljy" & | :* öljy Kaasu! 1.1.1 ') == ["öljy", "Kaasu", "1.1.1"]
    assert words_of("it's") == ["its"]


def test_snippet_marks_the_word_and_escapes_the_text():
    text = "<b>Alku</b> " + "sana " * 60 + "pyörätie rakennetaan " + "loppu " * 60
    marked = str(snippet(["pyöräteiden"], [text]))
    assert "<mark>pyörätie</mark>" in marked
    assert "<b>" not in marked
    assert marked.startswith("…")
    assert len(marked) < 250
    assert snippet(["x"], ["", "Ei osumaa"]) == "Ei osumaa"


# --- the header box ------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/", "/actions/", "/indicators/", "/ladder/", "/privacy/"])
def test_every_page_has_the_search_box_in_its_header(client, world, url):
    html = client.get(url).content.decode()
    header = html[html.index('<header class="site-header">') : html.index("</header>")]
    assert '<form class="site-search" role="search" method="get" action="/search/">' in header
    assert 'name="q"' in header
    assert '<label for="site-search-q"' in header


# --- on PostgreSQL -----------------------------------------------------------------------------


@postgresql_only
def test_finnish_stemming_finds_inflected_forms(client, world):
    action = Action.objects.create(
        goal=world.focus_area,
        identifier="3.1",
        name="Pyörätie asemalle",
        start_date=date(2024, 1, 1),
    )
    ActionResponsibility.objects.create(
        action=action, unit=world.unit, role=ActionResponsibility.Role.PRIMARY
    )
    Indicator.objects.create(name="Pyöräilyn osuus matkoista", unit="%").goals.add(world.focus_area)
    groups = kinds(page(client, "pyöräteiden").context["groups"])
    assert groups["actions"] == ["3.1 Pyörätie asemalle"]
    # "kouluille" (to the schools) finds "koulua" (school, partitive) in an update.
    assert (
        "1.1.1 Luovutaan öljylämmityksestä"
        in kinds(page(client, "koulujen").context["groups"])["actions"]
    )


@postgresql_only
def test_postgresql_ranks_a_stem_in_the_name_before_one_in_the_description(world):
    titles = kinds(search(AnonymousUser(), ["maalämpöpumppu"]))["actions"]
    assert titles[:2] == ["1.1.2 Maalämpöpumput kouluille", "1.1.3 Energiakatselmukset"]


# --- a fixed number of queries -------------------------------------------------------------------


def test_the_query_count_does_not_grow_with_the_data(client, editor):
    def queries(query: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert page(client, query).status_code == 200
        return len(captured)

    load_demo(scale=1)
    client.force_login(editor)
    small = {q: queries(q) for q in ["a", "energia", "e"]}
    load_demo(scale=2)
    large = {q: queries(q) for q in ["a", "energia", "e"]}
    assert small == large
