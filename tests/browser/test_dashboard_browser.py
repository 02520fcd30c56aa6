"""The dashboard on the Salo demo as a browser shows it.

What only a browser shows: charts drawn (server SVG, and Plotly only when asked for), htmx
swaps without page loads, history, keyboard use, print media and axe scans of every
page type. Screenshots and PDFs go to ``test-artifacts/`` for a person to look at.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.db.models import Count, Q
from django.urls import reverse
from playwright.sync_api import Page, expect

from demo.loader import CURRENT_SLUG, load_demo
from indicators.models import Indicator
from programmes.models import Action, ActionStatus, GoalNode

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def browser_context_args(browser_context_args):
    """A reader in Salo: Finnish browser, Finnish time."""
    return {**browser_context_args, "locale": "fi-FI", "timezone_id": "Europe/Helsinki"}


@dataclass
class Demo:
    featured: Indicator
    path: GoalNode
    updated_action: Action


@pytest.fixture
def demo(transactional_db, settings) -> Demo:
    """The Salo demo, committed so that the live server's thread sees it."""
    settings.PUBLIC_DASHBOARD = True
    load_demo()
    path = (
        GoalNode.objects.filter(programme__slug=CURRENT_SLUG, level__depth=2)
        .annotate(n=Count("indicators"))
        .filter(n__gt=0)
        .order_by("order", "identifier")
        .first()
    )
    updated_action = (
        Action.objects.filter(programme__slug=CURRENT_SLUG)
        .annotate(n=Count("updates"))
        .order_by("-n", "identifier")
        .first()
    )
    assert path is not None and updated_action is not None and updated_action.n > 0
    return Demo(Indicator.objects.get(identifier="M01"), path, updated_action)


@dataclass
class Watch:
    """What the page asked the network for, and every error it reported."""

    requests: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def plotly_requests(self) -> list[str]:
        return [url for url in self.requests if "plotly" in url]


@pytest.fixture
def watch(page: Page) -> Watch:
    watch = Watch()
    page.on("request", lambda request: watch.requests.append(request.url))
    page.on(
        "console",
        lambda message: (
            message.type == "error"
            and watch.problems.append(f"{message.location['url']}: {message.text}")
        ),
    )
    page.on("pageerror", lambda error: watch.problems.append(f"page error: {error}"))
    return watch


def open_page(page: Page, url: str, status: int = 200) -> None:
    response = page.goto(url)
    assert response is not None and response.status == status, url
    page.wait_for_load_state("networkidle")


def screenshot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / name, full_page=True)


def first_page_as_png(pdf: Path) -> None:
    """Render the PDF's first page next to it, for a person to look at."""
    if shutil.which("pdftoppm"):
        stem = pdf.with_suffix("")
        subprocess.run(
            ["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", pdf, stem],
            check=True,
        )


def assert_no_axe_violations(page: Page) -> None:
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def wait_for_plotly(chart) -> None:
    expect(chart).to_have_attribute("data-drawn", "true")
    expect(chart.locator(".main-svg").first).to_be_visible()


# ---------------------------------------------------------------------------
# Overview
# ---------------------------------------------------------------------------


@pytest.mark.browser
def test_overview_draws_svg_charts_and_fetches_plotly_only_when_asked(
    demo, live_server, page, watch
):
    open_page(page, live_server.url)

    charts = page.locator("svg.chart-svg:visible")
    assert charts.count() >= 1
    for chart in charts.all():
        expect(chart).to_be_visible()
        assert chart.locator("polyline").count() > 0
    assert page.locator(".plotly-chart").count() == 0
    assert watch.plotly_requests() == []

    url = page.url
    page.evaluate("window.__marker = 1")
    section = page.locator(f"#headline-chart-{demo.featured.pk}")
    open_chart = page.locator(f'a[hx-get="{reverse("indicator_chart", args=[demo.featured.pk])}"]')
    open_chart.click()

    wait_for_plotly(section.locator(".plotly-chart"))
    assert section.locator("svg.chart-svg").count() == 0
    assert page.url == url
    assert page.evaluate("window.__marker") == 1
    assert len(watch.plotly_requests()) == 1
    assert watch.problems == []
    screenshot(page, "overview-demo.png")


POINTS_OUTSIDE_THE_AXES = """svg => {
  const ys = [...svg.querySelectorAll("line.grid")].map(line => line.y1.baseVal.value);
  const top = Math.min(...ys) - 0.5, bottom = Math.max(...ys) + 0.5;
  const outside = [];
  for (const line of svg.querySelectorAll(":scope > polyline")) {
    for (let i = 0; i < line.points.numberOfItems; i++) {
      const point = line.points.getItem(i);
      if (point.y < top || point.y > bottom) outside.push(point.y);
    }
  }
  for (const marker of svg.querySelectorAll(":scope > circle")) {
    const y = marker.cy.baseVal.value;
    if (y < top || y > bottom) outside.push(y);
  }
  return outside;
}"""


LEGEND_OVERFLOW = """svg => {
  const box = svg.viewBox.baseVal, legend = svg.querySelector("g.legend").getBBox();
  return Math.max(0, legend.x + legend.width - (box.x + box.width));
}"""


@pytest.mark.browser
def test_svg_charts_draw_every_value_and_legend_inside_the_chart(demo, live_server, page):
    """What falls outside the axes or the viewBox is silently cut off."""
    pages = [live_server.url, live_server.url + reverse("goal_detail", args=[demo.path.pk])]
    clipped = {}
    for url in pages:
        open_page(page, url)
        charts = page.locator("svg.chart-svg")
        assert charts.count() >= 1, url
        for chart in charts.all():
            outside = chart.evaluate(POINTS_OUTSIDE_THE_AXES)
            name = f"{url} {chart.get_attribute('aria-labelledby')}"
            if outside:
                clipped[name] = f"{len(outside)} points above or below the axes, y {min(outside)}"
            overflow = chart.evaluate(LEGEND_OVERFLOW)
            if overflow > 0.5:
                clipped[f"{name} legend"] = f"{overflow:.0f} units past the right edge"
    assert clipped == {}


# ---------------------------------------------------------------------------
# Indicator page
# ---------------------------------------------------------------------------


@pytest.mark.browser
def test_indicator_page_draws_plotly_opens_its_table_by_keyboard_and_downloads_csv(
    demo, live_server, page, watch
):
    indicator = demo.featured
    open_page(page, live_server.url + reverse("indicator_detail", args=[indicator.pk]))
    wait_for_plotly(page.locator(f"#chart-{indicator.pk}.plotly-chart"))
    wait_for_plotly(page.locator("#components-chart"))  # its sectors, stacked

    table = page.locator("details.chart-data table").first
    expect(table).to_be_hidden()
    page.locator("details.chart-data > summary").first.focus()
    page.keyboard.press("Enter")
    expect(table).to_be_visible()
    assert table.locator("tbody tr").count() > 0

    csv_url = reverse("indicator_csv", args=[indicator.pk])
    with page.expect_download() as download_info:
        page.locator(f'a[href="{csv_url}"]').click()
    download = download_info.value
    assert download.suggested_filename.endswith(f"-{indicator.pk}.csv")
    # UTF-8 with a byte order mark, so that Excel opens it right; Finnish headings.
    lines = Path(download.path()).read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "Mittari,Yksikkö,Päivämäärä,Arvo,Lisätieto"
    assert len(lines) == 1 + indicator.values.count()

    screenshot(page, "indicator.png")
    assert watch.problems == []


@pytest.mark.browser
@pytest.mark.parametrize("width", [1366, 320])
def test_indicator_page_draws_every_chart_on_the_server_before_and_without_plotly(
    demo, live_server, browser, width
):
    """Without JavaScript (and until plotly.js has started) the history and the sectors
    stacked are drawn by the server: every value inside the axes, the legend inside."""
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    indicator = demo.featured
    open_page(page, live_server.url + reverse("indicator_detail", args=[indicator.pk]))
    for chart_id in (f"chart-{indicator.pk}", "components-chart"):
        drawing = page.locator(f"#{chart_id} svg.chart-svg:visible")
        assert drawing.count() == 1, chart_id
        expect(drawing).to_be_visible()
        assert drawing.evaluate(POINTS_OUTSIDE_THE_AXES) == [], chart_id
        assert drawing.evaluate(LEGEND_OVERFLOW) <= 0.5, chart_id
    sectors = page.locator("#components-chart svg.chart-svg:visible polygon")
    assert sectors.count() == indicator.components.count()
    screenshot(page, f"indicator-without-javascript-{width}.png")
    context.close()


# ---------------------------------------------------------------------------
# Action list: htmx filtering and history
# ---------------------------------------------------------------------------


def completed_actions():
    return Action.objects.filter(programme__slug=CURRENT_SLUG, status=ActionStatus.COMPLETED)


def a_search_word() -> str:
    """A word from a completed action's name that narrows the completed list, not empties it."""
    for name in completed_actions().order_by("identifier").values_list("name", flat=True):
        for word in sorted(name.split(), key=len, reverse=True):
            word = word.strip(",.:;()").lower()
            count = matching(word).count()
            if len(word) >= 5 and word.isascii() and 0 < count < completed_actions().count():
                return word
    raise AssertionError("no completed action has a usable search word")


def matching(word: str):
    return completed_actions().filter(
        Q(identifier__icontains=word) | Q(name__icontains=word) | Q(description__icontains=word)
    )


def counts(n: int) -> re.Pattern:
    """The results heading once it counts ``n`` actions ("30 toimenpidettä", "30 actions")."""
    return re.compile(rf"^\s*{n}\b")


def filter_by_status(page: Page, status: str) -> None:
    heading = page.locator("#results-heading").first
    before = heading.inner_text()
    page.select_option("#id_status", status)
    expect(heading).not_to_have_text(before)


@pytest.mark.browser
def test_action_list_filters_in_place_with_htmx_and_back_restores_results(
    demo, live_server, page, watch
):
    open_page(page, live_server.url + reverse("action_list"))
    heading = page.locator("#results-heading").first
    all_text = heading.inner_text()
    page.evaluate("window.__marker = 1")

    filter_by_status(page, "completed")
    expect(heading).to_have_text(counts(completed_actions().count()))
    badges = page.locator("#results .badge.status")
    assert badges.count() == completed_actions().count()
    for badge in badges.all():
        expect(badge).to_have_class(re.compile(r"\bstatus-completed\b"))
    assert "status=completed" in page.url
    assert page.evaluate("window.__marker") == 1
    completed_text = heading.inner_text()

    word = a_search_word()
    requests_before = len(watch.requests)
    page.locator("#id_q").press_sequentially(word, delay=50)
    expect(heading).to_have_text(counts(matching(word).count()))
    rows = page.locator("#results tbody tr")
    expect(rows).to_have_count(matching(word).count())
    assert f"q={word}" in page.url and "status=completed" in page.url
    searches = [url for url in watch.requests[requests_before:] if "/actions/" in url]
    assert 1 <= len(searches) < len(word), searches  # debounced: not one request a keystroke
    assert page.evaluate("window.__marker") == 1

    page.go_back()
    expect(heading).to_have_text(completed_text)
    assert "status=completed" in page.url and f"q={word}" not in page.url
    page.go_back()
    expect(heading).to_have_text(all_text)
    assert page.evaluate("window.__marker") == 1
    assert watch.problems == []


@pytest.mark.browser
def test_action_list_filters_match_the_results_after_back(demo, live_server, page):
    """After Back, the filter form must describe the results it shows."""
    open_page(page, live_server.url + reverse("action_list"))
    filter_by_status(page, "completed")
    filter_by_status(page, "in_progress")

    page.go_back()
    expect(page.locator("#results-heading").first).to_have_text(counts(completed_actions().count()))
    assert page.input_value("#id_status") == "completed"


@pytest.mark.browser
def test_action_list_swap_leaves_a_single_results_section(demo, live_server, page):
    open_page(page, live_server.url + reverse("action_list"))
    filter_by_status(page, "completed")
    assert page.locator("[id=results]").count() == 1
    assert page.locator("[id=results-heading]").count() == 1


# ---------------------------------------------------------------------------
# Target ladder
# ---------------------------------------------------------------------------


def tab_to(page: Page, target, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {target}")


def open_rung_by_keyboard(page: Page, rung) -> None:
    """Press Enter on the rung's summary and wait for htmx to load what lies beneath."""
    summary = rung.locator(":scope > summary")
    summary.focus()
    page.keyboard.press("Enter")
    expect(rung).to_have_attribute("open", "")
    expect(rung.locator(":scope > .rung-below > .rung-link")).to_be_attached()
    assert summary.evaluate("element => element === document.activeElement")


@pytest.mark.browser
def test_ladder_rungs_open_by_keyboard_and_load_what_lies_beneath(demo, live_server, page, watch):
    open_page(page, live_server.url + reverse("ladder"))
    main_goal = page.locator("details.rung.depth-1").first
    summary = main_goal.locator(":scope > summary")

    tab_to(page, summary)
    page.keyboard.press("Enter")
    paths = main_goal.locator(":scope > .rung-below > ul.rungs > li > details.rung.depth-2")
    expect(paths.first).to_be_visible()
    assert summary.evaluate("element => element === document.activeElement")
    expect(main_goal).to_have_attribute("open", "")

    path = paths.first
    open_rung_by_keyboard(page, path)
    focus_areas = path.locator(":scope > .rung-below > ul.rungs > li > details.rung")
    if focus_areas.count():
        open_rung_by_keyboard(page, focus_areas.first)
        actions = focus_areas.first.locator(":scope > .rung-below > .rung-actions > li")
    else:
        actions = path.locator(":scope > .rung-below > .rung-actions > li")
    expect(actions.first).to_be_visible()
    assert actions.first.locator("a[href*='/actions/']").count() == 1
    assert watch.problems == []


# ---------------------------------------------------------------------------
# Axe: every page type, default rules, no violations
# ---------------------------------------------------------------------------


def _overview(page, url, demo):
    open_page(page, url)


def _overview_interactive(page, url, demo):
    open_page(page, url)
    page.locator(f'a[hx-get="{reverse("indicator_chart", args=[demo.featured.pk])}"]').click()
    wait_for_plotly(page.locator(f"#headline-chart-{demo.featured.pk} .plotly-chart"))


def _in_language(code):
    def prepare(page, url, demo):
        open_page(page, url)
        page.locator(f'.language-switch button[value="{code}"]').click()
        expect(page.locator("html")).to_have_attribute("lang", code)
        page.wait_for_load_state("networkidle")

    return prepare


def _ladder_open(page, url, demo):
    open_page(page, url + reverse("ladder"))
    open_rung_by_keyboard(page, page.locator("details.rung.depth-1").first)


def _goal(page, url, demo):
    open_page(page, url + reverse("goal_detail", args=[demo.path.pk]))


def _actions(page, url, demo):
    open_page(page, url + reverse("action_list"))


def _actions_filtered(page, url, demo):
    open_page(page, url + reverse("action_list"))
    filter_by_status(page, "completed")


def _actions_bad_filter(page, url, demo):
    open_page(page, url + reverse("action_list") + "?status=bogus", status=400)


def _action_detail(page, url, demo):
    open_page(page, url + reverse("action_detail", args=[demo.updated_action.pk]))
    assert page.locator(".timeline-item").count() > 0


def _indicators(page, url, demo):
    open_page(page, url + reverse("indicator_list"))


def _indicator(page, url, demo):
    open_page(page, url + reverse("indicator_detail", args=[demo.featured.pk]))
    wait_for_plotly(page.locator(f"#chart-{demo.featured.pk}.plotly-chart"))
    wait_for_plotly(page.locator("#components-chart"))


def _rules(page, url, demo):
    open_page(page, url + reverse("rules"))


def _bottlenecks(page, url, demo):
    open_page(page, url + reverse("bottlenecks"))
    wait_for_plotly(page.locator("#by-unit"))


def _what_changed(page, url, demo):
    open_page(page, url + reverse("what_changed"))


AXE_PAGES = {
    "overview": _overview,
    "overview-interactive-chart": _overview_interactive,
    "ladder-rung-open": _ladder_open,
    "goal": _goal,
    "actions": _actions,
    "actions-filtered-by-htmx": _actions_filtered,
    "actions-bad-filter": _actions_bad_filter,
    "action-detail": _action_detail,
    "indicators": _indicators,
    "indicator": _indicator,
    "rules": _rules,
    "bottlenecks": _bottlenecks,
    "what-changed": _what_changed,
    # Last: the language switch stores the choice in a cookie for the pages after it.
    "overview-sv": _in_language("sv"),
    "overview-en": _in_language("en"),
}


@pytest.mark.browser
def test_every_page_type_passes_an_axe_scan(demo, live_server, page):
    """One demo load for every page (a load costs ~2 s); the report names each page's faults."""
    reports = {}
    for name, prepare in AXE_PAGES.items():
        prepare(page, live_server.url, demo)
        results = Axe().run(page)
        if results.violations_count:
            found = "; ".join(
                f"{v['id']} at {', '.join(str(n['target']) for n in v['nodes'])}"
                for v in results.response["violations"]
            )
            reports[name] = f"{name}: {found}\n{results.generate_report()}"
    assert not reports, "\n\n".join(reports.values())


# ---------------------------------------------------------------------------
# Bottlenecks
# ---------------------------------------------------------------------------


@pytest.mark.browser
def test_bottleneck_view_draws_its_charts_and_filters_in_place(demo, live_server, page, watch):
    """Both summary charts are drawn; filtering by kind swaps the results and redraws them."""
    open_page(page, live_server.url + reverse("bottlenecks"))
    for chart_id in ("by-unit", "by-path"):
        chart = page.locator(f"#{chart_id}")
        wait_for_plotly(chart)
        # Every bar has its number in the data table beside the chart.
        expect(page.locator(f"#{chart_id}-data ~ details table tbody tr").first).to_be_visible()
    assert page.locator("#late .count").inner_text() != "0"
    screenshot(page, "bottlenecks.png")
    assert_no_axe_violations(page)

    page.evaluate("window.__marker = 1")
    page.locator("select[name=kind]").select_option("late")
    expect(page).to_have_url(re.compile(r"kind=late"))
    expect(page.locator("#results #late")).to_be_visible()
    expect(page.locator("#results #stale")).to_have_count(0)
    assert page.evaluate("window.__marker") == 1, "filtering reloaded the page"
    expect(page.locator("#results")).to_have_count(1)
    wait_for_plotly(page.locator("#by-unit"))
    assert_no_axe_violations(page)
    assert watch.problems == [], watch.problems


# ---------------------------------------------------------------------------
# Print
# ---------------------------------------------------------------------------


@pytest.mark.browser
def test_print_hides_navigation_and_keeps_the_charts(demo, live_server, page):
    pages = {
        "overview": live_server.url,
        "goal": live_server.url + reverse("goal_detail", args=[demo.path.pk]),
    }
    ARTIFACTS.mkdir(exist_ok=True)
    for name, url in pages.items():
        page.emulate_media(media="screen")
        open_page(page, url)
        page.emulate_media(media="print")

        expect(page.locator(".site-header nav")).to_be_hidden()
        expect(page.locator(".language-switch")).to_be_hidden()
        charts = page.locator("svg.chart-svg:visible")
        assert charts.count() >= 1, name
        for chart in charts.all():
            expect(chart).to_be_visible()

        pdf = ARTIFACTS / f"{name}-print.pdf"
        page.pdf(path=pdf, format="A4")
        assert pdf.read_bytes().startswith(b"%PDF")
        first_page_as_png(pdf)
