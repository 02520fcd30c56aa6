"""The gap view (/emissions/): figures, what-if through the address, bad input, htmx."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

URL = reverse("emissions_gap")
KT = "\u00a0kt\u00a0CO2e"


@pytest.fixture
def public(settings):
    settings.PUBLIC_DASHBOARD = True


def dd(html: str, name: str) -> str:
    start = html.index(f'<dd class="{name}">')
    return html[start : html.index("</dd>", start)]


def test_the_gap_view_shows_the_hand_computed_figures(client, crafted, public):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    # See tests/test_emissions_impact.py for the arithmetic: gap 50, planned 45, realised 20.
    assert "gap-chart-data" in html
    assert "<strong>50,0" + KT + "</strong>" in dd(html, "gap-gap")
    assert "20,0" + KT + " (40,0\u00a0%)" in dd(html, "gap-realised")
    assert "45,0" + KT + " (90,0\u00a0%)" in dd(html, "gap-planned")
    assert "<strong>5,0" + KT + "</strong> (10,0\u00a0%)" in dd(html, "gap-uncovered")
    # "1 of 4 actions … have no estimate", in whichever language the page is in.
    assert re.search(r"\b1\b\D+\b4\b", dd(html, "gap-without"))
    assert reverse("action_detail", args=[crafted["a"].pk]) in html


def test_switching_an_action_off_through_the_address(client, crafted, public):
    query = urlencode({"off": crafted["b"].pk})
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    facts = response.context["view"].coverage
    # Without B: realised 20 − 10 = 10, planned 45 − 25 = 20.
    assert facts.realised.mid == pytest.approx(10)
    assert facts.planned.mid == pytest.approx(20)
    html = response.content.decode()
    assert f'value="{crafted["b"].pk}" id="off-{crafted["b"].pk}" checked' in html


def test_the_scenario_round_trips_through_the_address(client, crafted, public):
    a, c = crafted["a"].pk, crafted["c"].pk
    query = urlencode([("off", c), (f"scale_{a}", 150), ("late_off", "1"), ("sort", "impact")])
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    form = response.context["form"]
    scenario = form.scenario()
    assert scenario.off == frozenset({c})
    assert scenario.scale == {a: 1.5}
    assert scenario.late_off is True
    html = response.content.decode()
    assert (
        f'name="scale_{a}" id="id_scale_{a}" min="0" max="200" step="10" placeholder="100"' in html
    )
    assert 'value="150"' in html
    # A at 150 %: 15 instead of 10; B 25; C off. Planned 40.
    assert response.context["view"].coverage.planned.mid == pytest.approx(40)


@pytest.mark.parametrize(
    "query",
    [
        {"off": "x"},
        {"off": "999999"},
        {"scale_1": "250"},
        {"late_off": "perhaps"},
        {"sort": "cost"},
        {"scale_1": "-5"},
    ],
)
def test_bad_scenario_input_is_a_400_with_the_errors(client, crafted, public, query):
    if "scale_1" in query:
        query = {f"scale_{crafted['a'].pk}": query["scale_1"]}
    response = client.get(f"{URL}?{urlencode(query)}")
    assert response.status_code == 400
    assert response.context["form"].errors
    assert 'id="gap-results"' in response.content.decode()
    assert "gap-chart-data" not in response.content.decode()


def test_an_unknown_programme_is_a_404(client, crafted, public):
    assert client.get(f"{URL}?programme=ei-ole").status_code == 404


def test_htmx_gets_only_the_results(client, crafted, public):
    response = client.get(
        f"{URL}?{urlencode({'off': crafted['a'].pk})}", headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="gap-results"')
    assert "<html" not in html


def test_htmx_default_view_also_gets_only_the_results(client, crafted, public):
    response = client.get(URL, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith('<section id="gap-results"')


def test_the_default_view_is_cached_and_refreshed_when_an_estimate_changes(
    client, crafted, public, settings
):
    settings.DASHBOARD_CACHE_SECONDS = 60
    first = client.get(URL).content.decode()
    assert "45,0" + KT in dd(first, "gap-planned")
    estimate = crafted["c"].impact_estimates.get()
    estimate.annual_reduction = 12
    estimate.high = 12
    estimate.save()
    again = client.get(URL).content.decode()
    assert "47,0" + KT in dd(again, "gap-planned")


def test_the_gap_is_renewed_by_its_estimated_actions_and_its_series_and_by_nothing_else(
    client, crafted, small_programme, coordinator, public, settings
):
    """The figures are kept through the day's status updates of actions without an
    estimate (most of a programme's), and renewed by those with one and by new values."""
    from datetime import date

    from indicators.models import IndicatorValue

    settings.DASHBOARD_CACHE_SECONDS = 60

    def computed() -> bool:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        return any("emissions_impactestimate" in q["sql"] for q in queries.captured_queries)

    assert computed()
    assert not computed()
    small_programme.action.record_update(
        author=coordinator, status="in_progress", completion_percent=30
    )
    assert not computed()
    crafted["b"].record_update(author=coordinator, status="completed", completion_percent=100)
    assert computed()
    # B completed counts as realised: 20 → 35 of the gap of 50.
    assert "35,0" + KT + " (70,0\u00a0%)" in dd(client.get(URL).content.decode(), "gap-realised")
    IndicatorValue.objects.create(indicator=crafted["road"], date=date(2021, 12, 31), value=55)
    assert computed()
    assert not computed()


def test_the_public_is_sent_to_log_in_when_the_dashboard_is_not_public(client, crafted, settings):
    settings.PUBLIC_DASHBOARD = False
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_without_an_emissions_goal_the_page_says_so(client, small_programme, public):
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["view"].indicator is None


def test_the_overview_headline_links_to_the_gap_view(client, crafted, public):
    html = client.get("/").content.decode()
    assert f'href="{URL}?programme={crafted["programme"].slug}"' in html


def test_a_headline_without_components_has_no_link(client, small_programme, public):
    small_programme.main_goal.headline_indicator = small_programme.indicator
    small_programme.main_goal.save()
    html = client.get("/").content.decode()
    assert 'class="headline' in html
    assert URL not in html


def test_bad_input_through_htmx_is_a_422_that_shows_what_to_correct(client, crafted, public):
    query = urlencode({f"scale_{crafted['a'].pk}": "250"})
    response = client.get(f"{URL}?{query}", headers={"HX-Request": "true"})
    assert response.status_code == 422
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="gap-results"')
    assert 'role="alert"' in html and "200" in html


def shown_actions(html: str, table: str) -> list[str]:
    """The action identifiers in a table of the page, in order."""
    start = html.index(table)
    body = html[start : html.index("</table>", start)]
    return re.findall(r'<span class="identifier">([^<]+)</span>', body)


def test_a_long_programme_lists_its_largest_estimates_and_says_how_many_more(
    client, crafted, public, monkeypatch
):
    # Two shown of three: B (25) and A (20); C (10) is counted but not listed.
    monkeypatch.setattr("emissions.gap.ESTIMATES_SHOWN", 2)
    response = client.get(URL)
    html = response.content.decode()
    assert shown_actions(html, 'class="data-table gap-estimates"') == ["B", "A"]
    assert re.search(r"\b2\b\D+\b3\b", html[html.index("gap-estimates") :])
    # The switches are those of the largest estimates' actions, in the programme's order.
    assert shown_actions(html, 'id="gap-form"') == ["A", "B"]
    assert 'name="all" value="1" id="id_all"' in html
    # The figures still count every estimate: planned 45 = 20 + 25 + 10 × share.
    assert "45,0" + KT in dd(html, "gap-planned")


def test_every_action_is_listed_on_request_and_a_choice_is_never_hidden(
    client, crafted, public, monkeypatch
):
    monkeypatch.setattr("emissions.gap.ESTIMATES_SHOWN", 1)
    everything = client.get(f"{URL}?all=1").content.decode()
    assert shown_actions(everything, 'class="data-table gap-estimates"') == ["B", "A", "C"]
    assert shown_actions(everything, 'id="gap-form"') == ["A", "B", "C"]
    assert 'id="id_all" checked' in everything
    # C switched off and A scaled: both keep their switches beside the largest, B.
    query = urlencode({"off": crafted["c"].pk, f"scale_{crafted['a'].pk}": 50})
    chosen = client.get(f"{URL}?{query}").content.decode()
    assert shown_actions(chosen, 'id="gap-form"') == ["A", "B", "C"]
    # A wrong scale of a small action is shown where it can be corrected.
    wrong = client.get(f"{URL}?{urlencode({f'scale_{crafted["c"].pk}': 300})}")
    assert wrong.status_code == 400
    assert shown_actions(wrong.content.decode(), 'id="gap-form"') == ["B", "C"]
    assert client.get(f"{URL}?all=maybe").status_code == 400


def test_the_list_every_action_box_asks_htmx_for_the_form_and_the_results(
    client, crafted, public, monkeypatch
):
    monkeypatch.setattr("emissions.gap.ESTIMATES_SHOWN", 1)
    headers = {"HX-Request": "true", "HX-Target": "gap-content"}
    html = client.get(f"{URL}?all=1", headers=headers).content.decode()
    assert html.lstrip().startswith('<div id="gap-content">')
    assert shown_actions(html, 'id="gap-form"') == ["A", "B", "C"]
    # Unticked again: the default view's form and results, from the cache as ever.
    back = client.get(URL, headers=headers).content.decode()
    assert back.lstrip().startswith('<div id="gap-content">')
    assert shown_actions(back, 'id="gap-form"') == ["B"]


def test_a_what_if_is_cached_in_any_order_of_its_choices_and_refreshed_after_a_change(
    client, crafted, public, settings
):
    settings.DASHBOARD_CACHE_SECONDS = 60
    b = crafted["b"].pk
    first = client.get(f"{URL}?off={b}&late_off=1")
    assert first.status_code == 200
    # Without B: planned 45 − 25 = 20.
    assert "20,0" + KT in dd(first.content.decode(), "gap-planned")
    with CaptureQueriesContext(connection) as served:
        again = client.get(f"{URL}?late_off=1&off={b}")
    assert again.status_code == 200
    assert dd(again.content.decode(), "gap-planned") == dd(first.content.decode(), "gap-planned")
    # Only who may read and the data's generation are read: nothing is computed.
    assert not any("emissions_impactestimate" in q["sql"] for q in served.captured_queries)
    estimate = crafted["c"].impact_estimates.get()
    estimate.annual_reduction = estimate.high = 12
    estimate.save()
    refreshed = client.get(f"{URL}?late_off=1&off={b}").content.decode()
    assert "22,0" + KT in dd(refreshed, "gap-planned")


@pytest.mark.parametrize("headers", [{}, {"HX-Request": "true"}])
def test_a_wrong_what_if_is_never_cached(client, crafted, public, settings, headers):
    settings.DASHBOARD_CACHE_SECONDS = 60
    for _ in range(2):
        response = client.get(f"{URL}?off=999999", headers=headers)
        assert response.status_code == (422 if headers else 400)
        assert response.context["form"].errors
        assert "gap-chart-data" not in response.content.decode()
    b = crafted["b"].pk
    assert client.get(f"{URL}?off={b}", headers=headers).status_code == 200


def test_the_figures_and_a_what_if_share_one_read_of_the_data_until_it_changes(
    client, crafted, public, settings, monkeypatch
):
    from emissions.gap import GapView

    settings.DASHBOARD_CACHE_SECONDS = 60
    reads = []
    real = GapView._read.__func__

    def counting(cls, programme, user, today):
        reads.append(programme.pk)
        return real(cls, programme, user, today)

    monkeypatch.setattr(GapView, "_read", classmethod(counting))
    b = crafted["b"].pk
    pages = [URL, f"{URL}?off={b}", f"{URL}?off={b}&late_off=1"]
    for url in pages:
        assert client.get(url).status_code == 200
    assert len(reads) == 1
    estimate = crafted["c"].impact_estimates.get()
    estimate.annual_reduction = estimate.high = 12
    estimate.save()
    planned = {url: dd(client.get(url).content.decode(), "gap-planned") for url in pages}
    assert len(reads) == 2  # once more, after the change, which every page shows
    assert "47,0" + KT in planned[URL]  # 45 + 2
    assert "22,0" + KT in planned[f"{URL}?off={b}"]  # without B's 25
    settings.DASHBOARD_CACHE_SECONDS = 0  # without caching, nothing is shared
    client.get(URL)
    client.get(URL)
    assert len(reads) == 4


def test_a_repeat_visit_to_an_unchanged_gap_or_what_if_is_not_modified(client, crafted, public):
    b = crafted["b"].pk
    pages = [URL, f"{URL}?off={b}"]
    etags = {}
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200
        etags[url] = response["ETag"]
        assert client.get(url, headers={"If-None-Match": etags[url]}).status_code == 304
    assert etags[URL] != etags[f"{URL}?off={b}"]  # each what-if has its own
    # A wrong what-if has none, and never a 304.
    wrong = client.get(f"{URL}?off=999999", headers={"If-None-Match": etags[URL]})
    assert wrong.status_code == 400
    assert not wrong.has_header("ETag")
    estimate = crafted["c"].impact_estimates.get()
    estimate.annual_reduction = estimate.high = 12
    estimate.save()
    for url in pages:
        response = client.get(url, headers={"If-None-Match": etags[url]})
        assert response.status_code == 200, url
        assert response["ETag"] != etags[url]
