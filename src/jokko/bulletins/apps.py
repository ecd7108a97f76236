from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BulletinsConfig(AppConfig):
    name = "jokko.bulletins"
    verbose_name = _("Bulletins")

    def ready(self) -> None:
        # The federation transport calls our handlers for "bulletin.*" messages.
        try:
            from jokko.federation import messaging  # noqa: F401
        except ImportError:  # transport not installed yet (built in parallel): nothing to hook
            return
        from jokko.bulletins import handlers

        handlers.register()
