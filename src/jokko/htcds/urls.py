"""Pages of the htcds app (mounted under /htcds/ by jokko/urls.py)."""

from django.urls import URLPattern, path

from jokko.htcds import views

urlpatterns: list[URLPattern] = [
    path("export/", views.export_page, name="htcds-export"),
    path("import/", views.import_page, name="htcds-import"),
    path("import/<int:upload_id>/", views.import_preview, name="htcds-import-preview"),
    path("import/<int:upload_id>/confirm/", views.import_confirm, name="htcds-import-confirm"),
]
