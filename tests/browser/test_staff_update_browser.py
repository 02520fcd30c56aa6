"""A contact person updates an action from "my actions": keyboard, errors, no JavaScript, conflict.

The Salo demo is loaded inside each test, after the autouse fixture has switched to the
fast hasher, so that ``salo-demo`` logs in through the real login form.
"""

from __future__ import annotations

import contextlib
import re
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from demo.loader import DEMO_PASSWORD, load_demo
from programmes.models import Action, ActionStatusUpdate

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

# The interface is Finnish where a translation exists and English otherwise.
SAVED = re.compile(r"Tallennettu|Saved")
SAVE_ANYWAY = re.compile(r"Tallenna .*silti|Save my update anyway")
SAVE = re.compile(r"Tallenna|Save the update")
SIXTY = re.compile(r"60\s%")

ACTIVE_ELEMENT = """() => {
    const e = document.activeElement;
    return {
        tag: e.tagName.toLowerCase(),
        id: e.id,
        name: e.getAttribute("name"),
        type: e.getAttribute("type"),
        href: e.getAttribute("href"),
        text: (e.innerText || "").trim().slice(0, 80),
        classes: e.className,
        in_form: e.closest("form.update-form") !== null,
        row: e.closest("li.my-action")?.id ?? null,
    };
}"""


def settled_focus(page: Page) -> dict:
    """Where focus is once htmx has settled the swap (it moves focus after a short delay)."""
    # A timeout is reported by the caller's assertion, with the element that has focus.
    with contextlib.suppress(PlaywrightTimeoutError):
        page.wait_for_function("() => document.activeElement !== document.body", timeout=2000)
    return page.evaluate(ACTIVE_ELEMENT)


@pytest.fixture
def browser_context_args(browser_context_args):
    """A contact person in Salo: Finnish browser, Finnish time."""
    return {**browser_context_args, "locale": "fi-FI", "timezone_id": "Europe/Helsinki"}


@pytest.fixture
def demo(transactional_db, live_server, settings):
    """The Salo demo, hashed with the test hasher; returns the live server's address."""
    settings.PUBLIC_DASHBOARD = True
    load_demo()
    return live_server.url


@pytest.fixture
def problems(page):
    """Script errors and console errors of ``page``; the checks at the end compare them."""
    found: list[str] = []

    def on_console(message):
        if message.type == "error":
            found.append(f"{message.location['url']}: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: found.append(f"page error: {error}"))
    return found


def unexpected(problems: list[str]) -> list[str]:
    """Chromium logs every 4xx as a console error; 409 and 422 are the form's answers."""
    return [p for p in problems if not re.search(r"status of (409|422)\b", p)]


@dataclass
class Keyboard:
    """Page keys, counted: characters typed apart from other key presses."""

    page: Page
    presses: int = 0
    typed: int = 0

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)
        self.presses += 1

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)
        self.typed += len(text)

    def active(self) -> dict:
        return self.page.evaluate(ACTIVE_ELEMENT)

    def tab_until(self, found, *, limit: int = 60, key: str = "Tab") -> dict:
        for _ in range(limit):
            self.press(key)
            element = self.active()
            if found(element):
                return element
        pytest.fail(f"{key} did not reach the element in {limit} presses; at {self.active()}")


def log_in(page: Page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("#id_password").press("Enter")
    page.wait_for_url(f"{base_url}/my/")
    page.wait_for_load_state("networkidle")


def first_row_pk(page: Page) -> int:
    row_id = page.locator("ul.my-actions > li").first.get_attribute("id")
    return int(row_id.removeprefix("action-"))


def axe_violations(page: Page):
    results = Axe().run(page)
    return results.violations_count, results.generate_report()


@pytest.mark.browser
def test_keyboard_only_update_from_my_actions(demo, page, problems):
    stale_link = page.locator("a.stat-link[href*='flag=stale'] .stat-number")
    page.goto(f"{demo}/")
    stale_before = int(stale_link.inner_text())

    keys = Keyboard(page)
    page.goto(f"{demo}/accounts/login/")
    login_focus = keys.active()
    if login_focus["id"] != "id_username":
        page.locator("#id_username").focus()
    keys.type("editor")
    keys.press("Tab")
    keys.type(DEMO_PASSWORD)
    keys.press("Enter")
    page.wait_for_url(f"{demo}/my/")
    page.wait_for_load_state("load")
    login_keys = (keys.typed, keys.presses)
    keys.typed = keys.presses = 0

    pk = first_row_pk(page)
    was_stale = page.locator(f"#action-{pk} .flag-stale").count() == 1
    action = Action.objects.get(pk=pk)
    before = ActionStatusUpdate.objects.filter(action=action, author__username="editor").count()
    page.evaluate("window.__marker = 1")
    phases: dict[str, int] = {}

    started = time.perf_counter()
    keys.tab_until(lambda e: (e["href"] or "").startswith(f"/actions/{pk}/update/"))
    phases["Tab to the first Update link"] = keys.presses
    keys.press("Enter")
    form = page.locator(f"#action-{pk} form.update-form")
    expect(form).to_be_visible()
    assert page.evaluate("window.__marker") == 1, "opening the form navigated away"
    focus_after_open = settled_focus(page)
    # Keyboard users land on the form's first field: no hunting for it with Tab.
    assert focus_after_open["name"] == "status" and focus_after_open["in_form"], focus_after_open

    status = form.locator("select[name=status]")

    values = status.evaluate("s => [...s.options].map(o => o.value)")
    start_value = status.input_value()
    # The demo's first row is already in progress: then postpone it, so the badge changes.
    target = "in_progress" if action.status != "in_progress" else "postponed"
    step = "ArrowDown" if values.index(target) > values.index(start_value) else "ArrowUp"
    mark = keys.presses
    for _ in range(len(values)):
        if status.input_value() == target:
            break
        keys.press(step)
    assert status.input_value() == target
    phases[f"{step} on the select"] = keys.presses - mark

    keys.press("Tab")
    assert keys.active()["name"] == "completion_percent"
    keys.type("60")
    completion_value = form.locator("input[name=completion_percent]").input_value()
    if completion_value != "60":
        # Tabbing into a number field did not select its value: select it, then type.
        keys.press("Control+a")
        keys.type("60")
    assert form.locator("input[name=completion_percent]").input_value() == "60"

    keys.press("Tab")
    assert keys.active()["name"] == "done"
    keys.type("Öljykattilat vaihdettu maalämpöön kolmessa koulussa.")
    mark = keys.presses
    keys.tab_until(lambda e: e["tag"] == "button" and e["type"] == "submit" and e["in_form"])
    phases["Tab from the text to the save button"] = keys.presses - mark
    keys.press("Enter")

    row = page.locator(f"#action-{pk}")
    expect(row.locator(".saved-message")).to_be_visible()
    elapsed = time.perf_counter() - started
    assert page.evaluate("window.__marker") == 1, "saving navigated away"
    focus_after_save = settled_focus(page)

    expect(row.locator("form")).to_have_count(0)
    expect(row.locator(".my-action-state .badge.status")).to_have_class(
        re.compile(rf"status-{target}")
    )
    expect(row.locator(".my-action-state")).to_contain_text(SIXTY)
    expect(row.locator(".saved-message")).to_contain_text(SAVED)

    print(
        f"\n[keyboard] login: {login_keys[0]} characters typed, {login_keys[1]} key presses;"
        f" focus when the login page opened: {login_focus['tag']}#{login_focus['id']}"
        f"\n[keyboard] {action.identifier} ({start_value} → {target}, key action:"
        f" {action.is_key_action}): /my/ to saved in {elapsed:.2f} s,"
        f" {keys.typed} characters typed, {keys.presses} key presses, 0 clicks"
        f"\n[keyboard] of the key presses: {phases}"
        f"\n[keyboard] focus after the form opened: {focus_after_open}"
        f"\n[keyboard] focus after saving: {focus_after_save}"
    )

    page.goto(f"{demo}/actions/{pk}/")
    expect(page.locator(".status-line .badge.status")).to_have_class(
        re.compile(rf"status-{target}")
    )
    expect(page.locator(".status-line .completion")).to_contain_text(SIXTY)
    page.goto(f"{demo}/actions/?q={action.identifier}")
    listed = page.locator("table.action-table tr", has=page.locator(f"a[href='/actions/{pk}/']"))
    expect(listed.locator(".badge.status")).to_have_class(re.compile(rf"status-{target}"))
    expect(listed.locator("td.num")).to_contain_text(SIXTY)
    page.goto(f"{demo}/")
    if was_stale:
        # The action was overdue for an update: the dashboard no longer counts it stale.
        expect(stale_link).to_have_text(str(stale_before - 1))
    if action.is_key_action:
        key_row = page.locator("#key-heading ~ * tr", has=page.locator(f"a[href='/actions/{pk}/']"))
        expect(key_row.locator(".badge.status")).to_have_class(re.compile(rf"status-{target}"))
        expect(key_row.locator("td.num")).to_contain_text(SIXTY)

    action.refresh_from_db()
    assert action.status == target
    assert action.completion_percent == 60
    updates = ActionStatusUpdate.objects.filter(action=action, author__username="editor")
    assert updates.count() == before + 1
    assert updates.latest("created_at").done.startswith("Öljykattilat vaihdettu")

    assert "saved-message" in focus_after_save["classes"].split(), (
        f"focus after saving is not on the confirmation: {focus_after_save}"
    )
    assert unexpected(problems) == [], problems


def open_inline_form(page: Page, pk: int):
    page.locator(f"#action-{pk} a[href^='/actions/{pk}/update/']").click()
    form = page.locator(f"#action-{pk} form.update-form")
    expect(form).to_be_visible()
    return form


def post_response(page: Page, pk: int):
    return page.expect_response(
        lambda r: r.url.endswith(f"/actions/{pk}/update/") and r.request.method == "POST"
    )


@pytest.mark.browser
def test_invalid_update_keeps_the_form_in_place_with_errors(demo, page, problems):
    log_in(page, demo, "editor")
    pk = first_row_pk(page)
    page.evaluate("window.__marker = 1")
    form = open_inline_form(page, pk)
    form.locator("select[name=status]").select_option("completed")
    form.locator("input[name=completion_percent]").fill("50")
    form.locator("textarea[name=next_steps]").fill("Tilataan viimeiset lämpöpumput syksyllä.")

    with post_response(page, pk) as response:
        form.get_by_role("button", name=SAVE).click()
    assert response.value.status == 422

    row = page.locator(f"#action-{pk}")
    expect(row.locator("form.update-form [role=alert]")).to_be_visible()
    assert page.evaluate("window.__marker") == 1, "the invalid form navigated away"
    focus = settled_focus(page)
    print(f"\n[errors] focus after the 422 swap: {focus}")
    assert focus["tag"] != "body", "focus was lost when the errors replaced the form"
    for name in ("completion_percent", "done"):
        field = row.locator(f".field.has-error:has([name={name}])")
        expect(field).to_have_count(1)
        expect(field.locator(".errorlist")).not_to_be_empty()
        widget = field.locator(f"[name={name}]")
        expect(widget).to_have_attribute("aria-invalid", "true")
        described_by = widget.get_attribute("aria-describedby") or ""
        assert any(row.locator(f"[id='{i}']").inner_text().strip() for i in described_by.split()), (
            f"{name}'s error is not tied to the field: aria-describedby={described_by!r}"
        )
    expect(row.locator("select[name=status]")).to_have_value("completed")
    expect(row.locator("input[name=completion_percent]")).to_have_value("50")
    expect(row.locator("textarea[name=next_steps]")).to_have_value(
        "Tilataan viimeiset lämpöpumput syksyllä."
    )

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "update-form-errors.png", full_page=True)
    count, report = axe_violations(page)
    assert count == 0, report

    row.locator("input[name=completion_percent]").fill("100")
    row.locator("textarea[name=done]").fill("Viimeinen öljykattila poistettu käytöstä.")
    with post_response(page, pk) as response:
        row.get_by_role("button", name=SAVE).click()
    assert response.value.status == 200
    expect(row.locator(".saved-message")).to_be_visible()
    expect(row.locator(".my-action-state .badge.status")).to_have_class(
        re.compile(r"status-completed")
    )
    action = Action.objects.get(pk=pk)
    assert (action.status, action.completion_percent) == ("completed", 100)
    latest = action.updates.latest("created_at")
    assert latest.next_steps == "Tilataan viimeiset lämpöpumput syksyllä."
    print(f"[errors] console: {problems}")
    assert unexpected(problems) == [], problems


@pytest.mark.browser
def test_my_actions_and_the_full_page_form_pass_axe(demo, page, problems):
    log_in(page, demo, "editor")
    page.wait_for_load_state("networkidle")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "my-actions.png", full_page=True)
    count, report = axe_violations(page)
    assert count == 0, report

    pk = first_row_pk(page)
    response = page.goto(f"{demo}/actions/{pk}/update/")
    assert response is not None and response.status == 200
    expect(page.locator("form.update-form")).to_be_visible()
    count, report = axe_violations(page)
    assert count == 0, report
    assert unexpected(problems) == [], problems


@pytest.mark.browser
def test_update_without_javascript_redirects_to_my_actions(demo, new_context):
    context = new_context(java_script_enabled=False)
    page = context.new_page()
    log_in(page, demo, "editor")
    pk = first_row_pk(page)
    before = ActionStatusUpdate.objects.filter(action_id=pk).count()

    # Without JavaScript the form posts normally; with it, htmx would save in place.
    page.goto(f"{demo}/actions/{pk}/update/?next=/my/")
    page.locator("select[name=status]").select_option("in_progress")
    page.locator("input[name=completion_percent]").fill("45")
    page.locator("textarea[name=done]").fill("Urakkatarjoukset pyydetty ilman JavaScriptiä.")
    page.get_by_role("button", name=SAVE).click()

    page.wait_for_url(f"{demo}/my/")
    expect(page.locator(".messages")).to_contain_text(re.compile(r"tallennettiin|was saved", re.I))
    expect(page.locator(f"#action-{pk} .my-action-state")).to_contain_text(re.compile(r"45\s%"))
    action = Action.objects.get(pk=pk)
    assert (action.status, action.completion_percent) == ("in_progress", 45)
    assert ActionStatusUpdate.objects.filter(action_id=pk).count() == before + 1
    assert action.updates.latest("created_at").author.username == "editor"


@pytest.mark.browser
def test_conflicting_updates_keep_both(demo, page, problems, new_context):
    log_in(page, demo, "editor")
    pk = first_row_pk(page)
    before = ActionStatusUpdate.objects.filter(action_id=pk).count()
    form = open_inline_form(page, pk)
    mine = "Kaksi kattilaa vaihdettu, kolmas tilattu."
    form.locator("input[name=completion_percent]").fill("70")
    form.locator("textarea[name=done]").fill(mine)

    coordinator = new_context().new_page()
    log_in(coordinator, demo, "admin")
    coordinator.goto(f"{demo}/actions/{pk}/update/")
    coordinator.locator("input[name=completion_percent]").fill("65")
    theirs = "Koordinaattori kirjasi tilanteen ohjausryhmän kokouksesta."
    coordinator.locator("textarea[name=done]").fill(theirs)
    coordinator.get_by_role("button", name=SAVE).click()
    # The server shares the test's in-memory database: query it only once the save is done.
    # The full-page form is a plain POST: it redirects to "my actions" with a confirmation.
    coordinator.wait_for_url(f"{demo}/my/")
    expect(coordinator.locator(".messages")).to_contain_text(re.compile(r"tallennettiin", re.I))
    assert ActionStatusUpdate.objects.filter(action_id=pk).count() == before + 1

    with post_response(page, pk) as response:
        form.get_by_role("button", name=SAVE).click()
    assert response.value.status == 409
    row = page.locator(f"#action-{pk}")
    alert = row.get_by_role("alert")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text(theirs)
    expect(alert).to_contain_text(re.compile(r"65\s%"))
    expect(row.locator("textarea[name=done]")).to_have_value(mine)
    expect(row.locator("input[name=completion_percent]")).to_have_value("70")
    focus = settled_focus(page)
    print(f"\n[conflict] focus after the 409 swap: {focus}")
    assert focus["tag"] != "body", "focus was lost when the conflict replaced the form"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "update-conflict.png", full_page=True)
    count, report = axe_violations(page)
    assert count == 0, report

    with post_response(page, pk) as response:
        row.get_by_role("button", name=SAVE_ANYWAY).click()
    assert response.value.status == 200
    expect(row.locator(".saved-message")).to_be_visible()
    expect(row.locator(".my-action-state")).to_contain_text(re.compile(r"70\s%"))

    updates = ActionStatusUpdate.objects.filter(action_id=pk).order_by("created_at")
    assert updates.count() == before + 2
    assert [(u.author.username, u.done) for u in updates][-2:] == [
        ("admin", theirs),
        ("editor", mine),
    ]
    assert Action.objects.get(pk=pk).completion_percent == 70
    print(f"[conflict] console: {problems}")
    assert unexpected(problems) == [], problems
