"""Pages of the odk app (mounted under /odk/ by jokko/urls.py)."""

from django.urls import URLPattern, path

from jokko.odk import openrosa, views

urlpatterns: list[URLPattern] = [
    path("", views.form_list, name="odk-forms"),
    path("forms/<slug:key>.<str:fmt>", views.form_download, name="odk-form-download"),
    path("upload/", views.upload, name="odk-upload"),
    path("submissions/", views.submission_list, name="odk-submissions"),
    # OpenRosa (ODK Collect): server URL https://<node>/odk/openrosa
    path("openrosa/formList", openrosa.form_list, name="odk-openrosa-formlist"),
    path("openrosa/forms/<slug:key>.xml", openrosa.form_download, name="odk-openrosa-form"),
    path("openrosa/submission", openrosa.submission, name="odk-openrosa-submission"),
]
