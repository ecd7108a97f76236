from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CrosslinkConfig(AppConfig):
    name = "jokko.crosslink"
    verbose_name = _("Cross-border linkage")
