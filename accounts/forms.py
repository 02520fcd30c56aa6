from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.core.mail import EmailMultiAlternatives
from django.template import loader
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import Profile


class LoginForm(AuthenticationForm):
    """Django's login form, with the autocomplete hints password managers rely on."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update(autocomplete="username", autocapitalize="none")
        self.fields["password"].widget = forms.PasswordInput(
            attrs={"autocomplete": "current-password"}
        )
        self.fields["username"].label = _("Username")

    def clean_username(self) -> str:
        # Django's form only sizes the input (150 characters, User.username's length); a longer
        # name would still reach authenticate() and the throttle. Refuse it as a failed login.
        username = self.cleaned_data["username"]
        if len(username) > self.fields["username"].max_length:
            raise self.get_invalid_login_error()
        return username


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's reset form, which prepares its email in the request and leaves the sending to
    accounts.mail.send_after_response.

    An unknown address costs the same work as a known one, so the answer's timing does not tell
    whether an address has an account.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.outgoing: list[EmailMultiAlternatives] = []

    def get_users(self, email):
        users = list(super().get_users(email))
        # A stand-in (never saved, so without a pk) whose message is rendered and dropped.
        return users or [get_user_model()()]

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        message = EmailMultiAlternatives(subject, body, from_email, [to_email])
        if html_email_template_name is not None:
            html = loader.render_to_string(html_email_template_name, context)
            message.attach_alternative(html, "text/html")
        if context["user"].pk is not None:
            self.outgoing.append(message)


class ProfileForm(forms.ModelForm):
    """What people set for themselves: reminders, the language of email, work details."""

    PHONE_CHARACTERS = frozenset("0123456789 +-()")

    class Meta:
        model = Profile
        fields = ["receives_reminders", "language", "title", "phone"]
        labels = {"receives_reminders": _("Send me reminder emails")}
        help_texts = {
            "language": _("The language of the emails the service sends you."),
            "phone": _("e.g. +358 44 123 4567"),
        }
        widgets = {
            "title": forms.TextInput(attrs={"autocomplete": "organization-title"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        days = settings.REMINDER_INTERVAL_DAYS
        self.fields["receives_reminders"].help_text = ngettext(
            "An email listing your actions and indicators that need an update, at most once a day.",
            "An email listing your actions and indicators that need an update, at most once "
            "every %(days)s days.",
            days,
        ) % {"days": days}

    def clean_phone(self) -> str:
        phone = " ".join(self.cleaned_data["phone"].split())
        looks_like_a_number = set(phone) <= self.PHONE_CHARACTERS and any(map(str.isdigit, phone))
        if phone and not looks_like_a_number:
            raise forms.ValidationError(_("Use digits, spaces and the characters + - ( ) only."))
        return phone
