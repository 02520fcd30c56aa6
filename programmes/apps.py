from django.apps import AppConfig
from django.db.models import signals
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "programmes"
    verbose_name = _("Programmes and actions")

    def ready(self):
        from programmes import cache

        # Every model: the handlers pick out the programme's own data.
        signals.post_save.connect(cache.on_save, dispatch_uid="dashboard-cache-save")
        signals.post_delete.connect(cache.on_delete, dispatch_uid="dashboard-cache-delete")
        signals.m2m_changed.connect(cache.on_m2m_change, dispatch_uid="dashboard-cache-m2m")
