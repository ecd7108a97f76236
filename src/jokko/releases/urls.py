"""Pages of the releases app (mounted under /releases/ by jokko/urls.py)."""

from django.urls import URLPattern, path

from jokko.releases import views

urlpatterns: list[URLPattern] = [
    path("", views.release_list, name="release-list"),
    path("new/", views.release_new, name="release-new"),
    path("<int:release_id>/", views.release_detail, name="release-detail"),
    path("<int:release_id>/download/", views.release_download, name="release-download"),
]
