"""Pages of the prosecutions app (mounted under /prosecutions/ by jokko/urls.py)."""

from django.urls import URLPattern, path

from jokko.prosecutions import views

urlpatterns: list[URLPattern] = [
    path("", views.prosecution_list, name="prosecution-list"),
    path("new/", views.prosecution_new, name="prosecution-new"),
    path("statutes/", views.statute_list, name="statute-list"),
    path("legal-aid/<int:case_id>/", views.legal_aid_edit, name="legal-aid-edit"),
    path("<int:prosecution_id>/", views.prosecution_detail, name="prosecution-detail"),
    path("<int:prosecution_id>/<slug:step>/", views.prosecution_step, name="prosecution-step"),
]
