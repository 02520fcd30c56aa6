"""The action list: filters validated by a form, htmx fragment, access rules."""

import re
from datetime import date

import pytest

from programmes.models import Action, Programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_actions(small_programme, editor):
    p = small_programme
    late = p.action  # ends 2025-12-31, not completed
    done = Action.objects.create(
        goal=p.path, identifier="1.0.2", name="Aurinkopaneelit kouluille", end_date=date(2024, 6, 1)
    )
    done.record_update(author=editor, status="completed", completion_percent=100)
    blocked = Action.objects.create(goal=p.path, identifier="1.0.3", name="Biokaasubussit")
    blocked.record_update(
        author=editor,
        status="in_progress",
        completion_percent=20,
        bottleneck_category="funding",
        bottleneck="Rahoitus puuttuu",
    )
    return late, done, blocked


def identifiers(response):
    """The actions the page lists, in its order."""
    return re.findall(
        r'<th scope="row">\s*<a href="[^"]+"><span class="identifier">([^<]+)</span>',
        response.content.decode(),
    )


def test_lists_the_programme_in_force(client, three_actions):
    response = client.get("/actions/")
    assert response.status_code == 200
    # In the programme's order: each action entered after the others comes after them.
    assert identifiers(response) == ["1.1.1", "1.0.2", "1.0.3"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=completed", {"1.0.2"}),
        ("flag=late", {"1.1.1"}),
        ("flag=bottleneck", {"1.0.3"}),
        ("flag=stale", {"1.1.1"}),  # never updated
        ("key=1", {"1.1.1"}),
        ("q=aurinko", {"1.0.2"}),
        ("q=1.0", {"1.0.2", "1.0.3"}),
    ],
)
def test_filters(client, three_actions, query, expected):
    response = client.get(f"/actions/?{query}")
    assert response.status_code == 200
    assert set(identifiers(response)) == expected


def test_goal_filter_takes_every_action_beneath(client, three_actions, small_programme):
    response = client.get(f"/actions/?goal={small_programme.focus_area.pk}")
    assert set(identifiers(response)) == {"1.1.1"}
    response = client.get(f"/actions/?goal={small_programme.main_goal.pk}")
    assert set(identifiers(response)) == {"1.0.2", "1.0.3", "1.1.1"}


def test_unit_filter_includes_sub_units(client, three_actions, small_programme):
    division = small_programme.unit.parent
    response = client.get(f"/actions/?unit={division.pk}")
    assert set(identifiers(response)) == {"1.1.1"}


def test_sorting_by_latest_update(client, three_actions):
    response = client.get("/actions/?sort=-updated")
    assert identifiers(response)[-1] == "1.1.1"  # never updated: last


@pytest.mark.parametrize(
    "query",
    [
        "status=bogus",
        "goal=abc",
        "goal=999999",
        "unit=x",
        "key=maybe",
        "page=0",
        "page=x",
        "sort=name;drop",
        "flag=nope",
        "programme=unknown",
        "q=" + "x" * 101,
    ],
)
def test_bad_input_gives_400_with_the_form(client, three_actions, query):
    response = client.get(f"/actions/?{query}")
    assert response.status_code == 400
    assert response.context["form"].errors


def test_a_goal_of_another_programme_is_refused(client, three_actions, small_programme):
    other = Programme.objects.create(name="Toinen", slug="toinen", start_year=2016, end_year=2020)
    response = client.get(f"/actions/?programme={other.slug}&goal={small_programme.path.pk}")
    assert response.status_code == 400


def test_htmx_gets_only_the_results_fragment(client, three_actions):
    response = client.get("/actions/?flag=late", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<html" not in response.text
    assert 'id="results"' in response.text
    assert "Luovutaan öljylämmityksestä" in response.text


def test_history_restore_gets_the_whole_page(client, three_actions):
    response = client.get(
        "/actions/?flag=late",
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert "<html" in response.text


def test_works_without_javascript_filters_in_the_url(client, three_actions):
    response = client.get("/actions/?status=completed")
    assert 'name="status"' in response.text
    assert '<option value="completed" selected>' in response.text


def test_anonymous_cannot_read_when_the_dashboard_is_not_public(client, three_actions, settings):
    settings.PUBLIC_DASHBOARD = False
    response = client.get("/actions/")
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_logged_in_users_read_when_the_dashboard_is_not_public(
    client, three_actions, settings, outsider
):
    settings.PUBLIC_DASHBOARD = False
    client.force_login(outsider)
    assert client.get("/actions/").status_code == 200


def test_unpublished_programmes_are_hidden_from_the_public(client, three_actions, small_programme):
    Programme.objects.filter(pk=small_programme.programme.pk).update(is_published=False)
    response = client.get(f"/actions/?programme={small_programme.programme.slug}")
    assert response.status_code == 400  # not a valid choice for the public


def test_post_is_refused(client, three_actions):
    assert client.post("/actions/").status_code == 405
