from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Users and roles")

    def ready(self) -> None:
        from django.apps import apps
        from django.contrib.auth.signals import user_logged_in

        from salo_climate.middleware import SlidingSessionMiddleware

        user_logged_in.connect(SlidingSessionMiddleware.moved_on, dispatch_uid="session-moved-on")

        # django-axes names its admin section "Axes"; the coordinator reads Finnish.
        apps.get_app_config("axes").verbose_name = _("Login throttling")
