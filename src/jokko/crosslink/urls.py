"""Pages of the crosslink app (mounted under /crosslink/ by jokko/urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
