"""Pages of the actionplans app (mounted under /actionplans/ by jokko/urls.py)."""

from django.urls import URLPattern, path

from jokko.actionplans import views

urlpatterns: list[URLPattern] = [
    path("", views.plan_list, name="actionplan-list"),
    path("new/", views.plan_new, name="actionplan-new"),
    path("overdue/", views.overdue_list, name="actionplan-overdue"),
    path("<int:plan_id>/", views.plan_detail, name="actionplan-detail"),
    path("<int:plan_id>/timeline/", views.plan_timeline, name="actionplan-timeline"),
    path("<int:plan_id>/meetings/new/", views.meeting_new, name="actionplan-meeting-new"),
    path("<int:plan_id>/<slug:step>/", views.plan_step, name="actionplan-step"),
]
