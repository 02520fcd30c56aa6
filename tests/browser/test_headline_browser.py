"""The carbon-neutrality headline as a reader sees it on a 1366×768 laptop screen.

What only a browser shows: that the headline, its numbers and its chart are on the first
screen without scrolling, in every language, and that the pages around it pass axe.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import Page, expect

from demo.loader import CURRENT_SLUG, load_demo
from indicators.models import Indicator
from programmes.models import GoalNode

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
VIEWPORT = {"width": 1366, "height": 768}

# The demo's numbers as each language writes them (see tests/test_headline.py).
NUMBERS = {
    "fi": [
        "318,9",
        "2030: 248,7",
        "2035: 110,5",
        "12,6",
        "4,1",
        "\u22124,1",
        "\u22129,2",
        "\u22123,2",
    ],
    "sv": [
        "318,9",
        "2030: 248,7",
        "2035: 110,5",
        "12,6",
        "4,1",
        "\u22124,1",
        "\u22129,2",
        "\u22123,2",
    ],
    "en": [
        "318.9",
        "2030: 248.7",
        "2035: 110.5",
        "12.6",
        "4.1",
        "\u22124.1",
        "\u22129.2",
        "\u22123.2",
    ],
}


@pytest.fixture
def browser_context_args(browser_context_args):
    """A reader in Salo on a common laptop screen: Finnish browser, Finnish time."""
    return {
        **browser_context_args,
        "locale": "fi-FI",
        "timezone_id": "Europe/Helsinki",
        "viewport": VIEWPORT,
    }


@pytest.fixture
def demo(transactional_db, settings) -> GoalNode:
    """The Salo demo, committed so that the live server's thread sees it."""
    settings.PUBLIC_DASHBOARD = True
    load_demo()
    return GoalNode.objects.get(programme__slug=CURRENT_SLUG, identifier="T1")


def open_page(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    page.wait_for_load_state("networkidle")


def switch_language(page: Page, code: str) -> None:
    if code == "fi":
        return
    page.locator(f'.language-switch button[value="{code}"]').click()
    expect(page.locator("html")).to_have_attribute("lang", code)
    page.wait_for_load_state("networkidle")


def assert_above_the_fold(page: Page, locator) -> None:
    expect(locator).to_be_visible()
    box = locator.bounding_box()
    assert box is not None
    assert page.evaluate("window.scrollY") == 0
    assert box["y"] >= 0 and box["y"] + box["height"] <= VIEWPORT["height"], box


@pytest.mark.browser
@pytest.mark.parametrize("code", ["fi", "sv", "en"])
def test_the_headline_and_its_numbers_are_above_the_fold(demo, live_server, page, code):
    open_page(page, live_server.url)
    switch_language(page, code)
    headline = page.locator("section.headline").first

    assert_above_the_fold(page, headline.locator(".headline-title"))
    assert_above_the_fold(page, headline.locator(".badge.verdict"))
    assert_above_the_fold(page, headline.locator(".headline-answer"))
    for part in (".headline-latest", ".headline-gap", ".headline-rate", "table.headline-targets"):
        assert_above_the_fold(page, headline.locator(part))
    assert_above_the_fold(page, headline.locator("svg.chart-svg:visible"))
    assert_above_the_fold(page, headline.locator(f'a[href="{reverse("rules")}#headline"]'))

    numbers = headline.locator(".headline-numbers").inner_text()
    for text in NUMBERS[code]:
        assert text in numbers, (code, text)
    assert headline.locator("table.headline-targets tbody tr").count() == 2
    assert "2032" in numbers and "2057" in numbers

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"headline-{code}.png")


def axe_pages(demo: GoalNode) -> dict[str, str]:
    area_emissions = Indicator.objects.get(identifier="M01")
    return {
        "overview": "/",
        "ladder": reverse("ladder"),
        "goal page": reverse("goal_detail", args=[demo.pk]),
        "area emissions": reverse("indicator_detail", args=[area_emissions.pk]),
    }


@pytest.mark.browser
def test_the_headline_pages_pass_an_axe_scan(demo, live_server, page):
    found = {}
    for name, path in axe_pages(demo).items():
        open_page(page, live_server.url + path)
        results = Axe().run(page)
        if results.violations_count:
            found[name] = results.generate_report()
    assert found == {}
