from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HtcdsConfig(AppConfig):
    name = "jokko.htcds"
    verbose_name = _("Human Trafficking Case Data Standard exchange")
