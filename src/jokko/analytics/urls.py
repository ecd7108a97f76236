"""Pages of the analytics app (mounted under /analytics/ by jokko/urls.py)."""

from django.urls import URLPattern, path

from jokko.analytics import views

urlpatterns: list[URLPattern] = [
    path("", views.catalogue, name="analytics-catalogue"),
    path("indicators/<slug:code>/", views.indicator, name="analytics-indicator"),
    path("store/", views.store_status, name="analytics-store"),
    path("store/refresh/", views.refresh_now, name="analytics-refresh"),
]
