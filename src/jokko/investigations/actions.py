"""Every change to an investigation goes through one of these functions.

Each one checks permission (`ActionForbidden`), validates all input (`ValidationError`, one
message per field), then writes in one transaction with an audit entry. Nothing is written when
any check fails.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jokko.accounts.access import ActionForbidden
from jokko.accounts.models import Organisation, Role, User
from jokko.audit.actions import record
from jokko.cases.models import Case, Consent, ConsentScope
from jokko.crosslink.models import LegalBasis
from jokko.gazetteer import UnknownPlace
from jokko.gazetteer import get as get_place
from jokko.incidents.access import visible_incidents, visible_suspects
from jokko.incidents.models import Incident, Offence, Suspect
from jokko.investigations.access import can_open_investigations, can_work_on
from jokko.investigations.models import (
    STATUSES_NEEDING_REASON,
    CustodyEvent,
    Evidence,
    EvidenceKind,
    Investigation,
    InvestigationCase,
    InvestigationStatus,
    Step,
    StepKind,
)
from jokko.validation import Errors, add_error, raise_if_errors

# An evidence document is a scan or a photo, not a video archive.
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024


@dataclass
class InvestigationInput:
    title: str
    opened_on: datetime.date | None
    offences: list[str]
    investigator_ids: list[int] = field(default_factory=list)
    incident_ids: list[int] = field(default_factory=list)


@dataclass
class EvidenceInput:
    exhibit_number: str
    description: str
    kind: str
    collected_on: datetime.date | None
    place_code: str = ""
    document: bytes | None = None
    document_name: str = ""
    document_type: str = ""


def _check_date(
    errors: Errors, name: str, value: datetime.date | None, not_before: datetime.date | None
) -> None:
    if value is None:
        add_error(errors, name, _("This field is required."))
    elif value > timezone.localdate():
        add_error(errors, name, _("The date cannot be in the future."))
    elif not_before is not None and value < not_before:
        add_error(
            errors,
            name,
            _("The date cannot be before the investigation was opened (%(date)s).")
            % {"date": not_before.isoformat()},
        )


def _check_can_work(user: Any, investigation: Investigation) -> None:
    if not can_work_on(user, investigation):
        raise ActionForbidden


def open_investigation(
    user: Any, data: InvestigationInput, *, channel: str = "web"
) -> Investigation:
    """Open an investigation for the user's own unit; the opener is its first investigator."""
    if not can_open_investigations(user):
        raise ActionForbidden
    errors: Errors = {}
    title = data.title.strip()
    if not title:
        add_error(errors, "title", _("This field is required."))
    _check_date(errors, "opened_on", data.opened_on, None)
    offences = [code for code in Offence.values if code in data.offences]
    if not offences:
        add_error(errors, "offences", _("Choose at least one offence."))
    unknown_offences = [code for code in data.offences if code not in Offence.values]
    if unknown_offences:
        add_error(
            errors,
            "offences",
            _("Unknown offence: %(codes)s") % {"codes": ", ".join(unknown_offences)},
        )
    investigators = list(
        User.objects.filter(pk__in=data.investigator_ids, role=Role.INVESTIGATOR, is_active=True)
    )
    if len(investigators) != len(set(data.investigator_ids)):
        add_error(errors, "investigators", _("Only active investigators can be assigned."))
    incidents = list(visible_incidents(user).filter(pk__in=data.incident_ids))
    if len(incidents) != len(set(data.incident_ids)):
        add_error(errors, "incidents", _("Unknown incident."))
    raise_if_errors(errors)
    assert data.opened_on is not None
    unit: Organisation = user.organisation
    with transaction.atomic():
        investigation = Investigation.objects.create(
            reference=f"tmp-{uuid.uuid4().hex[:24]}",  # replaced below once the pk is known
            title=title,
            unit=unit,
            opened_on=data.opened_on,
            offences=offences,
            created_by=user,
        )
        investigation.reference = (
            f"ENQ-{settings.NODE_COUNTRY}-{data.opened_on.year}-{investigation.pk:04d}"
        )
        investigation.save(update_fields=["reference"])
        investigation.investigators.add(user, *investigators)
        investigation.incidents.add(*incidents)
        record(user, "create", "investigation", investigation.pk, channel=channel)
    return investigation


def add_step(
    user: Any,
    investigation: Investigation,
    *,
    done_on: datetime.date | None,
    kind: str,
    description: str,
    channel: str = "web",
) -> Step:
    _check_can_work(user, investigation)
    errors: Errors = {}
    _check_date(errors, "done_on", done_on, investigation.opened_on)
    if kind not in StepKind.values:
        add_error(errors, "kind", _("Choose a kind of step."))
    if not description.strip():
        add_error(errors, "description", _("This field is required."))
    raise_if_errors(errors)
    assert done_on is not None
    with transaction.atomic():
        step = Step.objects.create(
            investigation=investigation,
            done_on=done_on,
            kind=kind,
            description=description.strip(),
            by=user,
        )
        record(user, "update", "investigation", investigation.pk, channel=channel, step=step.pk)
    return step


def add_evidence(
    user: Any, investigation: Investigation, data: EvidenceInput, *, channel: str = "web"
) -> Evidence:
    """Log an exhibit; its document (if any) is stored encrypted with its SHA-256."""
    _check_can_work(user, investigation)
    errors: Errors = {}
    number = data.exhibit_number.strip()
    if not number:
        add_error(errors, "exhibit_number", _("This field is required."))
    elif investigation.evidence.filter(exhibit_number=number).exists():
        add_error(
            errors,
            "exhibit_number",
            _("This exhibit number is already used in this investigation."),
        )
    if not data.description.strip():
        add_error(errors, "description", _("This field is required."))
    if data.kind not in EvidenceKind.values:
        add_error(errors, "kind", _("Choose a kind of exhibit."))
    _check_date(errors, "collected_on", data.collected_on, None)
    if data.place_code.strip():
        try:
            get_place(data.place_code.strip())
        except UnknownPlace:
            add_error(errors, "place_code", _("Unknown place."))
    if data.document is not None:
        if not data.document:
            add_error(errors, "document", _("The file is empty."))
        elif len(data.document) > MAX_DOCUMENT_BYTES:
            add_error(errors, "document", _("The file is larger than 10 MB."))
    raise_if_errors(errors)
    assert data.collected_on is not None
    evidence = Evidence(
        investigation=investigation,
        exhibit_number=number,
        description=data.description.strip(),
        kind=data.kind,
        collected_on=data.collected_on,
        collected_by=user,
        place_code=data.place_code.strip(),
    )
    if data.document:
        evidence.set_document(
            data.document,
            data.document_name[:200] or "document",
            data.document_type[:100] or "application/octet-stream",
        )
    with transaction.atomic():
        evidence.save()
        record(
            user,
            "create",
            "evidence",
            evidence.pk,
            channel=channel,
            investigation=investigation.pk,
            sha256=evidence.document_sha256,
        )
    return evidence


def transfer_custody(
    user: Any,
    evidence: Evidence,
    *,
    from_holder: str,
    to_holder: str,
    at: datetime.datetime | None,
    purpose: str,
    channel: str = "web",
) -> CustodyEvent:
    """Append one hand-over to the exhibit's chain of custody; time never goes backwards."""
    _check_can_work(user, evidence.investigation)
    errors: Errors = {}
    for name, value in (
        ("from_holder", from_holder),
        ("to_holder", to_holder),
        ("purpose", purpose),
    ):
        if not value.strip():
            add_error(errors, name, _("This field is required."))
    if at is None:
        add_error(errors, "at", _("This field is required."))
    else:
        if timezone.is_naive(at):
            at = timezone.make_aware(at)
        last = evidence.custody.order_by("-at", "-id").first()
        if at > timezone.now():
            add_error(errors, "at", _("The time cannot be in the future."))
        elif at.date() < evidence.collected_on:
            add_error(errors, "at", _("The hand-over cannot be before the exhibit was collected."))
        elif last is not None and at < last.at:
            add_error(
                errors,
                "at",
                _("The chain of custody cannot go back in time: the last hand-over was at %(at)s.")
                % {"at": timezone.localtime(last.at).strftime("%Y-%m-%d %H:%M")},
            )
    raise_if_errors(errors)
    assert at is not None
    with transaction.atomic():
        event = CustodyEvent.objects.create(
            evidence=evidence,
            from_holder=from_holder.strip(),
            to_holder=to_holder.strip(),
            at=at,
            purpose=purpose.strip(),
            recorded_by=user,
        )
        record(user, "update", "evidence", evidence.pk, channel=channel, custody=event.pk)
    return event


def assign_investigator(
    user: Any, investigation: Investigation, investigator_id: int | None, *, channel: str = "web"
) -> User:
    """Assign another investigator (of any unit: joint operations cross units); they then see
    and work on the investigation like the unit's own investigators."""
    _check_can_work(user, investigation)
    colleague = (
        User.objects.filter(pk=investigator_id, role=Role.INVESTIGATOR, is_active=True).first()
        if investigator_id
        else None
    )
    if colleague is None:
        raise ValidationError({"investigator": [_("Only active investigators can be assigned.")]})
    if investigation.investigators.filter(pk=colleague.pk).exists():
        raise ValidationError({"investigator": [_("This investigator is already assigned.")]})
    with transaction.atomic():
        investigation.investigators.add(colleague)
        record(
            user,
            "update",
            "investigation",
            investigation.pk,
            channel=channel,
            assigned=colleague.pk,
        )
    return colleague


def link_incident(
    user: Any, investigation: Investigation, reference: str, *, channel: str = "web"
) -> Incident:
    _check_can_work(user, investigation)
    incident = visible_incidents(user).filter(reference=reference.strip()).first()
    if incident is None:
        raise ValidationError({"incident": [_("Unknown incident reference.")]})
    with transaction.atomic():
        investigation.incidents.add(incident)
        record(
            user, "update", "investigation", investigation.pk, channel=channel, incident=incident.pk
        )
    return incident


def link_suspect(
    user: Any, investigation: Investigation, suspect_id: int | None, *, channel: str = "web"
) -> Suspect:
    _check_can_work(user, investigation)
    suspect = visible_suspects(user).filter(pk=suspect_id).first() if suspect_id else None
    if suspect is None:
        raise ValidationError({"suspect": [_("Unknown suspect.")]})
    with transaction.atomic():
        investigation.suspects.add(suspect)
        record(
            user,
            "update",
            "investigation",
            investigation.pk,
            person_id=suspect.person_id,
            channel=channel,
            suspect=suspect.pk,
        )
    return suspect


def _law_enforcement_consent(case: Case) -> Consent | None:
    for consent in case.consents.filter(withdrawn_on__isnull=True).order_by("-given_on", "-id"):
        if ConsentScope.LAW_ENFORCEMENT in consent.scopes:
            return consent
    return None


def link_case(
    user: Any,
    investigation: Investigation,
    case_reference: str,
    *,
    legal_basis: str = "",
    legal_reference: str = "",
    channel: str = "web",
) -> InvestigationCase:
    """Link a survivor's case: on their active consent to law enforcement, else on a recorded
    legal basis with its reference (e.g. the prosecutor's order number); refused otherwise."""
    _check_can_work(user, investigation)
    errors: Errors = {}
    case = Case.objects.filter(reference=case_reference.strip()).first()
    consent: Consent | None = None
    if case is None:
        add_error(errors, "case", _("Unknown case reference."))
    elif investigation.case_links.filter(case=case).exists():
        add_error(errors, "case", _("This case is already linked to the investigation."))
    else:
        consent = _law_enforcement_consent(case)
    if legal_basis and legal_basis not in LegalBasis.values:
        add_error(errors, "legal_basis", _("Unknown legal basis."))
    if legal_basis and not legal_reference.strip():
        add_error(errors, "legal_reference", _("Give the reference of the legal basis."))
    if case is not None and consent is None and not legal_basis and "case" not in errors:
        add_error(
            errors,
            "case",
            _(
                "The survivor has not consented to sharing with police and justice: record a "
                "legal basis and its reference to link this case."
            ),
        )
    raise_if_errors(errors)
    assert case is not None
    with transaction.atomic():
        link = InvestigationCase.objects.create(
            investigation=investigation,
            case=case,
            consent=consent,
            legal_basis="" if consent else legal_basis,
            legal_reference="" if consent else legal_reference.strip(),
            linked_by=user,
        )
        record(
            user,
            "update",
            "investigation",
            investigation.pk,
            channel=channel,
            case=case.pk,
            basis="consent" if consent else legal_basis,
        )
    return link


def change_status(
    user: Any, investigation: Investigation, status: str, reason: str = "", *, channel: str = "web"
) -> Investigation:
    _check_can_work(user, investigation)
    errors: Errors = {}
    if status not in InvestigationStatus.values:
        add_error(errors, "status", _("Unknown status."))
    elif status == investigation.status:
        add_error(errors, "status", _("The investigation already has this status."))
    elif status in STATUSES_NEEDING_REASON and not reason.strip():
        add_error(errors, "reason", _("Say why the investigation is suspended or closed."))
    raise_if_errors(errors)
    previous = investigation.status
    with transaction.atomic():
        investigation.status = status
        investigation.status_reason = reason.strip()[:300]
        investigation.save(update_fields=["status", "status_reason"])
        record(
            user,
            "update",
            "investigation",
            investigation.pk,
            channel=channel,
            from_status=previous,
            to_status=status,
        )
    return investigation
