"""Pages of the dedup app (mounted under /dedup/ by jokko/urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
