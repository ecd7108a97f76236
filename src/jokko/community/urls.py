"""Pages of the community app (mounted under /community/ by jokko/urls.py)."""

from django.urls import URLPattern, path

from jokko.community import views

urlpatterns: list[URLPattern] = [
    path("report/", views.public_report, name="community-public"),
    path("new/", views.member_report_new, name="community-report-new"),
    path("hotline/new/", views.hotline_report_new, name="community-hotline-new"),
    path("mine/", views.my_reports, name="community-mine"),
    path("triage/", views.triage_queue, name="community-triage"),
    path("<int:report_id>/", views.report_detail, name="community-report-detail"),
    path("<int:report_id>/decide/", views.triage_action, name="community-triage-action"),
    path("<int:report_id>/case/", views.convert_to_case, name="community-convert-case"),
    path("<int:report_id>/incident/", views.convert_to_incident, name="community-convert-incident"),
    path("webhooks/rapidpro/", views.rapidpro_webhook, name="community-webhook-rapidpro"),
]
