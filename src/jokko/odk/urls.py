"""Pages of the odk app (mounted under /odk/ by jokko/urls.py)."""

from django.urls import URLPattern, path

from jokko.odk import views

urlpatterns: list[URLPattern] = [
    path("", views.form_list, name="odk-forms"),
    path("forms/<slug:key>.<str:fmt>", views.form_download, name="odk-form-download"),
    path("upload/", views.upload, name="odk-upload"),
    path("submissions/", views.submission_list, name="odk-submissions"),
]
