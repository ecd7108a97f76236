"""Pages of the dashboards app (mounted under /dashboards/ by jokko/urls.py)."""

from django.urls import URLPattern, path

from jokko.dashboards import views

urlpatterns: list[URLPattern] = [
    path("", views.overview, name="dashboards-overview"),
    path("<slug:slug>/", views.page, name="dashboards-page"),
    path("<slug:slug>/csv/", views.download, name="dashboards-csv"),
]
