"""Who may see and work on investigations. Pages and the API both go through these functions.

Rules (one condition per line, so coverage shows each):

* investigator: the investigations of their own unit, and those they are assigned to;
* coordinator: every investigation of the node (oversight), read only;
* prosecutor / magistrate: investigations referred for prosecution, read only;
* case worker, analyst, community reporter, node administrator: nothing (analysts get the
  aggregates of `investigations.indicators`).

Working on an investigation (steps, evidence, custody, links, status) is for the investigators
who see it: the unit's investigators and the assigned ones.

Survivor identity rule (`can_see_survivor_identity`): a linked survivor case is shown by its
reference only. The survivor's identity is shown to someone who sees the investigation only
while the case link rests on the survivor's *active* consent covering `law_enforcement`; every
such read is audited. A link made on a legal basis alone (judicial order, statutory power...)
never shows the identity here: the legal basis justifies using the case's facts in the
investigation, but a survivor's name leaves the case only by the survivor's consent or by the
case owner's explicit identity share (`cases.CaseShare.include_identity`), which is decided on
the case side, by the people who protect the survivor. A withdrawn consent hides the identity
again at once.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from jokko.accounts.access import NotFoundOrForbidden, has_role, is_active_user
from jokko.accounts.models import OrganisationKind, Role
from jokko.audit.actions import record, record_denied
from jokko.cases.models import ConsentScope
from jokko.investigations.models import Evidence, Investigation, InvestigationCase
from jokko.investigations.models import InvestigationStatus as Status

INVESTIGATION_ROLES = frozenset({Role.COORDINATOR, Role.INVESTIGATOR, Role.PROSECUTOR})
UNIT_KINDS = frozenset({OrganisationKind.POLICE, OrganisationKind.GENDARMERIE})


def can_use_investigations(user: Any) -> bool:
    """Whether the investigation list is open to the user at all."""
    return has_role(user, INVESTIGATION_ROLES)


def can_open_investigations(user: Any) -> bool:
    """Investigators of a police or gendarmerie unit open investigations for their unit."""
    return (
        has_role(user, {Role.INVESTIGATOR})
        and user.organisation_id is not None
        and user.organisation.kind in UNIT_KINDS
    )


def visible_investigations(user: Any) -> QuerySet[Investigation]:
    investigations = Investigation.objects.all()
    if not is_active_user(user):
        return investigations.none()
    if user.role == Role.COORDINATOR:
        return investigations
    if user.role == Role.INVESTIGATOR:
        return investigations.filter(
            Q(unit_id=user.organisation_id) | Q(investigators=user)
        ).distinct()
    if user.role == Role.PROSECUTOR:
        return investigations.filter(status=Status.REFERRED_FOR_PROSECUTION)
    return investigations.none()


def can_work_on(user: Any, investigation: Investigation) -> bool:
    if not has_role(user, {Role.INVESTIGATOR}):
        return False
    if investigation.unit_id == user.organisation_id:
        return True
    return investigation.investigators.filter(pk=user.pk).exists()


def access_investigation(
    user: Any, investigation_id: int, *, channel: str = "web"
) -> Investigation:
    """The investigation if `user` may see it; otherwise `NotFoundOrForbidden`, audited."""
    investigation = (
        visible_investigations(user).select_related("unit").filter(pk=investigation_id).first()
    )
    if investigation is None:
        record_denied(user, "investigation", investigation_id, channel=channel)
        raise NotFoundOrForbidden
    return investigation


def access_evidence(
    user: Any, investigation: Investigation, evidence_id: int, *, channel: str = "web"
) -> Evidence:
    evidence = investigation.evidence.filter(pk=evidence_id).first()
    if evidence is None:
        record_denied(user, "evidence", evidence_id, channel=channel)
        raise NotFoundOrForbidden
    return evidence


def link_rests_on_consent(link: InvestigationCase) -> bool:
    """Whether the link's consent is still active and still covers law enforcement."""
    consent = link.consent
    if consent is None or not consent.is_active:
        return False
    return ConsentScope.LAW_ENFORCEMENT in consent.scopes


def can_see_survivor_identity(user: Any, link: InvestigationCase) -> bool:
    """See the module docstring: consent only, never a legal basis alone."""
    if not visible_investigations(user).filter(pk=link.investigation_id).exists():
        return False
    return link_rests_on_consent(link)


def survivor_identity(user: Any, link: InvestigationCase, *, channel: str = "web") -> str | None:
    """The survivor's name when the rule allows it (audited read), else None (nothing logged
    as a read: the page shows the case reference only)."""
    if not can_see_survivor_identity(user, link):
        return None
    person = link.case.person
    record(
        user,
        "read",
        "person",
        person.pk,
        person_id=person.pk,
        channel=channel,
        purpose="investigation",
        investigation=link.investigation_id,
    )
    return person.primary_name or person.pseudonym
