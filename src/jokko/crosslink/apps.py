from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CrosslinkConfig(AppConfig):
    name = "jokko.crosslink"
    verbose_name = _("Cross-border linkage")

    def ready(self) -> None:
        # Registers the "crosslink.*" message handlers with the federation inbox.
        from jokko.crosslink import handlers  # noqa: F401
