from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MapsConfig(AppConfig):
    name = "jokko.maps"
    verbose_name = _("Maps, routes and hotspots")
