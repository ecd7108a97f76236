"""Pages of the spreadsheets app (mounted under /spreadsheets/ by jokko/urls.py)."""

from django.urls import URLPattern, path  # noqa: F401

urlpatterns: list[URLPattern] = []
