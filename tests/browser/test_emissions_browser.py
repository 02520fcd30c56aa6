"""The gap view in a browser: the chart is drawn, the what-if form swaps the results
through htmx with the scenario pushed into the address, and axe finds nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import Page, expect

from demo.loader import CURRENT_SLUG, load_demo
from programmes.models import Action

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "emissions"


@pytest.fixture
def browser_context_args(browser_context_args):
    return {
        **browser_context_args,
        "locale": "fi-FI",
        "timezone_id": "Europe/Helsinki",
        "viewport": {"width": 1366, "height": 900},
    }


@pytest.fixture
def demo(transactional_db, settings):
    settings.PUBLIC_DASHBOARD = True
    load_demo()


def open_gap(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200
    expect(page.locator("#gap-chart[data-drawn='true']")).to_be_attached(timeout=15000)


@pytest.mark.browser
def test_the_chart_is_drawn_and_the_what_if_swaps_through_htmx(demo, live_server, page):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    open_gap(page, live_server.url + reverse("emissions_gap"))
    assert page.locator("#gap-chart .main-svg").count() > 0
    planned_before = page.locator(".gap-planned").inner_text()
    page.screenshot(path=ARTIFACTS / "gap.png", full_page=True)

    # A marker on the page: a full reload would lose it, an htmx swap keeps it.
    page.evaluate("document.body.dataset.marker = 'kept'")
    heating = Action.objects.get(programme__slug=CURRENT_SLUG, identifier="2.2.4")
    page.locator("details.gap-actions summary").click()
    with page.expect_response(
        lambda r: "/emissions/" in r.url and r.request.headers.get("hx-request")
    ):
        page.locator(f"#off-{heating.pk}").check()
    expect(page.locator(".gap-planned")).not_to_have_text(planned_before)
    assert page.evaluate("document.body.dataset.marker") == "kept"
    assert f"off={heating.pk}" in page.url
    expect(page.locator("#gap-chart[data-drawn='true']")).to_be_attached(timeout=15000)
    page.screenshot(path=ARTIFACTS / "gap-what-if.png", full_page=True)

    # The pushed address is the scenario: opened afresh, it shows the same figures.
    swapped = page.locator(".gap-planned").inner_text()
    open_gap(page, page.url)
    assert page.locator(".gap-planned").inner_text() == swapped


@pytest.mark.browser
def test_the_gap_view_passes_an_axe_scan(demo, live_server, page):
    open_gap(page, live_server.url + reverse("emissions_gap"))
    page.locator("details.gap-actions summary").click()
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.browser
def test_listing_every_action_swaps_the_form_in_place_and_keeps_the_focus(
    demo, live_server, page, monkeypatch
):
    # The demo has 21 estimated actions; with 5 shown, the box has something to list.
    monkeypatch.setattr("emissions.gap.ESTIMATES_SHOWN", 5)
    open_gap(page, live_server.url + reverse("emissions_gap"))
    page.evaluate("document.body.dataset.marker = 'kept'")
    page.locator("details.gap-actions summary").click()
    switches = page.locator("#gap-form tbody tr")
    assert switches.count() <= 5
    with page.expect_response(lambda r: r.request.headers.get("hx-target") == "gap-content"):
        page.locator("#id_all").check()
    expect(switches).to_have_count(21)
    assert page.locator(".gap-estimates tbody tr").count() > 5
    assert page.evaluate("document.body.dataset.marker") == "kept"
    assert page.evaluate("document.activeElement.id") == "id_all"
    assert "all=1" in page.url
    expect(page.locator("#gap-chart[data-drawn='true']")).to_be_attached(timeout=15000)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
