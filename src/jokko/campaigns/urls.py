"""Pages of the campaigns app (mounted under /campaigns/ by jokko/urls.py)."""

from django.urls import URLPattern, path

from jokko.campaigns import views

urlpatterns: list[URLPattern] = [
    path("", views.campaign_list, name="campaign-list"),
    path("new/", views.campaign_new, name="campaign-new"),
    path("<int:campaign_id>/", views.campaign_detail, name="campaign-detail"),
    path("<int:campaign_id>/events/new/", views.event_new, name="campaign-event-new"),
]
