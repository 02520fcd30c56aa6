"""Every page type reflows on a phone: no sideways scrolling of the page at 320 and 375 px
(WCAG 1.4.10), the menu wraps and works by keyboard and without JavaScript, and axe finds
nothing at 320 px. Wide tables scroll inside their own box."""

from __future__ import annotations

from datetime import date

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from playwright.sync_api import Browser, Page

from demo.loader import CURRENT_SLUG, load_demo
from indicators.models import Indicator
from programmes.models import Action, GoalNode, Programme
from reports.freezing import freeze
from reports.models import MonitoringReport

from .test_dashboard_browser import ARTIFACTS

SIZES = [(320, 640), (375, 812)]


@pytest.fixture
def urls(transactional_db, settings) -> dict[str, list[str]]:
    settings.PUBLIC_DASHBOARD = True
    load_demo()
    programme = Programme.objects.get(slug=CURRENT_SLUG)
    path = GoalNode.objects.filter(programme=programme, level__depth=2).first()
    main_goal = GoalNode.objects.filter(programme=programme, level__depth=1).first()
    action = Action.objects.filter(programme=programme, is_key_action=True).first()
    area = Indicator.objects.get(pk=main_goal.headline_indicator_id)
    report = MonitoringReport.objects.create(
        programme=programme,
        title="Seurantaraportti 2024",
        period_start=date(2024, 1, 1),
        period_end=date(2024, 12, 31),
    )
    freeze(report, handled_on=date(2025, 3, 3), body="Kaupunginvaltuusto")
    editor_action = Action.objects.filter(contact_persons__username="editor").first()
    public = [
        "/",
        "/ladder/",
        f"/goals/{main_goal.pk}/",
        f"/goals/{path.pk}/",
        "/actions/",
        f"/actions/{action.pk}/",
        "/indicators/",
        f"/indicators/{area.pk}/",
        "/bottlenecks/",
        "/changes/",
        "/rules/",
        "/reports/",
        f"/reports/{report.pk}/",
        "/accounts/login/",
        "/privacy/",
        "/accessibility/",
        "/glossary/",
        "/search/?q=energia",
    ]
    staff = [
        "/my/",
        f"/actions/{editor_action.pk}/update/",
        f"/indicators/{area.pk}/values/",
        "/accounts/profile/",
        "/indicators/import/",
    ]
    return {"public": public, "staff": staff}


def log_in(page: Page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "salo-demo")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()


def sideways(page: Page) -> int:
    """How far the page scrolls sideways, in CSS pixels."""
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


@pytest.mark.browser
@pytest.mark.parametrize(("width", "height"), SIZES)
def test_no_page_scrolls_sideways_on_a_phone(urls, live_server, browser: Browser, width, height):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="fi-FI")
    page = context.new_page()
    too_wide = {}
    for url in urls["public"]:
        page.goto(live_server.url + url)
        if sideways(page) > 0:
            too_wide[url] = sideways(page)
    get_user_model().objects.filter(username="admin").update(is_superuser=True)
    log_in(page, live_server, "admin")
    for url in urls["staff"]:
        page.goto(live_server.url + url)
        if sideways(page) > 0:
            too_wide[url] = sideways(page)
    if width == 320:
        ARTIFACTS.mkdir(exist_ok=True)
        page.goto(live_server.url + "/")
        page.screenshot(path=ARTIFACTS / "overview-320.png", full_page=True)
    context.close()
    assert too_wide == {}


@pytest.mark.browser
def test_axe_finds_nothing_at_320_px(urls, live_server, browser: Browser):
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="fi-FI")
    page = context.new_page()
    problems = {}
    for url in urls["public"]:
        page.goto(live_server.url + url)
        results = Axe().run(page)
        if results.violations_count:
            problems[url] = results.generate_report()
    context.close()
    assert problems == {}


@pytest.mark.browser
@pytest.mark.parametrize("javascript", [True, False])
def test_the_menu_wraps_and_every_item_is_reachable(
    urls, live_server, browser: Browser, javascript
):
    context = browser.new_context(
        viewport={"width": 320, "height": 640}, locale="fi-FI", java_script_enabled=javascript
    )
    page = context.new_page()
    page.goto(live_server.url + "/")
    links = page.locator(".main-nav a")
    assert links.count() >= 6
    for index in range(links.count()):
        box = links.nth(index).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 320, index
    # By keyboard: tabbing from the skip link reaches every menu item in order, visibly.
    names = [links.nth(i).inner_text() for i in range(links.count())]
    reached = []
    for _ in range(len(names) + 12):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "document.activeElement.closest('.main-nav') ? document.activeElement.innerText : ''"
        )
        if focused:
            reached.append(focused)
        if len(reached) == len(names):
            break
    assert reached == names
    page.get_by_role("link", name="Mittarit", exact=True).first.click()
    assert page.url.endswith("/indicators/")
    context.close()


SMALLEST_TEXT = """() => [...document.querySelectorAll("svg.chart-svg")]
  .filter((svg) => svg.getBoundingClientRect().width > 0)
  .map((svg) => {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    const sizes = [...svg.querySelectorAll("text")].map(
      (text) => parseFloat(getComputedStyle(text).fontSize) * scale);
    return Math.min(...sizes);
  })"""


@pytest.mark.browser
@pytest.mark.parametrize("width", [320, 375, 1366])
def test_the_small_charts_text_is_at_least_11_px(urls, live_server, browser: Browser, width):
    """The server-drawn charts scale with their width; their text must stay readable."""
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="fi-FI")
    page = context.new_page()
    smallest = {}
    for url in urls["public"][:4]:  # the overview, the ladder and two goal pages
        page.goto(live_server.url + url)
        smallest[url] = page.evaluate(SMALLEST_TEXT)
    if width == 320:
        page.goto(live_server.url + urls["public"][2])
        chart = page.locator("svg.chart-svg:visible").first
        chart.screenshot(path=ARTIFACTS / "goal-chart-320.png")
    context.close()
    drawn = [size for sizes in smallest.values() for size in sizes]
    assert len(drawn) >= 3, smallest  # the headline and the main goal's indicators
    assert min(drawn) >= 11, smallest
