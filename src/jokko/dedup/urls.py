"""Pages of the dedup app (mounted under /dedup/ by jokko/urls.py)."""

from django.urls import URLPattern, path

from jokko.dedup import views

urlpatterns: list[URLPattern] = [
    path("", views.queue, name="dedup-queue"),
    path("run/", views.run, name="dedup-run"),
    path("pairs/<int:pair_id>/", views.pair_detail, name="dedup-pair"),
    path("pairs/<int:pair_id>/confirm/", views.confirm, name="dedup-confirm"),
    path("pairs/<int:pair_id>/reject/", views.reject, name="dedup-reject"),
]
