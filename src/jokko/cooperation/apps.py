from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JudicialCooperationConfig(AppConfig):
    name = "jokko.cooperation"
    verbose_name = _("Judicial cooperation")
