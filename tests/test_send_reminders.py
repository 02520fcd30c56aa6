"""``manage.py send_reminders``: one digest per person, the right items, once an interval."""

from __future__ import annotations

import smtplib
from datetime import date, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command

from accounts.models import Profile
from accounts.roles import COORDINATOR
from indicators.models import Indicator, IndicatorValue
from programmes.models import Action, GoalLevel, GoalNode, Programme
from programmes.writes import one_write
from reminders.digest import plan_digests
from reminders.mail import build_message
from reminders.models import Reminder

pytestmark = pytest.mark.django_db

HELSINKI = ZoneInfo("Europe/Helsinki")
NOW = datetime(2026, 3, 16, 6, 15, tzinfo=HELSINKI)
SITE = "https://ilmasto.example.test"
ESCALATION_HEADING = "Actions without an active contact person"


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE
    settings.REMINDER_INTERVAL_DAYS = 7


def person(django_user_model, username, *, language=None, **fields):
    fields.setdefault("email", f"{username}@example.test")
    user = django_user_model.objects.create_user(username, password=None, **fields)
    if language:
        Profile.objects.create(user=user, language=language)
    return user


def updated(action, author, days_ago: int, **fields):
    action.record_update(
        author=author,
        status=fields.pop("status", "in_progress"),
        completion_percent=fields.pop("completion_percent", 30),
        created_at=NOW - timedelta(days=days_ago),
    )
    return action


class World:
    """A programme in force with actions in every state, and the people behind them."""

    def __init__(self, small, users):
        self.small = small
        self.anna = person(users, "anna", first_name="Anna")  # no profile: Finnish, reminded
        self.bertil = person(users, "bertil", first_name="Bertil", language="sv")
        self.former = person(users, "entinen", is_active=False)
        self.kaisa = person(users, "kaisa", first_name="Kaisa", language="en")
        coordinators = Group.objects.get(name=COORDINATOR)
        coordinators.user_set.add(self.kaisa)
        # Coordinators who cannot receive escalations: no address, not active.
        coordinators.user_set.add(person(users, "ei-osoitetta", email=""))
        coordinators.user_set.add(person(users, "lopettanut", is_active=False))

        goal = small.focus_area
        self.late = small.action  # ended 31.12.2025
        self.late.contact_persons.set([self.bertil])
        updated(self.late, self.kaisa, 10)
        self.stale = self.action(goal, "2.1", [self.anna])
        updated(self.stale, self.kaisa, 200)
        self.due_soon = self.action(goal, "2.2", [self.anna])
        updated(self.due_soon, self.kaisa, 160)
        self.fresh = self.action(goal, "2.3", [self.anna, self.bertil], end_date=date(2027, 1, 1))
        updated(self.fresh, self.kaisa, 10)
        self.completed = self.action(goal, "2.4", [self.anna])
        updated(self.completed, self.kaisa, 400, status="completed", completion_percent=100)
        self.unowned = self.action(goal, "3.1", [])
        self.orphaned = self.action(goal, "3.2", [self.former])

        ended = Programme.objects.create(
            name="Vanha ohjelma", slug="vanha", start_year=2016, end_year=2020, status="ended"
        )
        level = GoalLevel.objects.create(programme=ended, depth=1, name="polku", name_plural="p")
        old_goal = GoalNode.objects.create(programme=ended, level=level, identifier="V1", name="V")
        self.old = self.action(old_goal, "9.9", [self.anna])  # stale, but not in force

        self.yearly = small.indicator  # latest value 2022: 2024 is expected by 2026
        self.yearly.contact_persons.set([self.bertil])
        # On 16 March the value for December is still in time; November's is overdue.
        self.monthly_due = self.indicator("Sähkönkulutus", date(2025, 11, 30), [self.anna])
        self.monthly_ok = self.indicator("Vedenkulutus", date(2026, 1, 31), [self.anna])

    @staticmethod
    def action(goal, identifier, contacts, **fields):
        action = Action.objects.create(
            goal=goal, identifier=identifier, name=f"Toimi {identifier}", **fields
        )
        # Entered with the programme, years ago: never updated, it is stale by now.
        Action.objects.filter(pk=action.pk).update(created_at=NOW - timedelta(days=1000))
        action.contact_persons.set(contacts)
        return action

    def indicator(self, name, latest, contacts):
        indicator = Indicator.objects.create(name=name, unit="MWh", time_resolution="monthly")
        indicator.goals.add(self.small.focus_area)
        IndicatorValue.objects.create(indicator=indicator, date=latest, value=10)
        indicator.contact_persons.set(contacts)
        return indicator


@pytest.fixture
def world(clock, small_programme, django_user_model):
    with one_write():
        return World(small_programme, django_user_model)


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("send_reminders", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def by_recipient(outbox) -> dict[str, object]:
    assert all(len(message.to) == 1 for message in outbox)
    return {message.to[0]: message for message in outbox}


def html_of(message) -> str:
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


def update_url(action) -> str:
    return f"{SITE}/actions/{action.pk}/update/"


# --- who gets what ------------------------------------------------------------------


def test_each_person_gets_one_digest_with_their_own_items(world, mailoutbox):
    out, err = run()

    mails = by_recipient(mailoutbox)
    assert sorted(mails) == ["anna@example.test", "bertil@example.test", "kaisa@example.test"]
    anna = mails["anna@example.test"].body
    assert update_url(world.stale) in anna
    assert update_url(world.due_soon) in anna
    assert f"{SITE}/indicators/{world.monthly_due.pk}/values/" in anna
    for not_hers in (world.fresh, world.completed, world.old, world.late, world.unowned):
        assert update_url(not_hers) not in anna
    assert f"/indicators/{world.monthly_ok.pk}/" not in anna
    assert ESCALATION_HEADING not in anna
    bertil = mails["bertil@example.test"].body
    assert update_url(world.late) in bertil
    assert f"{SITE}/indicators/{world.yearly.pk}/values/" in bertil
    assert update_url(world.fresh) not in bertil
    assert "Reminders: 3 sent, 0 failed" in out
    assert err == ""


def test_the_digest_names_why_each_item_is_listed(world, mailoutbox):
    run()
    anna = by_recipient(mailoutbox)["anna@example.test"].body
    # Anna has no profile, so her digest is in Finnish.
    assert "päivittämättä: tila päivitetty viimeksi 28.8.2025" in anna  # 200 days before 16.3.2026
    assert "päivitettävä pian: päivitetty viimeksi 7.10.2025" in anna
    assert "ei arvoa 30.11.2025 jälkeen" in anna
    bertil = by_recipient(mailoutbox)["bertil@example.test"].body
    assert "försenad: slutdatumet var 31.12.2025" in bertil  # Finland-Swedish date
    assert "ett värde för 2024 väntas" in bertil


def test_the_subject_counts_the_items(world, mailoutbox):
    run()
    mails = by_recipient(mailoutbox)
    assert mails["anna@example.test"].subject == (
        "Ilmasto-ohjelman seuranta: 3 kohdetta odottaa toimiasi"
    )
    assert mails["kaisa@example.test"].subject.endswith(": 2 items need your attention")


def test_the_email_has_text_and_html_parts_linking_to_the_update_form(world, mailoutbox):
    run()
    message = by_recipient(mailoutbox)["anna@example.test"]
    assert "<" not in message.body  # plain text, no markup
    html = html_of(message)
    assert f'href="{update_url(world.stale)}"' in html
    assert f'href="{SITE}/indicators/{world.monthly_due.pk}/values/"' in html
    assert f'href="{SITE}/accounts/profile/"' in html
    assert message.from_email == "ilmasto@salo.fi"


def test_each_email_is_in_its_recipients_language(world, mailoutbox):
    run()
    mails = by_recipient(mailoutbox)
    assert '<html lang="sv">' in html_of(mails["bertil@example.test"])
    assert '<html lang="fi">' in html_of(mails["anna@example.test"])  # no profile: Finnish
    assert Reminder.objects.get(email="bertil@example.test").language == "sv"


def test_sends_are_recorded_with_their_items(world, mailoutbox):
    run()
    anna = Reminder.objects.get(email="anna@example.test")
    assert (anna.recipient, anna.status, anna.kind, anna.item_count) == (
        world.anna,
        "sent",
        "digest",
        3,
    )
    assert anna.error == ""
    assert {(item["section"], item.get("identifier")) for item in anna.items} == {
        ("actions", "2.1"),
        ("actions", "2.2"),
        ("indicators", None),
    }
    stale = next(item for item in anna.items if item.get("identifier") == "2.1")
    assert stale["flags"] == ["stale"] and stale["url"] == update_url(world.stale)
    kaisa = Reminder.objects.get(email="kaisa@example.test")
    assert kaisa.kind == "escalation"
    assert {item["section"] for item in kaisa.items} == {"escalations"}


# --- at most once per interval --------------------------------------------------------


def test_a_second_run_within_the_interval_sends_nothing(world, mailoutbox, clock):
    run()
    mailoutbox.clear()
    clock.move_to(NOW + timedelta(days=6, hours=3))
    out, _err = run()
    assert mailoutbox == []
    assert "3 skipped (reminded within the last 7 days)" in out
    assert Reminder.objects.count() == 3


def test_after_the_interval_it_sends_again(world, mailoutbox, clock):
    run()
    mailoutbox.clear()
    # A week later, even if the cron job starts a little earlier than last time.
    clock.move_to(NOW + timedelta(days=7, minutes=-5))
    run()
    assert len(mailoutbox) == 3
    assert Reminder.objects.filter(status="sent").count() == 6


def test_the_interval_is_a_setting(world, mailoutbox, clock, settings):
    run()
    mailoutbox.clear()
    settings.REMINDER_INTERVAL_DAYS = 1
    clock.move_to(NOW + timedelta(days=1))
    run()
    assert len(mailoutbox) == 3


def test_nothing_to_report_sends_nothing(clock, small_programme, mailoutbox):
    small_programme.action.contact_persons.clear()
    Action.objects.all().delete()
    out, _err = run()
    assert mailoutbox == []
    assert "Reminders: 0 sent, 0 failed" in out


def test_quiet_runs_print_only_problems(world, mailoutbox, refusing_anna):
    out, err = run("--verbosity", "0")
    assert len(mailoutbox) == 2
    assert out == ""
    assert "FAILED anna@example.test" in err


# --- escalation -----------------------------------------------------------------------


def test_actions_without_an_active_contact_person_go_to_the_coordinator(world, mailoutbox):
    run()
    mails = by_recipient(mailoutbox)
    kaisa = mails["kaisa@example.test"]
    assert ESCALATION_HEADING in kaisa.body
    assert update_url(world.unowned) in kaisa.body  # no contact person at all
    assert update_url(world.orphaned) in kaisa.body  # only an inactive one
    assert f"{SITE}/admin/programmes/action/{world.unowned.pk}/change/" in kaisa.body
    assert ESCALATION_HEADING in html_of(kaisa)
    # Not to the inactive contact person, nor to coordinators without an address or inactive.
    assert "entinen@example.test" not in mails
    assert "lopettanut@example.test" not in mails
    assert Reminder.objects.count() == 3


def test_a_coordinators_own_items_and_escalations_share_one_digest(world, mailoutbox):
    world.stale.contact_persons.add(world.kaisa)
    run()
    kaisa = by_recipient(mailoutbox)["kaisa@example.test"].body
    assert kaisa.index(update_url(world.stale)) < kaisa.index(ESCALATION_HEADING)
    assert kaisa.index(ESCALATION_HEADING) < kaisa.index(update_url(world.unowned))


def test_without_a_coordinator_the_output_says_so(world, mailoutbox):
    Group.objects.get(name=COORDINATOR).user_set.remove(world.kaisa)
    _out, err = run()
    assert "2 actions need attention but have no active contact person" in err
    assert ESCALATION_HEADING not in "".join(m.body for m in mailoutbox)


# --- opting out -----------------------------------------------------------------------


def test_people_who_switched_reminders_off_are_skipped(world, mailoutbox):
    Profile.objects.create(user=world.anna, receives_reminders=False)
    out, _err = run()
    mails = by_recipient(mailoutbox)
    assert "anna@example.test" not in mails
    assert "1 skipped (reminders switched off)" in out
    assert not Reminder.objects.filter(email="anna@example.test").exists()
    # Her actions are not escalated (she is still their active contact person), and the
    # escalations still reach the coordinator.
    kaisa = mails["kaisa@example.test"].body
    assert update_url(world.stale) not in kaisa
    assert update_url(world.unowned) in kaisa


def test_a_coordinator_who_switched_reminders_off_gets_no_escalations(world, mailoutbox):
    Profile.objects.filter(user=world.kaisa).update(receives_reminders=False)
    _out, err = run()
    assert "kaisa@example.test" not in by_recipient(mailoutbox)
    assert "no coordinator receives them" in err


# --- dry run --------------------------------------------------------------------------


def test_dry_run_prints_what_would_be_sent_and_sends_and_records_nothing(world, mailoutbox):
    out, _err = run("--dry-run")
    assert mailoutbox == []
    assert not Reminder.objects.exists()
    assert (
        "Would send to anna@example.test (fi, 2 actions, 1 indicator): "
        "Ilmasto-ohjelman seuranta: 3 kohdetta odottaa toimiasi"
    ) in out
    assert "Would send to kaisa@example.test (en, 0 actions, 0 indicators, 2 escalated" in out
    assert "Dry run: 3 would be sent" in out
    # A real run afterwards still sends: the dry run did not count as a reminder.
    run()
    assert len(mailoutbox) == 3


# --- failures -------------------------------------------------------------------------


@pytest.fixture
def refusing_anna(monkeypatch):
    real_send = EmailBackend.send_messages

    def send_messages(self, messages):
        for message in messages:
            if "anna@example.test" in message.to:
                refused = {"anna@example.test": (550, b"5.1.1 User unknown")}
                raise smtplib.SMTPRecipientsRefused(refused)
        return real_send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", send_messages)


def test_a_failure_for_one_person_does_not_stop_the_others(world, mailoutbox, refusing_anna):
    out, err = run()
    assert sorted(by_recipient(mailoutbox)) == ["bertil@example.test", "kaisa@example.test"]
    failed = Reminder.objects.get(email="anna@example.test")
    assert failed.status == "failed"
    assert "SMTPRecipientsRefused" in failed.error and "User unknown" in failed.error
    assert "FAILED anna@example.test: SMTPRecipientsRefused" in err
    assert "1 failed" in err
    assert "Reminders: 2 sent, 1 failed" in out


def test_a_failed_send_is_retried_on_the_next_run(world, mailoutbox, refusing_anna, clock):
    run()
    mailoutbox.clear()
    clock.move_to(NOW + timedelta(days=1))
    run()
    assert mailoutbox == []  # Anna is still refused; the others wait a week
    assert Reminder.objects.filter(email="anna@example.test", status="failed").count() == 2


@pytest.mark.parametrize("address", ["", "ei-kelpaa"])
def test_a_missing_or_invalid_address_is_a_recorded_failure(world, mailoutbox, address):
    world.anna.email = address
    world.anna.save()
    out, err = run()
    assert sorted(by_recipient(mailoutbox)) == ["bertil@example.test", "kaisa@example.test"]
    failed = Reminder.objects.get(recipient=world.anna)
    assert failed.status == "failed"
    assert "address" in failed.error
    assert "FAILED" in err and "Reminders: 2 sent, 1 failed" in out


def test_planning_and_rendering_take_a_fixed_number_of_queries(world, django_assert_num_queries):
    today = NOW.date()
    # Actions with their contact persons (2), indicators with theirs (2), coordinators (1).
    with django_assert_num_queries(5):
        plan = plan_digests(today)
        for digest in plan.digests:
            build_message(digest, today)
    assert len(plan.digests) == 3


# --- the log in the admin -------------------------------------------------------------


def test_the_coordinator_reads_the_log_in_the_admin_and_cannot_change_it(
    world, mailoutbox, client, django_user_model
):
    run()
    staff = person(django_user_model, "koordinaattori2", is_staff=True)
    Group.objects.get(name=COORDINATOR).user_set.add(staff)
    client.force_login(staff)
    listing = client.get("/admin/reminders/reminder/?status__exact=sent&kind__exact=escalation")
    assert listing.status_code == 200
    assert "kaisa@example.test" in listing.text
    assert "anna@example.test" not in listing.text
    reminder = Reminder.objects.get(email="anna@example.test")
    page = client.get(f"/admin/reminders/reminder/{reminder.pk}/change/")
    assert page.status_code == 200
    assert "Toimi 2.1" in page.text
    assert client.get("/admin/reminders/reminder/add/").status_code == 403
    response = client.post(f"/admin/reminders/reminder/{reminder.pk}/change/", {"email": "x@y"})
    assert response.status_code == 403
    assert client.get(f"/admin/reminders/reminder/{reminder.pk}/delete/").status_code == 403
