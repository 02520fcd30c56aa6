"""The first page: the programme in force, its main goals with their paths, status counts."""

from datetime import date

import pytest

from programmes.models import Action, Programme

pytestmark = pytest.mark.django_db


def test_empty_database_explains_itself(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "No programme has been entered yet" in response.text or "Ohjelmaa ei" in response.text


def test_shows_the_programme_in_force_with_goals_paths_and_counts(client, small_programme):
    Programme.objects.create(
        name="Vanha ohjelma",
        slug="vanha",
        start_year=2016,
        end_year=2020,
        status=Programme.Status.ENDED,
    )
    response = client.get("/")
    assert response.status_code == 200
    page = response.text
    assert "Ilmasto-ohjelma" in page and "Vanha ohjelma" not in page
    assert "Hiilineutraalius 2035" in page
    assert "Energiaviisas Salo" in page  # the path serving the main goal
    # The one action sits in the path's focus area and counts towards the path and goal.
    overview = response.context["o"]
    (card,) = overview.goal_cards
    assert card.rung.rollup.status_counts == {Action.Status.NOT_STARTED: 1}
    assert [r.goal.name for r in card.rung.below] == ["Energiaviisas Salo"]
    assert overview.ladder.overall.action_count == 1


def test_counts_follow_status_updates(client, small_programme, editor):
    small_programme.action.record_update(author=editor, status="completed", completion_percent=100)
    response = client.get("/")
    assert response.context["o"].ladder.overall.status_counts == {Action.Status.COMPLETED: 1}
    assert response.context["o"].ladder.overall.progress == 100


def test_post_is_not_allowed(client, small_programme):
    assert client.post("/").status_code == 405


def test_a_programme_in_force_past_its_period_says_so(client, small_programme, time_machine):
    from datetime import date as day

    from django.contrib.auth import get_user_model

    from programmes.models import Programme

    time_machine.move_to(day(2026, 3, 2))
    successor = Programme.objects.create(
        name="Ilmasto-ohjelma",
        slug="ilmasto-2026",
        start_year=2026,
        end_year=2030,
        status=Programme.Status.DRAFT,
        is_published=False,
    )
    html = client.get("/").text
    assert "kausi päättyi 31.12.2025" in html
    assert "valmisteilla" not in html  # the public may not learn of an unpublished draft
    client.force_login(get_user_model().objects.create_user("lukija"))
    html = client.get("/").text
    assert f"seuraava ohjelma, {successor.name} 2026–2030, on valmisteilla" in html


def test_a_long_list_of_key_actions_shows_the_worst_and_links_to_all(
    client, small_programme, monkeypatch
):
    """Hundreds of key actions would make the overview hundreds of kilobytes: beyond
    ``KEY_ACTIONS_SHOWN`` it lists the late first, then the blocked, then the stale."""
    from programmes import dashboard

    monkeypatch.setattr(dashboard, "KEY_ACTIONS_SHOWN", 2)
    sp = small_programme
    late = sp.action  # ends 31.12.2025, never updated: late and stale
    fresh = [
        Action.objects.create(
            goal=sp.focus_area,
            identifier=f"1.1.{n}",
            name=f"Tuore avaintoimenpide {n}",
            is_key_action=True,
            start_date=date(2026, 1, 1),
            end_date=date(2030, 12, 31),
        )
        for n in (2, 3, 4)
    ]
    page = client.get("/").text
    key = page[page.index('id="key-heading"') :]
    assert "Huomiota eniten kaipaavat 2 / 4 avaintoimenpidettä" in key
    assert late.name in key
    assert sum(action.name in key for action in fresh) == 1
    assert f"/actions/?programme={sp.programme.slug}&amp;key=1" in key


def test_a_short_list_of_key_actions_is_shown_whole_in_order(client, small_programme):
    page = client.get("/").text
    key = page[page.index('id="key-heading"') :]
    assert small_programme.action.name in key
    assert "key=1" not in key
