"""Pages of the incidents app (mounted under /incidents/ by jokko/urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
