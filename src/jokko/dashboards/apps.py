from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "jokko.dashboards"
    verbose_name = _("Dashboards")

    def ready(self) -> None:
        # The first dashboard after a refresh is served from figures computed as it committed.
        from jokko.analytics.store import refreshed
        from jokko.dashboards.data import warm

        refreshed.connect(warm, dispatch_uid="dashboards-warm")
