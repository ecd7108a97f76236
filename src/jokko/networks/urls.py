"""Pages of the networks app (mounted under /networks/ by jokko/urls.py)."""

from django.urls import URLPattern, path

from jokko.networks import views

urlpatterns: list[URLPattern] = [
    path("", views.overview, name="network-overview"),
    path("entity/", views.entity, name="network-entity"),
    path("path/", views.path, name="network-path"),
]
