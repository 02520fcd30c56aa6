"""Password reset tells nothing, by its answer or its timing, of whether an address is known."""

import re
import statistics
import time

import pytest
from django.core.mail.backends.base import BaseEmailBackend

import accounts.mail

pytestmark = pytest.mark.django_db

RESET = "/accounts/password-reset/"
UNKNOWN = "ei-tunnettu@example.com"


class SlowBackend(BaseEmailBackend):
    """A mail server that takes its time, as an unreachable one does."""

    sent = 0

    def send_messages(self, email_messages):
        time.sleep(0.05)
        SlowBackend.sent += len(email_messages)
        return len(email_messages)


class FailingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("no mail server here")


@pytest.fixture
def in_background(monkeypatch):
    """Mail sent from its thread, as in production, and all of it gone before the next test."""
    monkeypatch.setattr(accounts.mail, "in_background", True)
    yield
    accounts.mail.wait_for_mail_sent(timeout=10)


def page(response) -> str:
    """The page without what differs on every request (CSP nonces, CSRF tokens)."""
    text = re.sub(r'nonce="[^"]*"', "", response.text)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text)


def reset(client, email):
    return client.post(RESET, {"email": email})


def test_a_known_address_gets_its_email_after_the_response(
    client, editor, mailoutbox, in_background
):
    response = reset(client, editor.email)
    accounts.mail.wait_for_mail_sent(timeout=5)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password-reset/sent/"
    assert [message.to for message in mailoutbox] == [[editor.email]]
    assert "/accounts/password-reset/" in mailoutbox[0].body


def test_an_unknown_address_gets_no_email_and_the_same_answer(
    client, editor, mailoutbox, in_background
):
    known = reset(client, editor.email)
    unknown = reset(client, UNKNOWN)
    accounts.mail.wait_for_mail_sent(timeout=5)
    assert len(mailoutbox) == 1
    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert unknown.content == known.content
    assert page(client.get(known["Location"])) == page(client.get(unknown["Location"]))


def test_bad_input_shows_the_form_again(client, mailoutbox):
    response = reset(client, "ei-osoite")
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert mailoutbox == []


def test_a_sending_failure_is_logged_and_not_shown(client, editor, settings, caplog):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.FailingBackend"}}
    with caplog.at_level("ERROR", logger="accounts.mail"):
        response = reset(client, editor.email)
    assert response.status_code == 302
    assert "after the response failed" in caplog.text
    assert editor.email not in caplog.text


SMTP_NOWHERE = {
    "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},  # discard: nothing listens
}


@pytest.mark.parametrize(
    "mailer", [{"BACKEND": f"{__name__}.SlowBackend"}, SMTP_NOWHERE], ids=["slow", "unreachable"]
)
def test_a_slow_mail_server_does_not_slow_the_answer_for_a_known_address(
    client, editor, settings, in_background, mailer
):
    # The acceptance: medians of the same run compared, not an absolute time.
    settings.MAILERS = {"default": mailer}
    for _ in range(3):  # warm-up: templates, URL resolver, first queries
        reset(client, UNKNOWN), reset(client, editor.email)
    accounts.mail.wait_for_mail_sent(timeout=10)
    SlowBackend.sent = 0
    times = {UNKNOWN: [], editor.email: []}
    for _ in range(30):
        # Alternated, so that both addresses meet the same conditions (the sending threads too).
        for email, taken in times.items():
            start = time.perf_counter()
            assert reset(client, email).status_code == 302
            taken.append(time.perf_counter() - start)
    unknown, known = (statistics.median(taken) for taken in times.values())
    accounts.mail.wait_for_mail_sent(timeout=10)
    print(f"median known {known * 1000:.2f} ms, unknown {unknown * 1000:.2f} ms")
    assert SlowBackend.sent == (30 if mailer["BACKEND"].endswith("SlowBackend") else 0)
    assert known < unknown * 1.5 + 0.005


def test_a_full_mail_queue_drops_and_logs_instead_of_piling_up(monkeypatch, caplog):
    import queue

    from django.core.mail import EmailMessage

    full = queue.Queue(maxsize=1)
    full.put_nowait([EmailMessage("x", "y", to=["a@example.test"])])
    monkeypatch.setattr(accounts.mail, "_queue", full)
    monkeypatch.setattr(accounts.mail, "_ensure_worker", lambda: None)
    monkeypatch.setattr(accounts.mail, "in_background", True)
    accounts.mail._start_sending([EmailMessage("s", "b", to=["b@example.test"])])
    assert full.qsize() == 1
    assert "Mail queue full: 1 email message(s) dropped" in caplog.text
    assert "b@example.test" not in caplog.text
