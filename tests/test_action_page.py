"""The action page: what it serves, who answers for it, schedule, and its status log."""

from datetime import date

import pytest
import time_machine

pytestmark = pytest.mark.django_db


@pytest.fixture
def updated(small_programme, editor):
    action = small_programme.action
    action.record_update(
        author=editor, status="in_progress", completion_percent=30, done="Selvitys"
    )
    action.record_update(
        author=editor,
        status="in_progress",
        completion_percent=45,
        done="Kilpailutus",
        bottleneck_category="pending_decision",
        bottleneck="Odottaa lautakunnan päätöstä",
        internal_note="Sisäinen huomio",
    )
    return action


def test_shows_the_action_and_its_context(client, small_programme, updated):
    small_programme.indicator.actions.add(updated)
    page = client.get(f"/actions/{updated.pk}/").text
    for text in [
        "Luovutaan öljylämmityksestä",
        "Kiinteistöjen energia",  # focus area
        "Energiaviisas Salo",  # path
        "Hiilineutraalius 2035",  # main goal
        "Koti",  # strategic goal
        "Tilapalvelut",  # primary unit
        "muokkaaja@example.test",  # contact person's work email
        "Lämmitysöljyn kulutus",  # indicator measuring the action
    ]:
        assert text in page


def test_timeline_highlights_bottlenecks(client, updated):
    page = client.get(f"/actions/{updated.pk}/").text
    assert page.index("Kilpailutus") < page.index("Selvitys")  # newest first
    assert 'class="timeline-item has-bottleneck"' in page
    assert "Odottaa lautakunnan päätöstä" in page


def test_internal_notes_are_for_logged_in_users_only(client, updated, outsider):
    assert "Sisäinen huomio" not in client.get(f"/actions/{updated.pk}/").text
    client.force_login(outsider)
    assert "Sisäinen huomio" in client.get(f"/actions/{updated.pk}/").text


@time_machine.travel(date(2026, 1, 10), tick=False)
def test_late_assessment_counts_the_days(client, updated):
    response = client.get(f"/actions/{updated.pk}/")
    assert response.context["row"].days_late == 10  # ended 31.12.2025


@time_machine.travel(date(2025, 6, 1), tick=False)
def test_on_schedule_before_the_end_date(client, updated):
    assert not client.get(f"/actions/{updated.pk}/").context["row"].late


def test_unknown_or_hidden_action_is_404(client, small_programme):
    assert client.get("/actions/999999/").status_code == 404
    small_programme.programme.is_published = False
    small_programme.programme.save()
    assert client.get(f"/actions/{small_programme.action.pk}/").status_code == 404


def test_needs_login_when_not_public(client, updated, settings):
    settings.PUBLIC_DASHBOARD = False
    assert client.get(f"/actions/{updated.pk}/").status_code == 302
