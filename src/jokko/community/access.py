"""Who may see community reports. Pages and the API both go through these functions.

Rules (one condition per line, so coverage shows each):

* community reporter: only the reports they submitted themselves, never anyone else's (a
  committee member must not learn who else in the village reported whom);
* hotline operator (case worker of a `hotline` organisation) and coordinator: every report of
  the node — they triage them;
* investigator: reports forwarded to their police/gendarmerie unit (to turn them into incidents);
* everyone else: nothing. Analysts see `community.indicators` aggregates only.

What a report says may name a person, so every read of its text is audited.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from jokko.accounts.access import NotFoundOrForbidden, is_active_user
from jokko.accounts.models import OrganisationKind, Role
from jokko.audit.actions import record, record_denied
from jokko.community.models import CommunityReport


def is_committee_member(user: Any) -> bool:
    return bool(
        is_active_user(user)
        and user.role == Role.COMMUNITY_REPORTER
        and user.organisation is not None
        and user.organisation.kind == OrganisationKind.COMMITTEE
    )


def is_hotline_operator(user: Any) -> bool:
    return bool(
        is_active_user(user)
        and user.role == Role.CASE_WORKER
        and user.organisation is not None
        and user.organisation.kind == OrganisationKind.HOTLINE
    )


def can_triage(user: Any) -> bool:
    """Hotline operators and coordinators work the triage queue."""
    return is_hotline_operator(user) or (is_active_user(user) and user.role == Role.COORDINATOR)


def can_submit_as_member(user: Any) -> bool:
    """Any community reporter may use the signed-in form (committee prefilled if they have one)."""
    return bool(is_active_user(user) and user.role == Role.COMMUNITY_REPORTER)


def visible_reports(user: Any) -> QuerySet[CommunityReport]:
    reports = CommunityReport.objects.all()
    if not is_active_user(user):
        return reports.none()
    if can_triage(user):
        return reports
    if user.role == Role.COMMUNITY_REPORTER:
        return reports.filter(reporter=user)
    if user.role == Role.INVESTIGATOR and user.organisation_id is not None:
        return reports.filter(forwarded_to_id=user.organisation_id)
    return reports.none()


def access_report(user: Any, report_id: int, *, channel: str = "web") -> CommunityReport:
    """The report with its text, if `user` may see it; the read (or refusal) is audited."""
    report = (
        visible_reports(user)
        .select_related("committee", "hotline", "reporter", "case", "incident", "forwarded_to")
        .filter(pk=report_id)
        .first()
    )
    if report is None:
        record_denied(user, "community_report", report_id, channel=channel)
        raise NotFoundOrForbidden
    record(user, "read", "community_report", report.pk, channel=channel)
    return report
