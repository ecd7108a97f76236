from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    name = "jokko.security"
    label = "security"
    verbose_name = _("Security")

    def ready(self) -> None:
        # Connect the audit of lockouts and the login time stamp used by session expiry.
        from jokko.security import signals  # noqa: F401
