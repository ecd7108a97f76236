from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    name = "jokko.networks"
    verbose_name = _("Link analysis of suspects, phones, vehicles and places")
