"""Pages of the federation app (mounted under /federation/ by jokko/urls.py)."""

from django.urls import URLPattern, path

from jokko.federation import views

urlpatterns: list[URLPattern] = [
    path("", views.status, name="federation-status"),
    path("inbox/", views.inbox_view, name="federation-inbox"),
    path("peers/<str:country>/ping/", views.ping, name="federation-ping"),
]
