from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JudicialCooperationConfig(AppConfig):
    name = "jokko.cooperation"
    verbose_name = _("Judicial cooperation")

    def ready(self) -> None:
        from jokko.cooperation import signals  # noqa: F401  (connects the MLA bulletin listener)
