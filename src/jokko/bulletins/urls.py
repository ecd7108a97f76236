"""Pages of the bulletins app (mounted under /bulletins/ by jokko/urls.py)."""

from django.urls import URLPattern, path

from jokko.bulletins import views

urlpatterns: list[URLPattern] = [
    path("", views.bulletin_list, name="bulletin-list"),
    path("new/", views.compose, name="bulletin-compose"),
    path("<int:bulletin_id>/", views.bulletin_detail, name="bulletin-detail"),
    path("<int:bulletin_id>/identity/", views.enclosed_identity, name="bulletin-identity"),
    path("<int:bulletin_id>/acknowledge/", views.acknowledge, name="bulletin-acknowledge"),
    path("<int:bulletin_id>/reply/", views.reply, name="bulletin-reply"),
    path("<int:bulletin_id>/link/", views.link, name="bulletin-link"),
]
