"""Pages of the reports app (mounted under /reports/ by jokko/urls.py)."""

from django.urls import URLPattern, path

from jokko.reports import views

urlpatterns: list[URLPattern] = [
    path("", views.quarterly, name="reports-quarterly"),
    path("download/", views.download, name="reports-download"),
]
