"""Pages of the investigations app (mounted under /investigations/ by jokko/urls.py)."""

from django.urls import URLPattern, path

from jokko.investigations import views

urlpatterns: list[URLPattern] = [
    path("", views.investigation_list, name="investigation-list"),
    path("new/", views.investigation_new, name="investigation-new"),
    path("<int:investigation_id>/", views.investigation_detail, name="investigation-detail"),
    path(
        "<int:investigation_id>/evidence/<int:evidence_id>/document/",
        views.evidence_document,
        name="investigation-evidence-document",
    ),
]
