"""A total and its components: the sum check, the stacked chart, the change and share
table, the admin inline, the bottleneck listing, and the demo's area emissions by sector."""

import json
import re
from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from demo.loader import load_demo
from indicators.charts import components_figure
from indicators.components import breakdown, check_years, tolerance, yearly
from indicators.models import Indicator, IndicatorValue
from programmes import bottlenecks

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 28)


def indicator(name: str, values: dict[int, float], **fields) -> Indicator:
    made = Indicator.objects.create(name=name, unit="kt CO2e", **fields)
    IndicatorValue.objects.bulk_create(
        IndicatorValue(indicator=made, date=date(year, 12, 31), value=value)
        for year, value in values.items()
    )
    return made


@pytest.fixture
def emissions(small_programme):
    """A total of 100 → 80 kt (baseline 2010) and two sectors.

    Heating has values for 2010 and 2020; transport only from 2012, so 2010 lacks it and
    does not add up, 2012 is not checked (the total has no value) and 2020 adds up.
    """
    total = indicator(
        "Päästöt yhteensä", {2010: 100.0, 2020: 80.0}, baseline_year=2010, baseline_value=100.0
    )
    total.goals.add(small_programme.main_goal)
    indicator("Lämmitys", {2010: 60.0, 2020: 50.0}, component_of=total, order=1)
    indicator("Liikenne", {2012: 40.0, 2020: 30.0}, component_of=total, order=2)
    return Indicator.objects.prefetch_related("values", "components__values").get(pk=total.pk)


def parse_figure(page: str, figure_id: str) -> dict:
    start = page.index(f'id="{figure_id}"')
    return json.loads(page[page.index(">", start) + 1 : page.index("</script>", start)])


# --- the sum check -------------------------------------------------------------


def test_tolerance_is_half_a_unit_of_each_figures_last_decimal():
    assert tolerance(1, [1, 1]) == pytest.approx(0.15)  # (2 components + total) × 0.05
    assert tolerance(1, [1] * 11) == pytest.approx(0.6)
    assert tolerance(0, [2]) == pytest.approx(0.505)


@pytest.mark.parametrize(
    ("second", "adds_up"),
    [
        (20.0, True),
        (20.15, True),  # exactly the tolerance over: still rounding
        (19.85, True),  # exactly the tolerance under
        (20.16, False),
        (19.84, False),
        (21.0, False),
    ],
)
def test_a_year_adds_up_within_rounding_and_not_beyond(second, adds_up):
    allowed = tolerance(1, [1, 1])
    [check] = check_years({2020: 30.0}, {"a": {2020: 10.0}, "b": {2020: second}}, allowed)
    assert check.adds_up is adds_up
    assert check.difference == pytest.approx(second - 20.0)


def test_a_missing_component_does_not_add_up_and_a_year_without_components_is_not_checked():
    checks = check_years(
        {2010: 100.0, 2011: 90.0, 2012: 95.0},
        {"a": {2010: 60.0, 2012: 55.0}, "b": {2010: 40.0}},
        0.15,
    )
    assert [(c.year, c.adds_up, c.missing) for c in checks] == [
        (2010, True, ()),
        (2012, False, ("b",)),
    ]


def test_a_years_value_is_the_last_one_dated_in_it():
    values = [(date(2024, 3, 31), 5.0), (date(2024, 12, 31), 7.0), (date(2023, 6, 1), 4.0)]
    assert yearly(values) == {2023: 4.0, 2024: 7.0}


def test_the_breakdown_flags_the_year_that_does_not_add_up(emissions):
    parts = breakdown(emissions)
    assert [(c.year, c.sum, c.total) for c in parts.checks] == [
        (2010, 60.0, 100.0),
        (2020, 80.0, 80.0),
    ]
    [mismatch] = parts.mismatches
    assert mismatch.year == 2010 and mismatch.difference == -40.0
    assert [c.name for c in mismatch.missing] == ["Liikenne"]


def test_an_indicator_without_components_has_no_breakdown(small_programme):
    assert breakdown(small_programme.indicator) is None


# --- change since the baseline and share, by hand --------------------------------


def test_change_and_share_computed_by_hand(emissions):
    parts = breakdown(emissions)
    heating, transport = parts.changes
    # Heating: 60 (2010, the total's baseline year) → 50: −10 kt, −16.7 %; 50 of 80 = 62.5 %.
    assert (heating.base_year, heating.base_value, heating.latest_value) == (2010, 60.0, 50.0)
    assert heating.change == -10.0
    assert heating.change_percent == pytest.approx(-16.6667, abs=1e-4)
    assert heating.share_percent == 62.5
    # Transport has no 2010 value: from its first, 40 (2012) → 30: −10 kt, −25 %; 37.5 %.
    assert (transport.base_year, transport.base_value) == (2012, 40.0)
    assert transport.change_percent == -25.0
    assert transport.share_percent == 37.5
    assert parts.total_change.change_percent == -20.0
    assert parts.largest is heating


def test_the_page_shows_the_table_and_the_notice(client, emissions):
    response = client.get(f"/indicators/{emissions.pk}/")
    assert response.status_code == 200
    page = response.text
    table = page[page.index('class="data-table component-table"') :]
    for shown in (
        "−10,0\xa0kt CO2e",
        "−16,7\xa0%",
        "62,5\xa0%",
        "−25,0\xa0%",
        "37,5\xa0%",
        "−20,0\xa0%",
    ):
        assert shown in table, shown
    start = page.index('id="components-mismatch"')
    notice = page[start : page.index("</div>", start)]
    assert "2010" in notice and "2020" not in notice
    assert "−40,0\xa0kt CO2e" in notice and "Liikenne" in notice


def test_a_component_page_links_to_its_total(client, emissions):
    heating = emissions.components.get(name="Lämmitys")
    page = client.get(f"/indicators/{heating.pk}/").text
    assert f'href="/indicators/{emissions.pk}/#components"' in page
    assert 'id="components"' not in page  # a component has no breakdown of its own


def test_the_page_costs_the_same_queries_with_more_components(client, emissions):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/indicators/{emissions.pk}/").status_code == 200
        return len(captured)

    before = queries()
    for n in range(3):
        indicator(f"Sektori {n}", {2010: 1.0, 2020: 1.0}, component_of=emissions)
    cache.clear()
    assert queries() == before


# --- the stacked chart -----------------------------------------------------------


def test_the_stacked_chart_holds_the_components_values(emissions):
    figure = components_figure(breakdown(emissions))
    *stacked, total = figure["data"]
    assert [(t["name"], t["x"], t["y"]) for t in stacked] == [
        ("Lämmitys", [2010, 2012, 2020], [60.0, None, 50.0]),
        ("Liikenne", [2010, 2012, 2020], [None, 40.0, 30.0]),
    ]
    assert all(t["stackgroup"] == "components" for t in stacked)
    assert (total["x"], total["y"]) == ([2010, 2020], [100.0, 80.0])
    assert "stackgroup" not in total
    assert figure["layout"]["yaxis"]["title"]["text"] == "kt CO2e"


def test_the_stacked_chart_is_drawn_on_the_server_until_plotly_replaces_it(client, emissions):
    """The bands stack year by year (a year without a value adds nothing), the total is a
    line over them: shown at once, and without JavaScript."""
    page = client.get(f"/indicators/{emissions.pk}/").text
    chart = page[page.index('id="components-chart"') :]
    wide = chart[: chart.index("</svg>")]
    assert 'class="chart-svg chart-wide"' in wide
    assert 'aria-labelledby="components-chart-caption"' in wide
    # 2010, 2012 and 2020 across 64…616; 0…100 kt from 302 up to 12 (the ticks' 0…100).
    heating, transport = re.findall(
        r'<polygon fill="([^"]+)" stroke="[^"]+" points="([^"]+)"', wide
    )
    assert heating[1] == "64.0,128.0 174.4,302.0 616.0,157.0 616.0,302.0 174.4,302.0 64.0,302.0"
    # Transport from 2012 on, over heating: 60 + 0, 0 + 40, 50 + 30.
    assert transport[1] == "64.0,128.0 174.4,186.0 616.0,70.0 616.0,157.0 174.4,302.0 64.0,128.0"
    assert heating[0] != transport[0]
    # The total, 100 → 80, as a dotted line with a legend entry of each band and of it.
    assert '<polyline fill="none" stroke="#000000" stroke-width="2" stroke-dasharray="2 4" ' in wide
    assert 'points="64.0,12.0 616.0,70.0"/>' in wide
    legend = wide[wide.index('class="legend"') :]
    assert re.findall(r">[^<>]+<", legend) == [">Lämmitys<", ">Liikenne<", ">Päästöt yhteensä<"]
    assert 'class="chart-svg chart-compact"' in chart[: chart.index("</div>")]


def test_the_page_embeds_the_chart_with_caption_summary_and_table(client, emissions):
    page = client.get(f"/indicators/{emissions.pk}/").text
    figure = parse_figure(page, "components-chart-data")
    assert figure == json.loads(json.dumps(components_figure(breakdown(emissions))))
    assert 'data-figure="components-chart-data"' in page
    assert 'id="components-chart-caption"' in page
    summary = page[page.index('id="components-chart-summary"') :]
    summary = summary[: summary.index("</p>")]
    assert "Lämmitys" in summary and "62,5\xa0%" in summary


def test_the_chart_is_public_like_the_page(client, emissions):
    # The public reader sees a published programme's indicator page and its breakdown.
    assert client.get(f"/indicators/{emissions.pk}/").status_code == 200


# --- the admin -------------------------------------------------------------------


def test_the_admin_shows_the_components_inline_and_read_only(client, coordinator, emissions):
    client.force_login(coordinator)
    page = client.get(reverse("admin:indicators_indicator_change", args=[emissions.pk]))
    assert page.status_code == 200
    [inline] = [
        f for f in page.context["inline_admin_formsets"] if f.formset.fk.name == "component_of"
    ]
    assert not inline.has_add_permission and not inline.has_delete_permission
    assert not inline.has_change_permission
    assert "Lämmitys" in page.text and "Liikenne" in page.text
    heating = emissions.components.get(name="Lämmitys")
    assert reverse("admin:indicators_indicator_change", args=[heating.pk]) in page.text


def test_component_of_is_set_on_the_indicator_form(client, coordinator, emissions):
    client.force_login(coordinator)
    heating = emissions.components.get(name="Lämmitys")
    page = client.get(reverse("admin:indicators_indicator_change", args=[heating.pk]))
    form = page.context["adminform"].form
    assert form["component_of"].value() == emissions.pk


# --- the bottleneck view -----------------------------------------------------------


def test_bottlenecks_list_a_total_whose_components_do_not_add_up(
    client, small_programme, emissions
):
    found = bottlenecks.find(small_programme.programme, TODAY)
    assert [parts.total for parts in found.unbalanced] == [emissions]

    page = client.get("/bottlenecks/").text
    section = page[page.index('id="unmeasured"') : page.index('id="missing_values"')]
    assert "Päästöt yhteensä" in section
    assert "2010: −40,0\xa0kt CO2e" in section
    assert f"/indicators/{emissions.pk}/#components" in section

    rows = bottlenecks.export_rows(found, with_people=False)
    [row] = [r for r in rows if r["name"] == "Päästöt yhteensä" and "2010" in r["detail"]]
    assert "(-40.0)" in row["detail"]


def test_bottlenecks_do_not_list_a_total_that_adds_up(small_programme, emissions):
    IndicatorValue.objects.create(
        indicator=emissions.components.get(name="Liikenne"), date=date(2010, 12, 31), value=40.0
    )
    assert bottlenecks.find(small_programme.programme, TODAY).unbalanced == []


# --- the demo ----------------------------------------------------------------------


def test_the_demos_area_emissions_add_up_by_sector():
    load_demo(today=TODAY)
    total = Indicator.objects.prefetch_related("values", "components__values").get(
        name="Salon alueen kasvihuonekaasupäästöt"
    )
    parts = breakdown(total)
    assert len(parts.components) >= 8
    assert len(parts.checks) == len(total.values.all()) == 20  # 2005–2024, every year checked
    assert parts.mismatches == []

    road = total.components.get(name="Tieliikenteen päästöt")
    assert dict(road.values.values_list("date__year", "value"))[2020] == 104.5
    by_year = parts.total_by_year
    assert round((by_year[2020] / by_year[2019] - 1) * 100, 1) == -7.0

    # Components are parts of the total's page, not headline items of their own.
    assert not Indicator.objects.filter(component_of=total, is_featured=True).exists()
