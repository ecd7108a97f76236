from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FederationConfig(AppConfig):
    name = "jokko.federation"
    verbose_name = _("Federation")

    def ready(self) -> None:
        from jokko.federation import checks, handlers  # noqa: F401  (registers kinds and checks)
