"""Pages of the programmes app (mounted under /programmes/ by jokko/urls.py)."""

from django.urls import URLPattern, path

from jokko.programmes import views

urlpatterns: list[URLPattern] = [
    path("", views.programme_indicators_page, name="programme-indicators"),
]
