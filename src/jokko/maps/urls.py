"""Pages of the maps app (mounted under /maps/ by jokko/urls.py)."""

from django.urls import URLPattern, path

from jokko.maps import views

urlpatterns: list[URLPattern] = [
    path("", views.home, name="maps-home"),
]
