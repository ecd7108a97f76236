"""Pages of the bulletins app (mounted under /bulletins/ by jokko/urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
