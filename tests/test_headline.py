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

from demo.loader import CURRENT_SLUG, load_demo
from indicators.charts import chart_table, indicator_figure, points_of, series_for
from indicators.headline import headline_for
from indicators.models import Indicator, IndicatorTarget, IndicatorValue
from indicators.svg import line_chart
from indicators.verdicts import VerdictKind
from programmes.models import GoalNode
from tests.test_admin import form_data, url

pytestmark = pytest.mark.django_db

TODAY = date(2025, 11, 3)
NBSP = "\u00a0"


@pytest.fixture
def demo():
    load_demo(today=TODAY)
    return GoalNode.objects.get(programme__slug=CURRENT_SLUG, identifier="T1")


@pytest.fixture
def area_emissions(demo) -> Indicator:
    return Indicator.objects.get(identifier="M01")


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


def test_demo_names_area_emissions_as_the_carbon_neutrality_headline(demo, area_emissions):
    assert demo.headline_indicator == area_emissions
    assert [(t.year, t.value) for t in area_emissions.targets.all()] == [
        (2030, 248.7),  # −55 % of 552.6 kt in 2007
        (2035, 110.5),  # −80 %: carbon neutrality
    ]
    load_demo(today=TODAY)  # a second run keeps what is there
    demo.refresh_from_db()
    assert demo.headline_indicator == area_emissions


def test_demo_area_emissions_headline_numbers(area_emissions):
    headline = headline_for(area_emissions)
    verdict = headline.verdict
    assert (verdict.baseline.label, verdict.baseline.value) == ("2007", 552.6)
    assert (headline.latest.label, headline.latest.value) == ("2024", 318.9)
    assert verdict.kind is VerdictKind.ACCELERATION_NEEDED
    # Since 2007: (318.9 / 552.6)^(1/17) − 1; the 2030 path: (248.7 / 552.6)^(1/23) − 1.
    assert verdict.actual_rate == pytest.approx(-0.031821, abs=1e-6)
    assert verdict.required_rate == pytest.approx(-0.034117, abs=1e-6)
    # The path in 2024: 552.6 × (248.7 / 552.6)^(17/23) = 306.287 kt.
    assert headline.gap == pytest.approx(318.9 - 306.2869, abs=1e-3)
    assert headline.gap_percent == pytest.approx(4.1181, abs=1e-3)
    assert headline.is_behind

    near, far = headline.targets
    assert (near.target.label, near.target.value, near.is_ahead) == ("2030", 248.7, True)
    assert (far.target.label, far.target.value, far.is_ahead) == ("2035", 110.5, True)
    # From 2024: (248.7 / 318.9)^(1/6) − 1 and (110.5 / 318.9)^(1/11) − 1.
    assert near.needed_rate == pytest.approx(-0.040592, abs=1e-6)
    assert far.needed_rate == pytest.approx(-0.091855, abs=1e-6)
    # 2024 + ln(248.7 / 318.9) / ln(1 − 0.031821) = 2031.69; for 110.5 kt, 2056.77.
    assert (near.year_at_pace, far.year_at_pace) == (2032, 2057)
    assert headline.final is far and headline.final_years_late == 22


def test_demo_headline_numbers_are_rounded_in_finnish(area_emissions):
    headline = headline_for(area_emissions)
    near, far = headline.targets
    with translation.override("fi"):
        assert headline.latest_text == f"318,9{NBSP}kt CO2e"
        assert headline.gap_text == f"12,6{NBSP}kt CO2e"
        assert headline.gap_percent_text == f"4,1{NBSP}%"
        # −3.18 %/yr is −3,2, not cut off to −3,1; −9.19 is −9,2.
        assert headline.rate_since_baseline_text.startswith("\u22123,2 %")
        assert near.needed_rate_text.startswith("\u22124,1 %")
        assert far.needed_rate_text.startswith("\u22129,2 %")


def test_an_indicator_moving_the_wrong_way_is_not_at_this_pace(wrong_way):
    headline = headline_for(wrong_way)
    verdict = headline.verdict
    assert verdict.kind is VerdictKind.WRONG_DIRECTION
    # (110 / 100)^(1/5) − 1 = +1.92 %/yr against (50 / 100)^(1/15) − 1 = −4.52 %/yr.
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
        assert target.needed_rate_text == "+1.00 percentage points/yr"


# --- the overview ------------------------------------------------------------------------


def headline_section(page: str) -> str:
    match = re.search(r'<section class="card headline".*?</section>', page, re.S)
    assert match, "no headline on the overview"
    return match.group(0)


def test_overview_leads_with_the_demo_headline(client, demo, area_emissions):
    page = client.get("/").text  # in Finnish, the default
    section = headline_section(page)
    assert page.index('class="card headline"') < page.index('class="summary-grid"')
    assert "Hiilineutraalius 2035" in section
    assert "verdict-acceleration_needed" in section
    for text in [
        f"318,9{NBSP}kt CO2e",
        "(2024)",
        f"2030: 248,7{NBSP}kt CO2e",
        f"2035: 110,5{NBSP}kt CO2e",
        f"12,6{NBSP}kt CO2e (4,1{NBSP}%)",
        "\u22124,1 %",
        "\u22129,2 %",
        "\u22123,2 %",
        "<td>2032</td>",
        "<td>2057</td>",
    ]:
        assert text in section, text
    assert f'href="{reverse("indicator_detail", args=[area_emissions.pk])}"' in section
    assert f'href="{reverse("rules")}#headline"' in section
    assert f'hx-get="{reverse("indicator_chart", args=[area_emissions.pk])}"' in section
    assert 'id="headline-chart-' in section and "<svg" in section


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


def test_the_headline_indicator_is_not_charted_twice(client, demo, area_emissions):
    assert area_emissions.is_featured
    page = client.get("/").text
    assert f'id="featured-chart-{area_emissions.pk}"' not in page
    assert page.count(f'hx-get="{reverse("indicator_chart", args=[area_emissions.pk])}"') == 1


def test_rules_explain_the_headline(client, settings):
    page = in_english(client, settings).get(reverse("rules")).text
    assert 'id="headline"' in page
    for words in ["The gap", "The rate needed from now", "At this pace", "Not at this pace"]:
        assert words in page, words


# --- the charts --------------------------------------------------------------------------


def demo_series(indicator: Indicator) -> dict:
    return {line.key: line for line in series_for(indicator.verdict, points_of(indicator))}


def test_chart_runs_to_the_last_target_with_every_target_and_the_path_ending_at_it(
    area_emissions,
):
    lines = demo_series(area_emissions)
    assert lines["actual"].points[0] == (2005.0, 548.2)
    assert lines["actual"].points[-1] == (2024.0, 318.9)
    assert lines["target"].points == [(2030.0, 248.7), (2035.0, 110.5)]
    required = dict(lines["required"].points)
    assert lines["required"].points[0] == (2007.0, 552.6)
    assert lines["required"].points[-1] == (2035.0, 110.5)  # exactly, not 110.49…
    assert required[2030.0] == 248.7
    assert sorted(required) == [float(y) for y in range(2007, 2036)]
    projection = lines["projection"].points
    assert projection[0] == (2024.0, pytest.approx(318.9))
    assert projection[-1][0] == 2035.0
    # 318.9 × (1 − 0.031821)^11 = 223.4 kt in 2035 at this pace.
    assert projection[-1][1] == pytest.approx(223.44, abs=0.01)


def test_svg_chart_reaches_the_last_target_year(area_emissions):
    series = series_for(area_emissions.verdict, points_of(area_emissions))
    svg = str(line_chart(series, labelledby="c", unit="kt CO2e", decimals=1))
    assert ">2035</text>" in svg and ">2005</text>" in svg
    plot, _legend = svg.split('<g class="legend"')
    assert plot.count("<polygon") == 2  # a diamond for each target
    # The required path's last vertex is the 2035 target's diamond.
    polylines = re.findall(r'<polyline[^>]*stroke="#009E73"[^>]*points="([^"]+)"', svg)
    last_vertex = polylines[0].split()[-1]
    diamonds = re.findall(r'<polygon points="([\d.]+),([\d.]+) ', plot)
    vertex_x, vertex_y = (float(c) for c in last_vertex.split(","))
    top_x, top_y = (float(c) for c in diamonds[-1])  # a diamond's top point is 6 above it
    assert (vertex_x, vertex_y) == pytest.approx((top_x, top_y + 6), abs=0.11)


def test_chart_table_runs_to_the_last_target_and_the_path_ends_at_it(area_emissions):
    series = series_for(area_emissions.verdict, points_of(area_emissions))
    _headers, rows = chart_table(series)
    labels = [label for label, _values in rows]
    assert labels[0] == "2005" and labels[-1] == "2035"
    assert len(labels) == len(set(labels))
    required = [line.key for line in series if line.points].index("required")
    assert dict(rows)["2035"][required] == 110.5


def test_plotly_figure_runs_to_the_last_target_year(area_emissions):
    figure = indicator_figure(
        unit="kt CO2e",
        decimals=1,
        verdict=area_emissions.verdict,
        values=points_of(area_emissions),
    )
    ends = {trace["name"]: max(trace["x"]) for trace in figure["data"]}
    assert max(ends.values()) == 2035
    targets = next(t for t in figure["data"] if t["marker"]["symbol"] == "diamond")
    assert targets["x"] == [2030, 2035] and targets["text"] == ["2030", "2035"]
    assert all("%{text}" in trace["hovertemplate"] for trace in figure["data"])


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
