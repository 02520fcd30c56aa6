"""The overview page as a browser shows it: content, language, console and an axe scan."""

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def browser_context_args(browser_context_args):
    """A reader in Salo: Finnish browser, Finnish time."""
    return {**browser_context_args, "locale": "fi-FI", "timezone_id": "Europe/Helsinki"}


@pytest.fixture
def overview(transactional_db, live_server, small_programme, settings, page):
    """The overview page loaded in Chromium, with the console messages it produced."""
    settings.PUBLIC_DASHBOARD = True
    problems: list[str] = []

    def on_console(message):
        if message.type == "error":
            problems.append(f"{message.location['url']}: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    response = page.goto(live_server.url)
    assert response is not None and response.status == 200
    page.wait_for_load_state("networkidle")
    return page, problems


@pytest.mark.browser
def test_overview_shows_the_programme_in_finnish_without_errors(overview, small_programme):
    page, problems = overview
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "overview.png", full_page=True)

    heading = page.get_by_role("heading", level=1)
    assert small_programme.programme.name in heading.inner_text()
    assert page.get_by_role("link", name=small_programme.main_goal.name).is_visible()
    assert page.locator("html").get_attribute("lang") == "fi"
    assert problems == []


@pytest.mark.browser
def test_overview_passes_an_axe_scan(overview):
    page, _ = overview
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
