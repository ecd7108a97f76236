from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DedupConfig(AppConfig):
    name = "jokko.dedup"
    verbose_name = _("Duplicates")
