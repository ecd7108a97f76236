"""Pages of the trainings app (mounted under /trainings/ by jokko/urls.py)."""

from django.urls import URLPattern, path

from jokko.trainings import views

urlpatterns: list[URLPattern] = [
    path("", views.training_list, name="training-list"),
    path("new/", views.training_new, name="training-new"),
    path("<int:event_id>/", views.training_detail, name="training-detail"),
    path("<int:event_id>/import/", views.training_import, name="training-import"),
    path("<int:event_id>/cascade/", views.training_cascade, name="training-cascade"),
    path(
        "certificates/<int:attendance_id>.pdf",
        views.training_certificate,
        name="training-certificate",
    ),
    path("verify/", views.certificate_verify, name="certificate-verify"),
    path("participants/", views.participant_list, name="participant-list"),
    path(
        "participants/<int:participant_id>/",
        views.participant_detail,
        name="participant-detail",
    ),
]
