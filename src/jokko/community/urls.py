"""Pages of the community app (mounted under /community/ by jokko/urls.py)."""

from django.urls import URLPattern, path  # noqa: F401

urlpatterns: list[URLPattern] = []
