"""The monitoring report: written in the admin, printable, frozen once the council handles it.

The demo is loaded once for the module; every test runs in a savepoint inside it.
"""

import json
from datetime import date
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import override_settings

from demo.loader import CURRENT_SLUG, load_demo
from indicators.models import Indicator, IndicatorValue
from programmes.choices import ActionStatus
from programmes.models import Action, GoalNode, Programme
from reports.freezing import compare, freeze
from reports.models import CouncilReport, MonitoringReport

pytestmark = pytest.mark.django_db

TODAY = date(2026, 2, 16)
FAST_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"
ADD_URL = "/admin/reports/monitoringreport/add/"


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(PASSWORD_HASHERS=[FAST_HASHER]):
            load_demo(today=TODAY)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def programme(loaded, time_machine) -> Programme:
    time_machine.move_to(TODAY, tick=False)
    return Programme.objects.get(slug=CURRENT_SLUG)


@pytest.fixture
def admin_client(client):
    client.force_login(get_user_model().objects.get(username="admin"))
    return client


@pytest.fixture
def report(programme) -> MonitoringReport:
    return MonitoringReport.objects.create(
        programme=programme,
        title="Seurantaraportti 2025",
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        introduction="Ohjelman viimeinen seurantavuosi.",
    )


def page(client, report) -> str:
    cache.clear()
    response = client.get(f"/reports/{report.pk}/")
    assert response.status_code == 200
    return response.text


def body(html: str) -> str:
    """The report itself, without the page around it (the header holds the CSRF token)."""
    return html[html.index('<article class="report"') : html.index("</article>")]


# --- writing it --------------------------------------------------------------------------


def test_the_coordinator_creates_a_report_in_the_admin(admin_client, programme):
    response = admin_client.post(
        ADD_URL,
        {
            "programme": programme.pk,
            "title": "Seurantaraportti 2025",
            "period_start": "1.1.2025",
            "period_end": "31.12.2025",
            "language": "fi",
            "introduction": "",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    report = MonitoringReport.objects.get()
    assert (report.period_start, report.period_end) == (date(2025, 1, 1), date(2025, 12, 31))
    assert not report.is_frozen
    assert "Seurantaraportti 2025" in page(admin_client, report)


def test_a_period_that_ends_before_it_begins_is_a_form_error(admin_client, programme):
    response = admin_client.post(
        ADD_URL,
        {
            "programme": programme.pk,
            "title": "Väärin päin",
            "period_start": "31.12.2025",
            "period_end": "1.1.2025",
            "language": "fi",
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert not MonitoringReport.objects.exists()


def test_the_page_holds_every_section_with_its_numbers(client, report):
    html = page(client, report)
    for heading in ("Yhteenveto", "Avaintoimenpiteet", "Mittarit", "Pullonkaulat"):
        assert f">{heading}</h2>" in html, heading
    assert "Seurantakausi 1.1.2025–31.12.2025" in html
    # The headline: the latest area emissions and the gap to the required path.
    area = Indicator.objects.get(
        pk=report.programme.goals.get(identifier="T1").headline_indicator_id
    )
    latest = area.values.order_by("-date").first()
    assert f"({latest.date.year})" in html
    assert "jäljessä tarvittavasta kehityksestä" in html or "edellä tarvittavaa" in html
    # Every key action, with its latest update's text.
    keys = Action.objects.filter(programme=report.programme, is_key_action=True)
    for action in keys.select_related("latest_update"):
        assert action.name in html
        if action.latest_update and action.latest_update.done:
            assert action.latest_update.done in html
    # Every indicator of the programme, in the table.
    for indicator in Indicator.objects.for_programme(report.programme):
        assert indicator.name in html
    assert "Mikä muuttui 1.1.2025–31.12.2025" in html
    assert "Ohjelman viimeinen seurantavuosi." in html


def test_no_names_of_people_or_internal_notes_even_for_staff(admin_client, report):
    html = body(page(admin_client, report))
    for person in get_user_model().objects.exclude(first_name=""):
        assert f"{person.first_name} {person.last_name}" not in html
    for action in Action.objects.filter(programme=report.programme).select_related("latest_update"):
        note = action.latest_update and action.latest_update.internal_note
        if note:
            assert note not in html


def test_the_page_is_printable(client, report):
    html = page(client, report)
    assert "data-print" in html  # the button, shown by the script
    assert "Tulosta tai tallenna PDF:ksi" in html


# --- freezing --------------------------------------------------------------------------


def handle(admin_client, report, **extra):
    return admin_client.post(
        f"/admin/reports/monitoringreport/{report.pk}/change/",
        {
            "programme": report.programme.pk,
            "title": report.title,
            "period_start": report.period_start.strftime("%d.%m.%Y"),
            "period_end": report.period_end.strftime("%d.%m.%Y"),
            "language": report.language,
            "introduction": report.introduction,
            "handled_on": "16.2.2026",
            "handled_by": "Kaupunginvaltuusto",
            **extra,
        },
    )


def test_marking_it_handled_records_the_meeting_and_freezes_it(admin_client, report):
    response = handle(admin_client, report)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.is_frozen and report.snapshot["version"] == 1
    meeting = report.council_report
    assert (meeting.date, meeting.body) == (date(2026, 2, 16), "Kaupunginvaltuusto")
    html = page(admin_client, report)
    assert "Kaupunginvaltuusto käsitteli raportin 16.2.2026" in html


def test_a_frozen_report_does_not_change_with_actions_values_or_structure(
    admin_client, report, programme
):
    draft = body(page(admin_client, report))
    handle(admin_client, report)
    report.refresh_from_db()
    before = body(page(admin_client, report))
    # The stored content is the draft's, with the meeting in place of the draft note.
    assert before.split("</header>")[1] == draft.split("</header>")[1]

    author = get_user_model().objects.get(username="editor")
    for action in Action.objects.filter(programme=programme, is_key_action=True)[:5]:
        action.record_update(
            author=author, status=ActionStatus.COMPLETED, completion_percent=100, done="Valmis."
        )
    area = Indicator.objects.get(pk=programme.goals.get(identifier="T1").headline_indicator_id)
    IndicatorValue.objects.create(indicator=area, date=date(2025, 12, 31), value=1)
    area.values.filter(date__year=2020).update(value=999)
    goal = GoalNode.objects.get(programme=programme, identifier="T1")
    goal.name = "Uusi nimi"
    goal.save()
    doomed = list(Action.objects.filter(programme=programme, is_key_action=False)[:3])
    for action in doomed:
        action.delete()
    Indicator.objects.filter(
        pk__in=[i.pk for i in Indicator.objects.for_programme(programme)][:2]
    ).delete()

    after = body(page(admin_client, report))
    assert after == before
    assert "Uusi nimi" not in after


def test_a_report_is_frozen_once(report):
    freeze(report, handled_on=date(2026, 2, 16), body="Kaupunginvaltuusto")
    with pytest.raises(ValidationError):
        freeze(report, handled_on=date(2026, 3, 1), body="Kaupunginhallitus")
    assert CouncilReport.objects.filter(programme=report.programme).count() == 1


def test_a_clash_with_an_existing_meeting_freezes_nothing(admin_client, report):
    CouncilReport.objects.create(
        programme=report.programme,
        date=date(2026, 2, 16),
        body="Kaupunginvaltuusto",
        title="Toinen raportti",
    )
    response = handle(admin_client, report)
    assert response.status_code == 302
    report.refresh_from_db()
    assert not report.is_frozen and report.snapshot is None
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("Kaupunginvaltuusto" in m or "päivälle" in m for m in messages), messages


@pytest.mark.parametrize(
    "extra",
    [{"handled_by": ""}, {"handled_on": ""}, {"handled_on": "31.12.2024"}, {"handled_on": "x"}],
)
def test_a_half_given_meeting_is_a_form_error(admin_client, report, extra):
    response = handle(admin_client, report, **extra)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    report.refresh_from_db()
    assert not report.is_frozen
    assert not CouncilReport.objects.filter(programme=report.programme).exists()


def test_a_frozen_report_cannot_be_edited_or_deleted_in_the_admin(admin_client, report):
    freeze(report, handled_on=date(2026, 2, 16), body="Kaupunginvaltuusto")
    response = admin_client.get(f"/admin/reports/monitoringreport/{report.pk}/change/")
    assert response.status_code == 200
    assert 'name="title"' not in response.text
    response = admin_client.post(
        f"/admin/reports/monitoringreport/{report.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 403
    assert MonitoringReport.objects.filter(pk=report.pk).exists()


def test_the_draft_report_says_its_figures_are_live(client, report):
    assert "Luonnos" in page(client, report)


# --- comparison ----------------------------------------------------------------------


def test_what_changed_compares_with_the_last_frozen_report(client, report, programme):
    freeze(report, handled_on=date(2026, 2, 16), body="Kaupunginvaltuusto")
    action = Action.objects.filter(programme=programme, status=ActionStatus.IN_PROGRESS).first()
    action.record_update(
        author=get_user_model().objects.get(username="editor"),
        status=ActionStatus.COMPLETED,
        completion_percent=100,
    )
    comparison = compare(programme)
    assert [(c.action_id, c.after) for c in comparison.statuses] == [(action.pk, "valmis")]
    cache.clear()
    response = client.get("/changes/")
    assert response.status_code == 200
    assert f"{action.identifier} {action.name}</a>: käynnissä → valmis" in response.text


def test_a_verdict_that_changed_since_the_report_is_listed(report, programme):
    report = freeze(report, handled_on=date(2026, 2, 16), body="Kaupunginvaltuusto")
    area = Indicator.objects.get(pk=programme.goals.get(identifier="T1").headline_indicator_id)
    before = report.snapshot["verdicts"][str(area.pk)]["kind"]
    # A value far below every target: the goal is met.
    latest = area.values.order_by("-date").first()
    IndicatorValue.objects.create(indicator=area, date=date(latest.date.year + 1, 12, 31), value=0)
    changes = {c.indicator_id: (c.before, c.after) for c in compare(programme).verdicts}
    assert area.pk in changes and changes[area.pk][0] != changes[area.pk][1]
    assert before != "achieved"


def test_without_a_frozen_report_there_is_nothing_to_compare(programme):
    assert compare(programme) is None


# --- the list --------------------------------------------------------------------------


def test_the_list_shows_drafts_and_handled_reports(client, report, programme):
    older = MonitoringReport.objects.create(
        programme=programme,
        title="Seurantaraportti 2024",
        period_start=date(2024, 1, 1),
        period_end=date(2024, 12, 31),
    )
    freeze(older, handled_on=date(2025, 3, 3), body="Kaupunginvaltuusto")
    response = client.get("/reports/")
    assert response.status_code == 200
    assert "Seurantaraportti 2025" in response.text and "luonnos" in response.text
    assert "käsitellyt Kaupunginvaltuusto 3.3.2025" in response.text


def test_a_report_stored_by_an_earlier_version_still_renders(client, programme):
    """Content stored when version 1 was current: the page must keep showing it, whatever
    the models and the content's builder become. Links to rows that are gone stay text."""
    stored = json.loads((Path(__file__).parent / "data" / "report_snapshot_v1.json").read_text())
    meeting = CouncilReport.objects.create(
        programme=programme, date=date(2026, 2, 16), body="Kaupunginvaltuusto", title="Vanha"
    )
    report = MonitoringReport.objects.create(
        programme=programme,
        title=stored["title"],
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        council_report=meeting,
        snapshot=stored,
    )
    html = body(page(client, report))
    assert stored["title"] in html
    assert stored["goals"][0]["headline"]["latest"] in html
    for action in stored["key_actions"]:
        assert action["name"] in html
    for indicator in stored["indicators"]:
        assert indicator["name"] in html


def test_the_overview_counts_the_changes_since_the_last_handled_report(client, report, programme):
    freeze(report, handled_on=date(2026, 2, 16), body="Kaupunginvaltuusto")
    action = Action.objects.filter(programme=programme, status=ActionStatus.IN_PROGRESS).first()
    action.record_update(
        author=get_user_model().objects.get(username="editor"),
        status=ActionStatus.COMPLETED,
        completion_percent=100,
    )
    cache.clear()
    html = client.get("/").text
    assert "(käsitellyt Kaupunginvaltuusto 16.2.2026)" in html
    assert "1 toimenpiteen tila on muuttunut" in html
