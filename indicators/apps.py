from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = _("Indicators")

    def ready(self):
        from indicators.stored_verdicts import watch_verdict_inputs

        watch_verdict_inputs()
