from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProsecutionsConfig(AppConfig):
    name = "jokko.prosecutions"
    verbose_name = _("Prosecutions")
