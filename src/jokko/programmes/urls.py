"""Pages of the programmes app (mounted under /programmes/ by jokko/urls.py)."""

from django.urls import URLPattern, path  # noqa: F401

urlpatterns: list[URLPattern] = []
