"""Pages of the justice app (mounted under /justice/ by jokko/urls.py)."""

from django.urls import URLPattern, path

from jokko.justice import views

urlpatterns: list[URLPattern] = [
    path("", views.indicators, name="justice-indicators"),
]
