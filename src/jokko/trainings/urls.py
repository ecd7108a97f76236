"""Pages of the trainings app (mounted under /trainings/ by jokko/urls.py)."""

from django.urls import URLPattern, path  # noqa: F401

urlpatterns: list[URLPattern] = []
