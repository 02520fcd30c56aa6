"""Outcomes on every rung: the verdicts of the indicators measuring a goal or any goal beneath.

The small programme's main goal T1 is served by the path P1, whose focus area is P1.1. The
indicators, with their verdicts worked out by hand:

- heating oil (the fixture's), on P1.1: 930 m³ (2016) → 465 m³ (2022), target 0 by 2035.
  Linear (the target is zero): needs −48.9 m³/yr, achieved −77.5 m³/yr: on track.
- district heating emissions, on P1 and P1.1: 100 (2016) → 110 kt (2022), target 50 by
  2030. Compound: needs (50/100)^(1/14) − 1 = −4.8\u00a0%/yr, achieved (110/100)^(1/6) − 1 =
  +1.6\u00a0%/yr: moving the wrong way.
- renewable share, on P1: 20 % (2016) → 22 % (2022), target 50 % by 2030. Linear: needs
  +2.14\u00a0percentage\u00a0points/yr, achieved +0.33: R = 0.156, limited progress.
- solar panels, on P1.1: a target but no value: not enough data.
- electric cars, on T1: 10 (2016) → 120 (2022), target 100 by 2025: achieved.
"""

from datetime import date

import pytest
import time_machine

from indicators.models import Indicator, IndicatorTarget, IndicatorValue
from indicators.verdicts import VerdictKind
from programmes.ladder import Ladder

pytestmark = pytest.mark.django_db


def indicator(name, goals, *, unit, direction, baseline, target, values=(), order=0):
    created = Indicator.objects.create(
        name=name,
        unit=unit,
        direction=direction,
        baseline_year=baseline[0] if baseline else None,
        baseline_value=baseline[1] if baseline else None,
        order=order,
    )
    created.goals.add(*goals)
    IndicatorTarget.objects.create(indicator=created, year=target[0], value=target[1])
    for year, value in values:
        IndicatorValue.objects.create(indicator=created, date=date(year, 12, 31), value=value)
    return created


@pytest.fixture
def measured(small_programme):
    p = small_programme
    decrease, increase = Indicator.Direction.DECREASE, Indicator.Direction.INCREASE
    heating = indicator(
        "Kaukolämmön päästöt",
        [p.path, p.focus_area],
        unit="kt CO2e",
        direction=decrease,
        baseline=(2016, 100),
        target=(2030, 50),
        values=[(2022, 110)],
    )
    renewable = indicator(
        "Uusiutuvan energian osuus",
        [p.path],
        unit="%",
        direction=increase,
        baseline=(2016, 20),
        target=(2030, 50),
        values=[(2022, 22)],
    )
    solar = indicator(
        "Aurinkopaneelit",
        [p.focus_area],
        unit="kpl",
        direction=increase,
        baseline=None,
        target=(2030, 100),
    )
    cars = indicator(
        "Sähköautot",
        [p.main_goal],
        unit="kpl",
        direction=increase,
        baseline=(2016, 10),
        target=(2025, 100),
        values=[(2022, 120)],
    )
    return p, {
        "oil": p.indicator,
        "heating": heating,
        "renewable": renewable,
        "solar": solar,
        "cars": cars,
    }


def english(client):
    client.cookies["django_language"] = "en"
    return client


def test_the_verdicts_are_the_hand_computed_ones(measured):
    _p, ind = measured
    kinds = {name: Indicator.objects.get(pk=i.pk).verdict.kind for name, i in ind.items()}
    assert kinds == {
        "oil": VerdictKind.ON_TRACK,
        "heating": VerdictKind.WRONG_DIRECTION,
        "renewable": VerdictKind.LIMITED_PROGRESS,
        "solar": VerdictKind.NOT_ENOUGH_DATA,
        "cars": VerdictKind.ACHIEVED,
    }


def test_a_rung_counts_the_indicators_measuring_it_or_any_goal_beneath_each_once(measured):
    p, _ind = measured
    ladder = Ladder.load(p.programme, with_indicators=True)
    names = {
        goal: [i.name for i in ladder.rung(goal).outcomes.indicators]
        for goal in (p.focus_area, p.path, p.main_goal)
    }
    # In the indicators' own order (order, name); district heating measures P1 and P1.1 alike.
    beneath_focus_area = ["Aurinkopaneelit", "Kaukolämmön päästöt", "Lämmitysöljyn kulutus"]
    assert names[p.focus_area] == beneath_focus_area
    assert names[p.path] == [*names[p.focus_area], "Uusiutuvan energian osuus"]
    assert sorted(names[p.main_goal]) == sorted([*names[p.path], "Sähköautot"])


def test_the_counts_and_summary_of_each_rung(measured):
    p, _ind = measured
    ladder = Ladder.load(p.programme, with_indicators=True)
    focus, path, goal = (ladder.rung(g).outcomes for g in (p.focus_area, p.path, p.main_goal))
    (strategic,) = ladder.strategic

    def counts(outcomes):
        return {kind: n for kind, _label, n in outcomes.counts}

    assert counts(focus) == {
        VerdictKind.ON_TRACK: 1,
        VerdictKind.WRONG_DIRECTION: 1,
        VerdictKind.NOT_ENOUGH_DATA: 1,
    }
    assert (focus.summary.good, focus.summary.judged, focus.summary.without_verdict) == (1, 2, 1)
    assert focus.summary.share == 50

    assert counts(path)[VerdictKind.LIMITED_PROGRESS] == 1
    assert (path.summary.good, path.summary.judged, path.summary.without_verdict) == (1, 3, 1)
    assert path.summary.share == pytest.approx(100 / 3)

    assert counts(goal) == {
        VerdictKind.ACHIEVED: 1,
        VerdictKind.ON_TRACK: 1,
        VerdictKind.LIMITED_PROGRESS: 1,
        VerdictKind.WRONG_DIRECTION: 1,
        VerdictKind.NOT_ENOUGH_DATA: 1,
    }
    assert (goal.summary.good, goal.summary.judged, goal.summary.without_verdict) == (2, 4, 1)
    assert goal.summary.share == 50
    # The strategy's key gets the same through the main goal linked to it.
    assert strategic.outcomes.summary == goal.summary


def test_off_track_indicators_come_worst_first(measured):
    p, _ind = measured
    ladder = Ladder.load(p.programme, with_indicators=True)
    off_track = ladder.rung(p.main_goal).outcomes.off_track
    assert [i.name for i in off_track] == ["Kaukolämmön päästöt", "Uusiutuvan energian osuus"]


def test_a_rung_without_indicators_has_an_empty_summary(small_programme):
    small_programme.indicator.goals.clear()
    ladder = Ladder.load(small_programme.programme, with_indicators=True)
    summary = ladder.rung(small_programme.main_goal).outcomes.summary
    assert (summary.total, summary.share) == (0, None)


@time_machine.travel(date(2026, 3, 2), tick=False)
def test_the_overview_leads_each_goal_card_with_its_outcomes(client, measured):
    p, _ind = measured
    page = english(client).get("/").text
    card = page[page.index(f'id="goal-{p.main_goal.pk}-title"') :]
    card = card[: card.index("</article>")]
    assert "50&nbsp;%</strong>" in card
    assert "achieved or on track (2/4 indicators)" in card
    assert "1 without a verdict" in card
    # Counts per verdict, as text beside the colour.
    assert "verdict-wrong_direction" in card and "Moving the wrong way" in card
    # Outcomes first, then the actions with their flags.
    assert card.index("achieved or on track") < card.index("progress-text")
    assert card.index("progress-text") < card.index("1 late")  # it was to end in 2025
    assert "1 stale" in card and "0 with a bottleneck" in card  # never updated, no bottleneck
    assert f"goal={p.main_goal.pk}&amp;flag=stale" in card
    # The path beneath names its own summary: 1 of 3 judged.
    assert "achieved or on track (1/3 indicators)" in card
    assert 'href="/rules/#outcomes"' in card


def test_the_off_track_indicator_is_named_with_its_numbers(client, measured):
    p, _ind = measured
    page = english(client).get(f"/goals/{p.path.pk}/").text
    assert "Kaukolämmön päästöt" in page
    latest, target = "110.0\xa0kt\xa0CO2e (2022)", "50.0\xa0kt\xa0CO2e (2030)"
    assert f"{latest}, target {target}" in page
    assert "needs \u22124.8\u00a0%/yr, achieving +1.6\u00a0%/yr" in page
    assert "22.0\xa0% (2022), target 50.0\xa0% (2030)" in page
    points = "\u00a0percentage\u00a0points/yr"
    assert f"needs +2.14{points}, achieving +0.33{points}" in page


def test_the_goal_page_shows_its_outcomes_before_its_actions(client, measured):
    p, _ind = measured
    page = english(client).get(f"/goals/{p.focus_area.pk}/").text
    assert 'id="outcomes"' in page
    assert "50&nbsp;%</strong>" in page and "(1/2 indicators)" in page
    assert page.index('id="outcomes"') < page.index('id="progress-heading"')
    # The indicators section still charts the indicators measuring this goal itself.
    section = page[page.index('id="indicators-heading"') :]
    assert "Lämmitysöljyn kulutus" in section and "Uusiutuvan energian osuus" not in section


def test_the_ladder_shows_outcomes_on_each_rung_and_the_strategic_key(client, measured):
    p, _ind = measured
    opened = f"open={p.main_goal.pk}&open={p.path.pk}"
    page = english(client).get(f"/ladder/?{opened}").text
    strategic = page[page.index(f'id="strategic-{p.strategic_goal.pk}"') :]
    strategic = strategic[: strategic.index('<ul class="rungs">')]
    assert "(2/4 indicators)" in strategic and "1 without a verdict" in strategic
    assert "Kaukolämmön päästöt" in strategic  # the worst off-track indicator, named
    # Each rung's summary line: the main goal, the path, the focus area beneath.
    assert "(2/4 indicators)" in page[page.index('<ul class="rungs">') :]
    assert "(1/3 indicators)" in page
    assert "(1/2 indicators)" in page


def test_the_htmx_rung_fragment_shows_the_outcomes_beneath(client, measured):
    p, _ind = measured
    url = f"/ladder/{p.path.pk}/?at=s-a1-1"
    response = english(client).get(url, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "(1/2 indicators)" in response.text  # the focus area's rung


def test_only_the_worst_few_are_named_with_a_link_to_the_rest(client, measured):
    p, _ind = measured
    for n in range(3):
        indicator(
            f"Lisämittari {n}",
            [p.main_goal],
            unit="t",
            direction=Indicator.Direction.DECREASE,
            baseline=(2016, 100),
            target=(2030, 50),
            values=[(2022, 100 + n)],
        )
    page = english(client).get("/").text
    card = page[page.index(f'id="goal-{p.main_goal.pk}-title"') :]
    card = card[: card.index("</article>")]
    assert card.count('class="off-track-numbers"') == 3
    assert f'href="/goals/{p.main_goal.pk}/#outcomes"' in card
    assert "All 5 off-track indicators" in card
    # The goal page names them all.
    goal_page = english(client).get(f"/goals/{p.main_goal.pk}/").text
    aside = goal_page[goal_page.index('id="outcomes"') : goal_page.index('id="progress-heading"')]
    assert aside.count('class="off-track-numbers"') == 5


def test_rules_explain_the_outcome_summary(client):
    page = english(client).get("/rules/").text
    assert 'id="outcomes"' in page
    assert "achieved or on track" in page and "without a verdict" in page
