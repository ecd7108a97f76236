from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BulletinsConfig(AppConfig):
    name = "jokko.bulletins"
    verbose_name = _("Bulletins")

    def ready(self) -> None:
        # Registers the "bulletin.*" message handlers with the federation inbox.
        from jokko.bulletins import handlers  # noqa: F401
