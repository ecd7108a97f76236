"""Who may see and act on a case. Pages and the API both go through these functions.

Rules (one condition per line, so coverage shows each):

* coordinator: every case of the node;
* case worker: cases of their organisation, cases assigned to them, and cases referred to their
  organisation (a service provider must know whom it serves);
* investigator, prosecutor: cases explicitly shared with their organisation (`CaseShare`);
* analyst, community reporter, node administrator: no case; analysts see aggregates only.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from jokko.accounts.access import (
    CASE_ROLES,
    ActionForbidden,
    NotFoundOrForbidden,
    has_role,
    is_active_user,
)
from jokko.accounts.models import Role
from jokko.audit.actions import record, record_denied
from jokko.cases.models import Case, CaseShare, ConsentScope, Referral
from jokko.cases.workflow import OPEN_REFERRAL_STATUSES, ReferralStatus

VISIBLE_REFERRAL_STATUSES = OPEN_REFERRAL_STATUSES | {ReferralStatus.COMPLETED}


def visible_cases(user: Any) -> QuerySet[Case]:
    cases = Case.objects.all()
    if not is_active_user(user):
        return cases.none()
    if user.role == Role.COORDINATOR:
        return cases
    if user.role == Role.CASE_WORKER:
        return cases.filter(
            Q(organisation_id=user.organisation_id)
            | Q(assigned_to=user)
            | Q(
                referrals__to_organisation_id=user.organisation_id,
                referrals__status__in=VISIBLE_REFERRAL_STATUSES,
            )
        ).distinct()
    if user.role in (Role.INVESTIGATOR, Role.PROSECUTOR):
        return cases.filter(
            shares__organisation_id=user.organisation_id, shares__revoked_at__isnull=True
        ).distinct()
    return cases.none()


def access_case_by_id(user: Any, case_id: int, *, channel: str = "web") -> Case:
    """The case, if `user` may see it; otherwise `NotFoundOrForbidden` and an audit entry."""
    case = visible_cases(user).select_related("person", "organisation").filter(pk=case_id).first()
    if case is None:
        record_denied(user, "case", case_id, channel=channel)
        raise NotFoundOrForbidden
    return case


def can_edit_case(user: Any, case: Case) -> bool:
    """Owning organisation's case workers, the assigned worker and coordinators edit a case."""
    if not has_role(user, CASE_ROLES):
        return False
    if user.role == Role.COORDINATOR:
        return True
    return case.organisation_id == user.organisation_id or case.assigned_to_id == user.pk


def require_edit(user: Any, case: Case) -> None:
    if not can_edit_case(user, case):
        raise ActionForbidden


def can_record_service(user: Any, case: Case) -> bool:
    """Receiving organisations record the services they deliver, as well as the case owners."""
    if can_edit_case(user, case):
        return True
    return (
        has_role(user, {Role.CASE_WORKER})
        and case.referrals.filter(
            to_organisation_id=user.organisation_id, status__in=VISIBLE_REFERRAL_STATUSES
        ).exists()
    )


def can_respond_to_referral(user: Any, referral: Referral) -> bool:
    if not has_role(user, CASE_ROLES):
        return False
    if user.role == Role.COORDINATOR:
        return True
    return referral.to_organisation_id == user.organisation_id


def identity_share(user: Any, case: Case) -> CaseShare | None:
    return (
        CaseShare.objects.filter(
            case=case,
            organisation_id=user.organisation_id,
            include_identity=True,
            revoked_at__isnull=True,
        )
        .order_by("-id")
        .first()
    )


def can_see_identity(user: Any, case: Case) -> bool:
    """Whether the survivor's names, documents, phones and photo may be shown to `user`."""
    if has_role(user, CASE_ROLES):
        return True
    if user.role in (Role.INVESTIGATOR, Role.PROSECUTOR):
        return identity_share(user, case) is not None
    return False


def active_consent_with(case: Case, scope: str) -> Any:
    """The most recent active consent that covers `scope`, or None."""
    for consent in case.consents.filter(withdrawn_on__isnull=True).order_by("-given_on", "-id"):
        if scope in consent.scopes:
            return consent
    return None


def audit_case_read(user: Any, case: Case, *, channel: str = "web") -> None:
    """Opening a case shows its survivor: that is a read of a person's record."""
    record(
        user,
        "read",
        "case",
        case.pk,
        person_id=case.person_id,
        channel=channel,
        identity_shown=can_see_identity(user, case),
    )


__all__ = [
    "ConsentScope",
    "access_case_by_id",
    "active_consent_with",
    "audit_case_read",
    "can_edit_case",
    "can_record_service",
    "can_respond_to_referral",
    "can_see_identity",
    "require_edit",
    "visible_cases",
]
