"""What the service knows of a person beyond Django's user: work details and units."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from programmes.models import ResponsibleUnit


class Profile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="profile", verbose_name=_("user")
    )
    title = models.CharField(_("job title"), max_length=150, blank=True)
    phone = models.CharField(_("work phone"), max_length=40, blank=True)
    units = models.ManyToManyField(
        ResponsibleUnit,
        blank=True,
        related_name="members",
        verbose_name=_("units"),
        help_text=_(
            "An editor may update the actions of these units (and of the units under them)."
        ),
    )
    receives_reminders = models.BooleanField(
        _("receives reminders"),
        default=True,
        help_text=_("Email reminders of actions and indicators that need an update."),
    )
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return str(self.user)
