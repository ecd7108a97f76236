from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OdkConfig(AppConfig):
    name = "jokko.odk"
    verbose_name = _("ODK and KoboToolbox forms and submissions")
