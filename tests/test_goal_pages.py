"""The target ladder page, its htmx rung fragment, and the goal pages."""

import re

import pytest

from programmes.models import Action, Programme

pytestmark = pytest.mark.django_db


def test_ladder_shows_strategy_goals_then_main_goals(client, small_programme):
    response = client.get("/ladder/")
    assert response.status_code == 200
    page = response.text
    assert page.index("Koti") < page.index("Hiilineutraalius 2035")
    # Collapsed rungs load their contents through htmx, with a plain link as fallback.
    assert f'hx-get="/ladder/{small_programme.main_goal.pk}/' in page
    assert "open=" in page


def test_ladder_opens_rungs_without_javascript(client, small_programme):
    p = small_programme
    response = client.get(f"/ladder/?open={p.main_goal.pk}&open={p.path.pk}&open={p.focus_area.pk}")
    assert response.status_code == 200
    assert "Luovutaan öljylämmityksestä" in response.text


def test_rung_fragment_for_htmx(client, small_programme):
    response = client.get(
        f"/ladder/{small_programme.path.pk}/?at=s-a1-1", headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert "<html" not in response.text
    assert "Kiinteistöjen energia" in response.text  # the focus area beneath the path
    assert f'id="s-a1-1-{small_programme.focus_area.pk}"' in response.text


def test_an_action_under_a_path_serving_two_goals_appears_under_each(client, small_programme):
    from programmes.models import GoalNode

    p = small_programme
    second = GoalNode.objects.create(
        programme=p.programme, level=p.main_goal.level, identifier="T2", name="Kiertotalous"
    )
    p.path.serves.add(second)
    opened = f"open={p.main_goal.pk}&open={second.pk}&open={p.path.pk}&open={p.focus_area.pk}"
    page = client.get(f"/ladder/?{opened}").text
    assert page.count("Luovutaan öljylämmityksestä") == 2


@pytest.mark.parametrize("query", ["open=abc", "open=999999", "at=<script>", "programme=nope"])
def test_ladder_bad_input(client, small_programme, query):
    assert client.get(f"/ladder/?{query}").status_code in (400, 404)


def test_rung_of_unpublished_programme_is_hidden_from_the_public(client, small_programme, outsider):
    Programme.objects.filter(pk=small_programme.programme.pk).update(is_published=False)
    assert client.get(f"/ladder/{small_programme.path.pk}/").status_code == 404
    assert client.get(f"/goals/{small_programme.path.pk}/").status_code == 404
    client.force_login(outsider)
    assert client.get(f"/goals/{small_programme.path.pk}/").status_code == 200


def test_goal_page_shows_target_state_indicators_actions_and_progress(
    client, small_programme, editor
):
    p = small_programme
    p.action.record_update(author=editor, status="in_progress", completion_percent=40)
    response = client.get(f"/goals/{p.focus_area.pk}/")
    assert response.status_code == 200
    page = response.text
    assert "Kaupungin kiinteistöt eivät käytä öljyä." in page  # target state
    assert "Lämmitysöljyn kulutus" in page  # indicator
    assert "Luovutaan öljylämmityksestä" in page  # action
    assert response.context["rung"].rollup.progress == 40
    # It names the goals it serves, up to the strategy.
    assert "Energiaviisas Salo" in page and "Hiilineutraalius 2035" in page and "Koti" in page


def test_goal_page_rolls_up_the_actions_beneath(client, small_programme, editor):
    p = small_programme
    extra = Action.objects.create(goal=p.path, identifier="1.0.9", name="Polun toimenpide")
    extra.record_update(author=editor, status="completed", completion_percent=100)
    rollup = client.get(f"/goals/{p.main_goal.pk}/").context["rung"].rollup
    # Key action (weight 2) at 0 %, other at 100 %.
    assert rollup.progress == pytest.approx(100 / 3)


def test_goal_pages_need_login_when_not_public(client, small_programme, settings):
    settings.PUBLIC_DASHBOARD = False
    assert client.get(f"/goals/{small_programme.path.pk}/").status_code == 302
    assert client.get("/ladder/").status_code == 302


def test_unknown_goal_is_404(client, small_programme):
    assert client.get("/goals/999999/").status_code == 404


def test_years_are_never_grouped_like_numbers(client, small_programme):
    page = client.get(f"/goals/{small_programme.focus_area.pk}/").text
    assert "2025" in page and "2\xa0025" not in page and "2 025" not in page
    page = client.get(f"/indicators/{small_programme.indicator.pk}/").text
    assert "(2035)" in page


def test_a_goal_with_many_actions_lists_those_most_in_need_of_attention(
    client, small_programme, monkeypatch
):
    """Beyond GOAL_ACTIONS_SHOWN, the late come first, and a link leads to them all."""
    from datetime import date

    from programmes.views import goals

    monkeypatch.setattr(goals, "GOAL_ACTIONS_SHOWN", 2)
    focus_area = small_programme.focus_area
    for number, end in ((2, date(2099, 12, 31)), (3, date(2020, 12, 31))):
        Action.objects.create(
            goal=focus_area, identifier=f"1.1.{number}", name=f"Toimenpide {number}", end_date=end
        )
    client.cookies["django_language"] = "en"
    response = client.get(f"/goals/{small_programme.path.pk}/")
    page = response.content.decode()
    assert response.status_code == 200
    # Both late (the fixture's ended in 2025), in the programme's order; 1.1.2 is not.
    listed = re.findall(
        r'<th scope="row">\s*<a href="[^"]+"><span class="identifier">([^<]+)', page
    )
    assert listed == ["1.1.1", "1.1.3"]
    assert "3 actions" in page and "Toimenpide 2" not in page
    assert "The 2 of 3 actions that most need attention" in page
    slug = small_programme.programme.slug
    assert f'href="/actions/?programme={slug}&amp;goal={small_programme.path.pk}"' in page
    listed = client.get("/actions/", {"programme": slug, "goal": small_programme.path.pk})
    assert "Toimenpide 2" in listed.content.decode()


def test_a_goal_with_many_indicators_charts_some_and_lists_the_rest(
    client, small_programme, monkeypatch
):
    from indicators.models import Indicator
    from programmes.views import goals

    monkeypatch.setattr(goals, "GOAL_CHARTS_SHOWN", 1)
    extra = Indicator.objects.create(name="Toinen mittari", unit="kt", order=5)
    extra.goals.add(small_programme.focus_area)
    client.cookies["django_language"] = "en"
    response = client.get(f"/goals/{small_programme.focus_area.pk}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert [i.pk for i in response.context["indicators"]] == [small_programme.indicator.pk]
    listed = page.split("More indicators measuring this goal")[1].split("</ul>")[0]
    assert "Toinen mittari" in listed and "Not enough data" in listed
    charted = page.split('id="indicators-heading"')[1].split("More indicators measuring")[0]
    assert small_programme.indicator.name in charted and "Toinen mittari" not in charted


def _behind(name: str, latest: float, goal, order: int):
    """An indicator measuring ``goal`` that has moved from 100 to ``latest`` of the way
    to 0 by 2030: the less it has moved, the worse its verdict's ratio."""
    from datetime import date

    from indicators.models import Indicator, IndicatorTarget, IndicatorValue

    indicator = Indicator.objects.create(
        name=name,
        unit="t",
        direction=Indicator.Direction.DECREASE,
        baseline_year=2016,
        baseline_value=100,
        order=order,
    )
    indicator.goals.add(goal)
    IndicatorTarget.objects.create(indicator=indicator, year=2030, value=0)
    IndicatorValue.objects.create(indicator=indicator, date=date(2022, 12, 31), value=latest)
    indicator.refresh_from_db()
    assert indicator.verdict_summary.kind.is_off_track
    return indicator


def test_a_goal_page_names_its_worst_off_track_indicators_and_links_to_them_all(
    client, small_programme, monkeypatch
):
    from programmes.views import goals

    p = small_programme
    monkeypatch.setattr(goals, "GOAL_OFF_TRACK_SHOWN", 1)
    slowest = _behind("Hitain mittari", 99, p.focus_area, 1)
    slow = _behind("Hidas mittari", 90, p.focus_area, 2)
    client.cookies["django_language"] = "en"
    page = client.get(f"/goals/{p.main_goal.pk}/").content.decode()
    outcomes = page.split('id="outcomes"')[1].split("</section>")[0]
    assert "Hitain mittari" in outcomes and "Hidas mittari" not in outcomes
    url = (
        f"/indicators/?programme={p.programme.slug}&amp;goal={p.main_goal.pk}&amp;verdict=off_track"
    )
    assert f'href="{url}"' in outcomes and "All 2 off-track indicators" in outcomes

    listed = client.get(url.replace("&amp;", "&"))
    assert listed.status_code == 200
    assert [i.pk for i in listed.context["indicators"]] == [slowest.pk, slow.pk]  # worst first
    assert "or the goals beneath it, worst first" in listed.content.decode()
    beneath = client.get("/indicators/", {"programme": p.programme.slug, "goal": p.main_goal.pk})
    assert {i.pk for i in beneath.context["indicators"]} == {p.indicator.pk, slowest.pk, slow.pk}
    elsewhere = _behind("Muualla", 99, p.focus_area, 3)
    elsewhere.goals.set([])  # measures no goal of the programme: not beneath the main goal
    again = client.get("/indicators/", {"programme": p.programme.slug, "goal": p.main_goal.pk})
    assert elsewhere.pk not in {i.pk for i in again.context["indicators"]}


@pytest.mark.parametrize(
    "query, message",
    [
        ({"goal": "x"}, "That goal is not in this programme."),
        ({"goal": "999999"}, "That goal is not in this programme."),
        ({"goal": "99999999999999"}, "That goal is not in this programme."),
        ({"verdict": "bad"}, "That verdict filter is not valid."),
        ({"page": "0"}, "That page number is not valid."),
    ],
)
def test_a_bad_indicator_list_filter_is_a_clear_400(client, small_programme, query, message):
    client.cookies["django_language"] = "en"
    response = client.get("/indicators/", query)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_the_indicator_list_refuses_a_goal_of_another_programme(client, small_programme):
    from programmes.models import GoalLevel, GoalNode

    other = Programme.objects.create(name="Toinen", slug="toinen", start_year=2026, end_year=2030)
    level = GoalLevel.objects.create(programme=other, depth=1, name="päätavoite")
    goal = GoalNode.objects.create(programme=other, level=level, identifier="X", name="Muu")
    client.cookies["django_language"] = "en"
    response = client.get(
        "/indicators/", {"programme": small_programme.programme.slug, "goal": goal.pk}
    )
    assert response.status_code == 400
    assert "That goal is not in this programme." in response.content.decode()
