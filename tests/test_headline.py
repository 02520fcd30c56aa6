"""A main goal's headline: its indicator against the path to every target, on the overview.

The expected numbers are worked out by hand from the rules on /rules/ (compound rates for
emissions: (end ÷ start)^(1 ÷ years) − 1), written out here as plain decimals.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from indicators.charts import chart_table, points_of, series_for
from indicators.headline import headline_for
from indicators.models import Indicator, IndicatorTarget, IndicatorValue
from indicators.verdicts import VerdictKind
from programmes.models import GoalNode
from tests.test_admin import form_data, url

pytestmark = pytest.mark.django_db

TODAY = date(2025, 11, 3)
NBSP = "\u00a0"


@pytest.fixture
def wrong_way(small_programme) -> Indicator:
    """Emissions rising 2 t a year from 100 t in 2015, against 50 t by 2030 and 20 t by
    2035, with an interim 2018 target of 90 t that was missed (106 t reached)."""
    indicator = Indicator.objects.create(
        identifier="X1",
        name="Kunnan omat päästöt",
        unit="t",
        direction=Indicator.Direction.DECREASE,
        decimals=1,
        baseline_year=2015,
        baseline_value=100,
    )
    indicator.goals.add(small_programme.main_goal)
    for year, value in [(2018, 90), (2030, 50), (2035, 20)]:
        IndicatorTarget.objects.create(indicator=indicator, year=year, value=value)
    for year, value in [(2016, 102), (2017, 104), (2018, 106), (2019, 108), (2020, 110)]:
        IndicatorValue.objects.create(indicator=indicator, date=date(year, 12, 31), value=value)
    small_programme.main_goal.headline_indicator = indicator
    small_programme.main_goal.save()
    return indicator


# --- the numbers --------------------------------------------------------------------------


def test_an_indicator_moving_the_wrong_way_is_not_at_this_pace(wrong_way):
    headline = headline_for(wrong_way)
    verdict = headline.verdict
    assert verdict.kind is VerdictKind.WRONG_DIRECTION
    # (110 / 100)^(1/5) − 1 = +1.92\u00a0%/yr against (50 / 100)^(1/15) − 1 = −4.52\u00a0%/yr.
    assert verdict.actual_rate == pytest.approx(0.019245, abs=1e-6)
    assert verdict.required_rate == pytest.approx(-0.045158, abs=1e-6)
    # The path in 2020: 100 × 0.5^(5/15) = 79.370 t; 110 t is 30.630 t (38.59 %) behind.
    assert headline.gap == pytest.approx(30.6299, abs=1e-3)
    assert headline.gap_percent == pytest.approx(38.5913, abs=1e-3)
    assert headline.is_behind

    missed, near, far = headline.targets
    assert (missed.target.label, missed.achieved, missed.reached.label) == ("2018", False, "2018")
    assert (missed.target.value, missed.reached.value) == (90, 106)
    assert missed.is_missed and not missed.is_ahead
    # From 2020: (50 / 110)^(1/10) − 1 and (20 / 110)^(1/15) − 1.
    assert near.needed_rate == pytest.approx(-0.075818, abs=1e-6)
    assert far.needed_rate == pytest.approx(-0.107430, abs=1e-6)
    assert (near.year_at_pace, far.year_at_pace) == (None, None)
    assert headline.final_years_late is None


def test_a_share_ahead_of_its_linear_path(small_programme):
    """10 % in 2010 to 30 % in 2020 against 40 % by 2030: 5 points ahead of the path."""
    indicator = Indicator.objects.create(
        name="Uusiutuvan energian osuus",
        unit="%",
        direction=Indicator.Direction.INCREASE,
        decimals=1,
        baseline_year=2010,
        baseline_value=10,
    )
    IndicatorTarget.objects.create(indicator=indicator, year=2030, value=40)
    IndicatorValue.objects.create(indicator=indicator, date=date(2020, 12, 31), value=30)
    headline = headline_for(indicator)
    assert headline.verdict.kind is VerdictKind.ON_TRACK
    # The path in 2020: 10 + 20 × 1.5 = 25 %; 30 % is 5 points (20 %) better.
    assert headline.gap == pytest.approx(-5.0)
    assert headline.gap_percent == pytest.approx(-20.0)
    assert not headline.is_behind and not headline.is_on_path
    (target,) = headline.targets
    # (40 − 30) / 10 = 1 point a year from now; at 2 points a year, 40 % in 2025.
    assert target.needed_rate == pytest.approx(1.0)
    assert target.year_at_pace == 2025
    with translation.override("en"):
        assert target.needed_rate_text == "+1.00\u00a0percentage\u00a0points/yr"


# --- the overview ------------------------------------------------------------------------


def headline_section(page: str) -> str:
    match = re.search(r'<section class="card headline".*?</section>', page, re.S)
    assert match, "no headline on the overview"
    return match.group(0)


def in_english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_overview_says_not_at_this_pace_and_shows_the_missed_target(client, settings, wrong_way):
    page = in_english(client, settings).get("/").text
    section = headline_section(page)
    assert "verdict-wrong_direction" in section
    assert "30.6\u00a0t (38.6\u00a0%) behind the required path" in section
    assert "2018: 90.0\u00a0t" in section and "106.0\u00a0t reached (2018)" in section
    assert section.count("not at this pace") == 2
    assert "At this pace, the 2035 target is not reached." in section


def test_overview_without_a_headline_indicator_shows_none(client, small_programme):
    page = client.get("/").text
    assert 'class="card headline"' not in page


def test_rules_explain_the_headline(client, settings):
    page = in_english(client, settings).get(reverse("rules")).text
    assert 'id="headline"' in page
    for words in ["The gap", "The rate needed from now", "At this pace", "Not at this pace"]:
        assert words in page, words


# --- the charts --------------------------------------------------------------------------


def test_a_monthly_value_is_labelled_by_its_own_month(small_programme):
    indicator = Indicator.objects.create(
        name="Sähkönkulutus",
        unit="MWh",
        time_resolution=Indicator.TimeResolution.MONTHLY,
    )
    IndicatorTarget.objects.create(indicator=indicator, year=2030, value=50)
    for day in (date(2026, 9, 30), date(2026, 10, 31)):
        IndicatorValue.objects.create(indicator=indicator, date=day, value=100)
    with translation.override("en"):
        _headers, rows = chart_table(series_for(indicator.verdict, points_of(indicator)))
    labels = [label for label, _values in rows]
    assert "October 2026" in labels and "2025" not in labels


# --- the admin ---------------------------------------------------------------------------


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


def test_admin_sets_a_main_goals_headline_from_the_programmes_indicators(
    coordinator_client, small_programme
):
    main_goal, indicator = small_programme.main_goal, small_programme.indicator
    outside = Indicator.objects.create(name="Muun kunnan mittari", unit="t")
    change = url(GoalNode, "change", main_goal.pk)
    response = coordinator_client.get(change)
    choices = response.context["adminform"].form.fields["headline_indicator"].queryset
    assert indicator in choices and outside not in choices

    data = form_data(response)
    data["headline_indicator"] = str(indicator.pk)
    assert coordinator_client.post(change, data).status_code == 302
    main_goal.refresh_from_db()
    assert main_goal.headline_indicator == indicator


def test_admin_refuses_an_indicator_from_outside_the_programme(coordinator_client, small_programme):
    main_goal = small_programme.main_goal
    outside = Indicator.objects.create(name="Muun kunnan mittari", unit="t")
    change = url(GoalNode, "change", main_goal.pk)
    data = form_data(coordinator_client.get(change))
    data["headline_indicator"] = str(outside.pk)
    response = coordinator_client.post(change, data)
    assert response.status_code == 200
    assert "headline_indicator" in response.context["adminform"].form.errors
    main_goal.refresh_from_db()
    assert main_goal.headline_indicator is None


def test_admin_offers_the_headline_only_on_main_goals(coordinator_client, small_programme):
    path = small_programme.path
    response = coordinator_client.get(url(GoalNode, "change", path.pk))
    assert "headline_indicator" not in response.context["adminform"].form.fields

    response = coordinator_client.post(
        url(GoalNode, "add"),
        {
            "programme": small_programme.programme.pk,
            "level": path.level_id,
            "identifier": "P9",
            "name": "Resurssiviisas Salo",
            "order": "0",
            "headline_indicator": small_programme.indicator.pk,
        },
    )
    assert response.status_code == 200
    assert "headline_indicator" in response.context["adminform"].form.errors
    assert not GoalNode.objects.filter(identifier="P9").exists()


def test_admin_bad_headline_input_is_a_form_error(coordinator_client, small_programme):
    change = url(GoalNode, "change", small_programme.main_goal.pk)
    data = form_data(coordinator_client.get(change))
    data["headline_indicator"] = "not-a-number"
    response = coordinator_client.post(change, data)
    assert response.status_code == 200
    assert "headline_indicator" in response.context["adminform"].form.errors
