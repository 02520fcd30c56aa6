from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Users and roles")

    def ready(self) -> None:
        from django.apps import apps

        # django-axes names its admin section "Axes"; the coordinator reads Finnish.
        apps.get_app_config("axes").verbose_name = _("Login throttling")
