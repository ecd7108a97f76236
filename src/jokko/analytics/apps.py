from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    name = "jokko.analytics"
    verbose_name = _("Analytical store and indicator catalogue")

    def ready(self) -> None:
        from jokko.analytics import signals

        signals.connect()
