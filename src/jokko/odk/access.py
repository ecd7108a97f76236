"""Who may receive ODK / Kobo submissions, and which received submissions a user sees.

Identification and HTCDS submissions become cases of the receiver's organisation, so whoever
may register survivors (coordinators and case workers) receives them. Community reports go to
those who work the report triage queue (coordinators and hotline operators, as in the
community app). A coordinator sees every submission of the node; others see those received
by their own organisation.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from jokko.accounts.access import can_register_survivors, is_active_user
from jokko.accounts.models import Role
from jokko.odk.models import Submission, SubmissionForm


def can_receive(user: Any, form: str) -> bool:
    if form == SubmissionForm.REPORT:
        from jokko.community.access import can_triage

        return can_triage(user)
    return can_register_survivors(user)


def receivable_forms(user: Any) -> list[str]:
    return [form for form in SubmissionForm.values if can_receive(user, form)]


def can_use_odk(user: Any) -> bool:
    return bool(receivable_forms(user))


def visible_submissions(user: Any) -> QuerySet[Submission]:
    submissions = Submission.objects.select_related("received_by", "organisation")
    if not is_active_user(user) or not can_use_odk(user):
        return submissions.none()
    if user.role == Role.COORDINATOR:
        return submissions
    return submissions.filter(organisation_id=user.organisation_id, form__in=receivable_forms(user))
