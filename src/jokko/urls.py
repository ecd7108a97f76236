"""URL map of a node: pages, the JSON API, admin, language switch."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from jokko.accounts import views as account_views
from jokko.api.api import api
from jokko.cases import views as case_views
from jokko.people import views as people_views
from jokko.web import views as web_views

urlpatterns = [
    path("", web_views.home, name="home"),
    path("accounts/login/", account_views.JokkoLoginView.as_view(), name="login"),
    path("accounts/login/code/", account_views.verify, name="login-verify"),
    path("accounts/two-factor/", account_views.manage, name="twofactor"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("cases/", case_views.case_list, name="case-list"),
    path("cases/new/", case_views.register, name="case-register"),
    path("cases/<int:case_id>/", case_views.case_detail, name="case-detail"),
    path("cases/<int:case_id>/edit/", case_views.edit_details, name="case-edit"),
    path("cases/<int:case_id>/<slug:step>/", case_views.case_step, name="case-step"),
    path("people/search/", people_views.search, name="person-search"),
    path("people/<int:person_id>/", people_views.person_detail, name="person-detail"),
    path("people/<int:person_id>/photo/", people_views.person_photo, name="person-photo"),
    path("people/<int:person_id>/alias/", people_views.add_alias, name="person-alias"),
    path("analysis/", web_views.analysis, name="analysis"),
    path("federation/", include("jokko.federation.urls")),
    path("bulletins/", include("jokko.bulletins.urls")),
    path("crosslink/", include("jokko.crosslink.urls")),
    path("dedup/", include("jokko.dedup.urls")),
    path("incidents/", include("jokko.incidents.urls")),
    path("investigations/", include("jokko.investigations.urls")),
    path("prosecutions/", include("jokko.prosecutions.urls")),
    path("cooperation/", include("jokko.cooperation.urls")),
    path("justice/", include("jokko.justice.urls")),
    path("trainings/", include("jokko.trainings.urls")),
    path("actionplans/", include("jokko.actionplans.urls")),
    path("campaigns/", include("jokko.campaigns.urls")),
    path("community/", include("jokko.community.urls")),
    path("programmes/", include("jokko.programmes.urls")),
    path("htcds/", include("jokko.htcds.urls")),
    path("releases/", include("jokko.releases.urls")),
    path("odk/", include("jokko.odk.urls")),
    path("spreadsheets/", include("jokko.spreadsheets.urls")),
    path("analytics/", include("jokko.analytics.urls")),
    path("dashboards/", include("jokko.dashboards.urls")),
    path("maps/", include("jokko.maps.urls")),
    path("networks/", include("jokko.networks.urls")),
    path("reports/", include("jokko.reports.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]

# A full disk or read-only database still answers a clear 503, even outside a view.
handler500 = "jokko.ops.views.server_error"
