"""Pages of the investigations app (mounted under /investigations/ by jokko/urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
