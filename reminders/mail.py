"""A digest as an email in its recipient's language; sending it and logging the outcome."""

from __future__ import annotations

import smtplib
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext

from accounts.people import display_name
from reminders.digest import Digest, absolute_url
from reminders.models import Reminder

MAILER = "default"
# What one recipient's failure can raise; anything else is a bug and stops the run.
SEND_ERRORS = (smtplib.SMTPException, OSError, ValueError)


def subject_for(digest: Digest) -> str:
    """In the active language (call inside ``override``)."""
    count = digest.item_count
    return ngettext(
        "Climate programme follow-up: %(n)s item needs your attention",
        "Climate programme follow-up: %(n)s items need your attention",
        count,
    ) % {"n": count}


def build_message(digest: Digest, today: date) -> EmailMultiAlternatives:
    """The text and HTML email, rendered in the recipient's language."""
    language = digest.language
    with translation.override(language):
        context = {
            "digest": digest,
            "name": display_name(digest.recipient),
            "today": today,
            "language": language,
            "site_url": settings.SITE_URL,
            "profile_url": absolute_url(reverse("profile")),
            "my_actions_url": absolute_url(reverse("my_actions")),
            "interval_days": settings.REMINDER_INTERVAL_DAYS,
        }
        subject = subject_for(digest)
        text = render_to_string("reminders/digest.txt", context)
        html = render_to_string("reminders/digest.html", {**context, "subject": subject})
    message = EmailMultiAlternatives(
        subject, text, settings.DEFAULT_FROM_EMAIL, [digest.email] if digest.email else []
    )
    message.attach_alternative(html, "text/html")
    return message


def address_problem(digest: Digest) -> str:
    """Why the recipient's address cannot be used, or "" when it can."""
    if not digest.email:
        return "The user has no email address."
    try:
        validate_email(digest.email)
    except ValidationError:
        return f"Invalid email address {digest.email!r}."
    return ""


def deliver(digest: Digest, message: EmailMultiAlternatives) -> Reminder:
    """Send one digest through the default mailer and log the outcome, failure included.

    A failure for one recipient (a refused address, an unreachable server) is caught and
    logged, so that the others are still sent.
    """
    error = address_problem(digest)
    if not error:
        try:
            message.send(using=MAILER)
        except SEND_ERRORS as exc:
            error = f"{type(exc).__name__}: {exc}"
    return Reminder.objects.create(
        recipient=digest.recipient,
        email=digest.email,
        kind=Reminder.Kind.ESCALATION if digest.is_escalation else Reminder.Kind.DIGEST,
        status=Reminder.Status.FAILED if error else Reminder.Status.SENT,
        error=error,
        language=digest.language,
        subject=message.subject,
        item_count=digest.item_count,
        items=digest.summary(),
    )
