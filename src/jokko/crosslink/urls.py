"""Pages of the crosslink app (mounted under /crosslink/ by jokko/urls.py)."""

from django.urls import URLPattern, path

from jokko.crosslink import views

urlpatterns: list[URLPattern] = [
    path("", views.home, name="crosslink-home"),
    path("check/<int:person_id>/", views.check, name="crosslink-check"),
    path("queries/<int:query_id>/", views.query_detail, name="crosslink-query"),
    path("candidates/<int:candidate_id>/disclose/", views.disclose, name="crosslink-disclose"),
    path("disclosures/", views.disclosure_list, name="crosslink-disclosures"),
    path("disclosures/<int:request_id>/", views.disclosure_detail, name="crosslink-disclosure"),
    path("share/", views.share, name="crosslink-share"),
]
