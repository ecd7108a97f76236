"""Pages of the cooperation app (mounted under /cooperation/ by jokko/urls.py)."""

from django.urls import URLPattern, path

from jokko.cooperation import views

urlpatterns: list[URLPattern] = [
    path("", views.request_list, name="cooperation-list"),
    path("new/", views.request_new, name="cooperation-new"),
    path("<int:request_id>/", views.request_detail, name="cooperation-detail"),
    path("<int:request_id>/status/", views.request_status, name="cooperation-status"),
]
