"""Pages of the spreadsheets app (mounted under /spreadsheets/ by jokko/urls.py)."""

from django.urls import URLPattern, path

from jokko.spreadsheets import views

urlpatterns: list[URLPattern] = [
    path("import/", views.import_start, name="spreadsheet-import"),
    path("import/template/<slug:kind>/", views.import_template, name="spreadsheet-import-template"),
    path("import/<int:batch_id>/", views.import_detail, name="spreadsheet-import-detail"),
    path("import/<int:batch_id>/map/", views.import_map, name="spreadsheet-import-map"),
    path("import/<int:batch_id>/preview/", views.import_preview, name="spreadsheet-import-preview"),
    path("import/<int:batch_id>/commit/", views.import_commit, name="spreadsheet-import-commit"),
    path("import/<int:batch_id>/abandon/", views.import_abandon, name="spreadsheet-import-abandon"),
]
