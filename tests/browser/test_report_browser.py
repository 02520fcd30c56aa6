"""The monitoring report as the council prints it: a clean PDF from headless Chromium."""

from __future__ import annotations

import io
from datetime import date

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from demo.loader import CURRENT_SLUG, load_demo
from programmes.models import Programme
from reports.freezing import freeze
from reports.models import MonitoringReport

from .test_dashboard_browser import ARTIFACTS, first_page_as_png


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "fi-FI", "timezone_id": "Europe/Helsinki"}


@pytest.fixture
def reports(transactional_db, settings) -> tuple[MonitoringReport, MonitoringReport]:
    """A report the council has handled and a draft, committed for the live server."""
    settings.PUBLIC_DASHBOARD = True
    load_demo()
    programme = Programme.objects.get(slug=CURRENT_SLUG)
    handled = MonitoringReport.objects.create(
        programme=programme,
        title="Seurantaraportti 2024",
        period_start=date(2024, 1, 1),
        period_end=date(2024, 12, 31),
    )
    handled = freeze(handled, handled_on=date(2025, 3, 3), body="Kaupunginvaltuusto")
    draft = MonitoringReport.objects.create(
        programme=programme,
        title="Seurantaraportti 2025",
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        introduction="Ohjelmakauden viimeinen seurantaraportti.",
    )
    return handled, draft


@pytest.mark.browser
@pytest.mark.parametrize("which", ["handled", "draft"])
def test_the_report_prints_to_a_pdf_with_its_title(reports, live_server, page: Page, which):
    report = reports[0] if which == "handled" else reports[1]
    response = page.goto(f"{live_server.url}/reports/{report.pk}/")
    assert response is not None and response.status == 200
    print_button = page.get_by_role("button", name="Tulosta tai tallenna PDF:ksi")
    expect(print_button).to_be_visible()  # shown by the script; hidden without it

    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()

    page.emulate_media(media="print")
    expect(print_button).to_be_hidden()
    expect(page.locator(".main-nav")).to_be_hidden()
    pdf = page.pdf(format="A4", print_background=True)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 2
    text = "".join(p.extract_text() for p in reader.pages)
    assert report.title in text
    assert "Avaintoimenpiteet" in text and "Mittarit" in text
    if which == "handled":
        assert "Kaupunginvaltuusto käsitteli raportin 3.3.2025" in " ".join(text.split())
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"report-{which}.pdf"
    path.write_bytes(pdf)
    first_page_as_png(path)
