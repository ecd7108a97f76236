from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionplansConfig(AppConfig):
    name = "jokko.actionplans"
    verbose_name = _("Joint action plans shared by two or more countries")
