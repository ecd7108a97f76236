"""Pages of the cooperation app (mounted under /cooperation/ by jokko/urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
