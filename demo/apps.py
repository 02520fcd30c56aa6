from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The Salo demo programme and the ``demo`` command; it has no models of its own."""

    name = "demo"
