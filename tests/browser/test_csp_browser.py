"""No Content Security Policy violation on any page type, charts and htmx swaps included.

What only a browser shows: whether the policy the server sends blocks anything the pages
do once scripts run, Plotly draws and htmx swaps fragments in. Every violation the
browser reports (a ``securitypolicyviolation`` event, or a console message) is
collected from the first page on; the test prints them all, named by page, if any occur.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.db.models import Count
from django.urls import reverse
from playwright.sync_api import Page, Response, expect

from demo.loader import CURRENT_SLUG, DEMO_PASSWORD, load_demo
from indicators.models import Indicator
from programmes.models import Action, GoalNode

# Runs before any page script, in every document the page opens.
COLLECT_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__csp.push({
        violatedDirective: event.violatedDirective,
        blockedURI: event.blockedURI,
        sourceFile: event.sourceFile,
        lineNumber: event.lineNumber,
    });
});
"""


@pytest.fixture
def browser_context_args(browser_context_args):
    """A reader in Salo: Finnish browser, Finnish time."""
    return {**browser_context_args, "locale": "fi-FI", "timezone_id": "Europe/Helsinki"}


@dataclass
class Demo:
    base_url: str
    main_goal: GoalNode
    area_emissions: Indicator
    updated_action: Action


@pytest.fixture
def demo(transactional_db, live_server, settings) -> Demo:
    """The Salo demo, committed so that the live server's thread sees it."""
    settings.PUBLIC_DASHBOARD = True
    load_demo()
    updated_action = (
        Action.objects.filter(programme__slug=CURRENT_SLUG)
        .annotate(n=Count("updates"))
        .order_by("-n", "identifier")
        .first()
    )
    assert updated_action is not None
    return Demo(
        live_server.url,
        GoalNode.objects.get(programme__slug=CURRENT_SLUG, identifier="T1"),
        Indicator.objects.get(identifier="M01"),
        updated_action,
    )


@dataclass
class Violations:
    """CSP reports of ``page``, named by the step that was running, and the headers seen."""

    page: Page
    step: str = "start"
    found: list[str] = field(default_factory=list)
    unsafe_scripts: list[str] = field(default_factory=list)
    documents: int = 0

    def collect(self) -> None:
        """Move the current document's reports into ``found``; a navigation discards them."""
        reports = self.page.evaluate("window.__csp ? window.__csp.splice(0) : []")
        self.found.extend(f"{self.step}: {report}" for report in reports)

    def check_header(self, response: Response) -> None:
        """Every HTML document, htmx fragments aside, is sent with a nonce-only script-src."""
        if response.request.resource_type != "document":
            return
        self.documents += 1
        policy = response.headers.get("content-security-policy", "")
        directives = dict(
            part.strip().partition(" ")[::2] for part in policy.split(";") if part.strip()
        )
        script_src = directives.get("script-src")
        if script_src is None or "'unsafe-inline'" in script_src:
            self.unsafe_scripts.append(f"{self.step}: script-src {script_src!r}")


@pytest.fixture
def csp(page: Page) -> Violations:
    violations = Violations(page)
    page.add_init_script(COLLECT_VIOLATIONS)

    def on_console(message):
        if "Content Security Policy" in message.text:
            violations.found.append(f"{violations.step}: console: {message.text}")

    page.on("console", on_console)
    page.on("response", violations.check_header)
    return violations


Step = Callable[[Page, Demo], None]


def visit(csp: Violations, demo: Demo, steps: dict[str, Step]) -> None:
    """Run each step, collecting its reports before the next step navigates away."""
    page = csp.page
    for name, step in steps.items():
        csp.step = name
        step(page, demo)
        page.wait_for_load_state("networkidle")
        csp.collect()
    assert csp.documents > 0
    assert csp.unsafe_scripts == [], csp.unsafe_scripts
    assert csp.found == [], "CSP violations:\n" + "\n".join(csp.found)


def open_page(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    page.wait_for_load_state("networkidle")


def wait_for_plotly(chart) -> None:
    expect(chart).to_have_attribute("data-drawn", "true")
    expect(chart.locator(".main-svg").first).to_be_visible()


def log_in(page: Page, demo: Demo, username: str) -> None:
    open_page(page, f"{demo.base_url}{reverse('login')}")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("#id_password").press("Enter")
    page.wait_for_url(f"{demo.base_url}{reverse('my_actions')}")
    page.wait_for_load_state("networkidle")


# ---------------------------------------------------------------------------
# The steps: one page type each, with its charts drawn and its htmx swaps done.
# ---------------------------------------------------------------------------


def overview_with_interactive_chart(page: Page, demo: Demo) -> None:
    open_page(page, demo.base_url + "/")
    chart_url = reverse("indicator_chart", args=[demo.area_emissions.pk])
    page.locator(f'a[hx-get="{chart_url}"]').click()
    wait_for_plotly(page.locator(f"#headline-chart-{demo.area_emissions.pk} .plotly-chart"))


def ladder_with_a_rung_open(page: Page, demo: Demo) -> None:
    open_page(page, demo.base_url + reverse("ladder"))
    rung = page.locator("details.rung.depth-1").first
    rung.locator(":scope > summary").click()
    expect(rung).to_have_attribute("open", "")
    expect(
        rung.locator(":scope > .rung-below > ul.rungs > li > details.rung").first
    ).to_be_visible()


def goal(page: Page, demo: Demo) -> None:
    open_page(page, demo.base_url + reverse("goal_detail", args=[demo.main_goal.pk]))


def actions_filtered_by_htmx(page: Page, demo: Demo) -> None:
    open_page(page, demo.base_url + reverse("action_list"))
    heading = page.locator("#results-heading").first
    before = heading.inner_text()
    page.evaluate("window.__marker = 1")
    page.select_option("#id_status", "completed")
    expect(heading).not_to_have_text(before)
    assert page.evaluate("window.__marker") == 1, "the filter reloaded the page"


def action(page: Page, demo: Demo) -> None:
    open_page(page, demo.base_url + reverse("action_detail", args=[demo.updated_action.pk]))


def indicators(page: Page, demo: Demo) -> None:
    open_page(page, demo.base_url + reverse("indicator_list"))


def area_emissions(page: Page, demo: Demo) -> None:
    open_page(page, demo.base_url + reverse("indicator_detail", args=[demo.area_emissions.pk]))
    wait_for_plotly(page.locator(f"#chart-{demo.area_emissions.pk}.plotly-chart"))
    wait_for_plotly(page.locator("#components-chart"))


def rules(page: Page, demo: Demo) -> None:
    open_page(page, demo.base_url + reverse("rules"))


def bottlenecks(page: Page, demo: Demo) -> None:
    open_page(page, demo.base_url + reverse("bottlenecks"))
    wait_for_plotly(page.locator("#by-unit"))


def changes(page: Page, demo: Demo) -> None:
    open_page(page, demo.base_url + reverse("what_changed"))


def login_page(page: Page, demo: Demo) -> None:
    open_page(page, demo.base_url + reverse("login"))


def accessibility(page: Page, demo: Demo) -> None:
    open_page(page, demo.base_url + reverse("accessibility"))


def my_actions_with_the_update_form_inline(page: Page, demo: Demo) -> None:
    log_in(page, demo, "editor")
    row = page.locator("ul.my-actions > li").first
    pk = int(row.get_attribute("id").removeprefix("action-"))
    page.evaluate("window.__marker = 1")
    row.locator(f"a[href^='{reverse('action_update', args=[pk])}']").click()
    expect(row.locator("form.update-form")).to_be_visible()
    assert page.evaluate("window.__marker") == 1, "opening the form navigated away"


def indicator_values_editor(page: Page, demo: Demo) -> None:
    log_in(page, demo, "admin")
    open_page(page, demo.base_url + reverse("indicator_values", args=[demo.area_emissions.pk]))
    expect(page.locator("form").first).to_be_visible()


def admin_index(page: Page, demo: Demo) -> None:
    open_page(page, demo.base_url + reverse("admin:index"))
    expect(page.locator("#content-main")).to_be_visible()


def admin_change_form(page: Page, demo: Demo) -> None:
    url = reverse("admin:programmes_action_change", args=[demo.updated_action.pk])
    open_page(page, demo.base_url + url)
    expect(page.locator("#action_form")).to_be_visible()


PUBLIC = {
    "overview, interactive chart swapped in": overview_with_interactive_chart,
    "ladder, a rung opened": ladder_with_a_rung_open,
    "goal": goal,
    "actions, filtered by htmx": actions_filtered_by_htmx,
    "action": action,
    "indicators": indicators,
    "area emissions, two Plotly charts": area_emissions,
    "rules": rules,
    "bottlenecks": bottlenecks,
    "changes": changes,
    "login": login_page,
    "accessibility statement": accessibility,
}

EDITOR = {
    "my actions, update form opened inline": my_actions_with_the_update_form_inline,
    "bottlenecks as editor": bottlenecks,
    "changes as editor": changes,
}

ADMIN = {
    "indicator values editor": indicator_values_editor,
    "admin index": admin_index,
    "admin change form": admin_change_form,
}


@pytest.mark.browser
@pytest.mark.parametrize("steps", [PUBLIC, EDITOR, ADMIN], ids=["anonymous", "editor", "admin"])
def test_no_page_type_violates_the_content_security_policy(demo, csp, steps):
    visit(csp, demo, steps)


@pytest.mark.browser
def test_the_collector_sees_an_inline_script_the_policy_blocks(transactional_db, live_server, csp):
    """Without this, an empty list could mean a listener that never ran."""
    page = csp.page
    open_page(page, live_server.url + reverse("login"))
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.__ran = true";
            document.body.append(script);
        }"""
    )
    page.wait_for_function("() => window.__csp.length > 0")
    csp.collect()
    assert page.evaluate("window.__ran") is None
    assert any("script-src" in report for report in csp.found), csp.found
