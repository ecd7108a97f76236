"""Pages of the prosecutions app (mounted under /prosecutions/ by jokko/urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
