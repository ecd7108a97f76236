"""Pages of the odk app (mounted under /odk/ by jokko/urls.py)."""

from django.urls import URLPattern, path  # noqa: F401

urlpatterns: list[URLPattern] = []
