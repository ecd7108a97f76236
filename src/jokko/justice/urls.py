"""Pages of the justice app (mounted under /justice/ by jokko/urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
