"""The headline of the Salo demo: area emissions against the path to 2030 and 2035.

The expected numbers are worked out by hand from the rules on /rules/ (compound rates for
emissions: (end ÷ start)^(1 ÷ years) − 1), written out here as plain decimals. The demo
is loaded once for the module; every test runs in a savepoint inside it.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from demo.loader import CURRENT_SLUG, load_demo
from indicators.charts import chart_table, indicator_figure, points_of, series_for
from indicators.headline import headline_for
from indicators.models import Indicator
from indicators.svg import line_chart
from indicators.verdicts import VerdictKind
from programmes.models import GoalNode
from tests.test_headline import headline_section

pytestmark = pytest.mark.django_db

TODAY = date(2025, 11, 3)
NBSP = "\u00a0"
FAST_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(PASSWORD_HASHERS=[FAST_HASHER]):
            load_demo(today=TODAY)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_loaded):
    return GoalNode.objects.get(programme__slug=CURRENT_SLUG, identifier="T1")


@pytest.fixture
def area_emissions(demo) -> Indicator:
    return Indicator.objects.get(identifier="M01")


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
        assert headline.latest_text == f"318,9{NBSP}kt{NBSP}CO2e"
        assert headline.gap_text == f"12,6{NBSP}kt{NBSP}CO2e"
        assert headline.gap_percent_text == f"4,1{NBSP}%"
        # −3.18\u00a0%/yr is −3,2, not cut off to −3,1; −9.19 is −9,2.
        assert headline.rate_since_baseline_text.startswith("\u22123,2\u00a0%")
        assert near.needed_rate_text.startswith("\u22124,1\u00a0%")
        assert far.needed_rate_text.startswith("\u22129,2\u00a0%")


def test_overview_leads_with_the_demo_headline(client, demo, area_emissions):
    page = client.get("/").text  # in Finnish, the default
    section = headline_section(page)
    assert page.index('class="card headline"') < page.index('class="summary-grid"')
    assert "Hiilineutraalius 2035" in section
    assert "verdict-acceleration_needed" in section
    for text in [
        f"318,9{NBSP}kt{NBSP}CO2e",
        "(2024)",
        f"2030: 248,7{NBSP}kt{NBSP}CO2e",
        f"2035: 110,5{NBSP}kt{NBSP}CO2e",
        f"12,6{NBSP}kt{NBSP}CO2e (4,1{NBSP}%)",
        "\u22124,1\u00a0%",
        "\u22129,2\u00a0%",
        "\u22123,2\u00a0%",
        "<td>2032</td>",
        "<td>2057</td>",
    ]:
        assert text in section, text
    assert f'href="{reverse("indicator_detail", args=[area_emissions.pk])}"' in section
    assert f'href="{reverse("rules")}#headline"' in section
    assert f'hx-get="{reverse("indicator_chart", args=[area_emissions.pk])}"' in section
    assert 'id="headline-chart-' in section and "<svg" in section


def test_the_headline_indicator_is_not_charted_twice(client, demo, area_emissions):
    assert area_emissions.is_featured
    page = client.get("/").text
    assert f'id="featured-chart-{area_emissions.pk}"' not in page
    assert page.count(f'hx-get="{reverse("indicator_chart", args=[area_emissions.pk])}"') == 1


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
