"""Pages of the incidents app (mounted under /incidents/ by jokko/urls.py)."""

from django.urls import URLPattern, path

from jokko.incidents import views

urlpatterns: list[URLPattern] = [
    path("", views.incident_list, name="incident-list"),
    path("new/", views.incident_new, name="incident-new"),
    path("<int:incident_id>/", views.incident_detail, name="incident-detail"),
    path("<int:incident_id>/suspects/", views.incident_add_suspect, name="incident-add-suspect"),
    path("suspects/", views.suspect_list, name="suspect-list"),
    path("suspects/<int:suspect_id>/", views.suspect_detail, name="suspect-detail"),
    path("suspects/<int:suspect_id>/add/", views.suspect_add, name="suspect-add"),
]
