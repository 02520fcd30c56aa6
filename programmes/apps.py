from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "programmes"
    verbose_name = _("Programmes and actions")

    def ready(self):
        from programmes.cache import watch_data_changes

        watch_data_changes()
