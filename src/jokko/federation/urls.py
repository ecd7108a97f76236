"""Pages of the federation app (mounted under /federation/ by jokko/urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
