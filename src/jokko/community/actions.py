"""Writes to community reports. Views, the API, the SMS webhook and ODK ingestion call these.

Every function validates everything first and writes nothing if anything is wrong
(`ValidationError` with a message per field), then writes in one transaction with an audit
entry. Text is cleaned here (`sanitise.clean_text`), so every channel stores the same inert,
normalised text whatever its transport.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jokko.accounts.access import ActionForbidden
from jokko.accounts.models import Organisation, OrganisationKind, Role
from jokko.audit.actions import record
from jokko.cases.actions import CaseInput, register_survivor
from jokko.community.access import (
    can_submit_as_member,
    can_triage,
    is_committee_member,
    is_hotline_operator,
)
from jokko.community.models import (
    OPEN_STATUSES,
    Channel,
    CommunityReport,
    ReportStatus,
    SuspectedOffence,
    Urgency,
)
from jokko.community.sanitise import clean_text
from jokko.gazetteer.places import UnknownPlace
from jokko.gazetteer.places import get as get_place
from jokko.people.actions import PersonInput, find_retry, normalise_phone
from jokko.people.crypto import cipher
from jokko.validation import Errors, add_error, raise_if_errors

MAX_DESCRIPTION = 4000
MAX_PLACE_TEXT = 200
MAX_CONTACT = 120
MAX_NOTE = 2000
MAX_PERSONS = 10_000
EXTERNAL_ID_LENGTH = 128
POLICE_KINDS = frozenset({OrganisationKind.POLICE, OrganisationKind.GENDARMERIE})


@dataclass
class ReportInput:
    """What a reporter says, whatever the channel. Codes are `models` TextChoices values."""

    description: str
    place_code: str = ""
    place_text: str = ""
    suspected_offence: str = SuspectedOffence.UNKNOWN
    persons_count: int | None = None
    children_involved: bool | None = None
    urgency: str = Urgency.NORMAL
    contact: str = ""
    received_at: datetime.datetime | None = None
    client_id: uuid.UUID | None = None


def _too_long(errors: Errors, field: str, value: str, limit: int) -> None:
    if len(value) > limit:
        add_error(
            errors,
            field,
            _("This text is too long: %(length)s characters, %(limit)s at most.")
            % {"length": len(value), "limit": limit},
        )


def clean_report_input(data: ReportInput) -> ReportInput:
    """Sanitised copy of `data`; raises one `ValidationError` listing every problem."""
    errors: Errors = {}
    description = clean_text(data.description or "", multiline=True)
    place_text = clean_text(data.place_text or "")
    contact = clean_text(data.contact or "")
    place_code = (data.place_code or "").strip()
    if not description:
        add_error(errors, "description", _("Please say what you saw."))
    _too_long(errors, "description", description, MAX_DESCRIPTION)
    _too_long(errors, "place_text", place_text, MAX_PLACE_TEXT)
    _too_long(errors, "contact", contact, MAX_CONTACT)
    if place_code:
        try:
            get_place(place_code)
        except UnknownPlace:
            add_error(errors, "place_code", _("Unknown place: %(code)s") % {"code": place_code})
    if data.suspected_offence not in SuspectedOffence.values:
        add_error(errors, "suspected_offence", _("Choose one of the offences offered."))
    if data.urgency not in Urgency.values:
        add_error(errors, "urgency", _("Choose one of the urgency levels offered."))
    if data.persons_count is not None and not 0 < data.persons_count <= MAX_PERSONS:
        add_error(
            errors,
            "persons_count",
            _("The number of persons must be between 1 and %(max)s.") % {"max": MAX_PERSONS},
        )
    if data.received_at is not None and data.received_at > timezone.now():
        add_error(errors, "received_at", _("This date is in the future."))
    raise_if_errors(errors)
    return ReportInput(
        description=description,
        place_code=place_code,
        place_text=place_text,
        suspected_offence=data.suspected_offence,
        persons_count=data.persons_count,
        children_involved=data.children_involved,
        urgency=data.urgency,
        contact=contact,
        received_at=data.received_at,
        client_id=data.client_id,
    )


def contact_index(contact: str) -> str:
    """Blind index of a contact: phone numbers and URNs compared by their digits."""
    value = contact.strip().lower()
    if not value:
        return ""
    digits = normalise_phone(value.split(":", 1)[-1])
    key = digits.lstrip("+") if len(digits.lstrip("+")) >= 6 else value
    return cipher().blind_index("community-contact", key)


def _authorise_channel(actor: Any, channel: str) -> dict[str, Any]:
    """Who may submit through `channel`, and what the channel fixes on the report."""
    if channel not in Channel.values:
        raise ValidationError({"channel": [_("Unknown channel: %(c)s") % {"c": channel}]})
    user: Any = actor if getattr(actor, "is_authenticated", False) else None
    if channel == Channel.PUBLIC_WEB:
        return {"reporter": None}  # the public form is anonymous, even when signed in
    if channel == Channel.COMMITTEE:
        if not can_submit_as_member(user):
            raise ActionForbidden
        committee = user.organisation if is_committee_member(user) else None
        return {"reporter": user, "committee": committee}
    if channel == Channel.HOTLINE:
        if not can_triage(user):
            raise ActionForbidden
        hotline = user.organisation if is_hotline_operator(user) else None
        return {"reporter": None, "hotline": hotline, "taken_by": user}
    # SMS and ODK arrive through an authenticated transport (webhook key, ODK server). A form
    # filled by a signed-in committee member still belongs to that member.
    if user is not None and user.role == Role.COMMUNITY_REPORTER:
        committee = user.organisation if is_committee_member(user) else None
        return {"reporter": user, "committee": committee}
    return {"reporter": None}


def submit_report(
    actor: Any, data: ReportInput, *, channel: str, external_id: str = ""
) -> tuple[CommunityReport, bool]:
    """Record a report; `(report, created)`. Idempotent on (channel, external_id) and on
    `client_id`: a gateway or a phone retrying a submission gets the first report back."""
    fixed = _authorise_channel(actor, channel)
    external_id = (external_id or "").strip()
    if len(external_id) > EXTERNAL_ID_LENGTH:
        raise ValidationError({"external_id": [_("The external id is too long.")]})
    if external_id:
        existing = CommunityReport.objects.filter(channel=channel, external_id=external_id).first()
        if existing is not None:
            return existing, False
    reporter = fixed.get("reporter")
    retry = find_retry(CommunityReport, data.client_id, reporter_id=getattr(reporter, "pk", None))
    if retry is not None:
        return retry, False
    cleaned = clean_report_input(data)
    committee = fixed.get("committee")
    place_code = cleaned.place_code or (committee.place_code if committee else "")
    try:
        with transaction.atomic():
            report = CommunityReport.objects.create(
                reference=f"tmp-{uuid.uuid4().hex[:24]}",
                channel=channel,
                received_at=cleaned.received_at or timezone.now(),
                reporter=reporter,
                committee=committee,
                hotline=fixed.get("hotline"),
                contact=cleaned.contact,
                contact_index=contact_index(cleaned.contact),
                place_code=place_code,
                place_text=cleaned.place_text,
                description=cleaned.description,
                suspected_offence=cleaned.suspected_offence,
                persons_count=cleaned.persons_count,
                children_involved=cleaned.children_involved,
                urgency=cleaned.urgency,
                external_id=external_id,
                client_id=cleaned.client_id,
            )
            report.reference = (
                f"SIG-{settings.NODE_COUNTRY}-{report.received_at.year}-{report.pk:05d}"
            )
            report.save(update_fields=["reference"])
            record(
                fixed.get("taken_by") or reporter or actor,
                "create",
                "community_report",
                report.pk,
                channel=channel,
            )
    except IntegrityError:
        # Two deliveries of the same webhook raced: the other one won, hand its report back.
        if external_id:
            winner = CommunityReport.objects.filter(
                channel=channel, external_id=external_id
            ).first()
            if winner is not None:
                return winner, False
        raise
    return report, True


# --- triage ----------------------------------------------------------------------------------


def _require_triage(actor: Any) -> None:
    if not can_triage(actor):
        raise ActionForbidden


def _require_open(report: CommunityReport) -> None:
    if report.status not in OPEN_STATUSES:
        raise ValidationError(
            {
                "status": [
                    _("This report is already closed (%(s)s).") % {"s": report.get_status_display()}
                ]
            }
        )


def _stamp_triage(actor: Any, report: CommunityReport) -> list[str]:
    """The first decision on a report is its triage: its time is what the indicator measures."""
    if report.triaged_at is not None:
        return []
    report.triaged_at = timezone.now()
    report.triaged_by = actor
    return ["triaged_at", "triaged_by"]


def triage_report(
    actor: Any,
    report: CommunityReport,
    *,
    urgency: str,
    note: str = "",
    dismiss: bool = False,
    channel: str = "web",
) -> CommunityReport:
    """Set the urgency (and keep the report open as triaged) or dismiss it."""
    _require_triage(actor)
    errors: Errors = {}
    if urgency not in Urgency.values:
        add_error(errors, "urgency", _("Choose one of the urgency levels offered."))
    note = clean_text(note, multiline=True)
    _too_long(errors, "note", note, MAX_NOTE)
    if report.status not in OPEN_STATUSES:
        add_error(
            errors,
            "status",
            _("This report is already closed (%(s)s).") % {"s": report.get_status_display()},
        )
    raise_if_errors(errors)
    with transaction.atomic():
        report.urgency = urgency
        report.status = ReportStatus.DISMISSED if dismiss else ReportStatus.TRIAGED
        if note:
            report.triage_note = note
        fields = ["urgency", "status", "triage_note", *_stamp_triage(actor, report)]
        report.save(update_fields=fields)
        record(
            actor,
            "update",
            "community_report",
            report.pk,
            channel=channel,
            urgency=urgency,
            decision="dismiss" if dismiss else "triage",
        )
    return report


def mark_duplicate(
    actor: Any, report: CommunityReport, original: CommunityReport, *, channel: str = "web"
) -> CommunityReport:
    """The operator confirms that `report` tells the same story as `original`."""
    _require_triage(actor)
    errors: Errors = {}
    if original.pk == report.pk:
        add_error(errors, "duplicate_of", _("A report cannot duplicate itself."))
    elif original.duplicate_of_id == report.pk:
        add_error(errors, "duplicate_of", _("That report is already a duplicate of this one."))
    if report.status not in OPEN_STATUSES:
        add_error(
            errors,
            "status",
            _("This report is already closed (%(s)s).") % {"s": report.get_status_display()},
        )
    raise_if_errors(errors)
    with transaction.atomic():
        report.status = ReportStatus.DUPLICATE
        report.duplicate_of = original.duplicate_of or original
        fields = ["status", "duplicate_of", *_stamp_triage(actor, report)]
        report.save(update_fields=fields)
        record(
            actor,
            "update",
            "community_report",
            report.pk,
            channel=channel,
            duplicate_of=report.duplicate_of_id,
            decision="duplicate",
        )
    return report


def case_prefill(report: CommunityReport) -> CaseInput:
    """What the report already says about the case an operator opens from it."""
    source = {
        Channel.COMMITTEE: "vigilance_committee",
        Channel.HOTLINE: "hotline",
        Channel.SMS: "hotline",
        Channel.PUBLIC_WEB: "family_community",
        Channel.ODK: "vigilance_committee",
    }[Channel(report.channel)]
    case_type = report.suspected_offence if report.suspected_offence != "unknown" else "tip"
    return CaseInput(
        case_type=case_type,
        identification_source=source,
        identified_on=timezone.localdate(report.received_at),
        place_code=report.place_code,
        summary=report.description,
    )


def convert_to_case(
    actor: Any,
    report: CommunityReport,
    person: PersonInput,
    case_data: CaseInput,
    *,
    channel: str = "web",
) -> Any:
    """Open a survivor's case from the report, owned by the operator's organisation (the
    hotline then refers it onward through the normal referral mechanism)."""
    _require_triage(actor)
    _require_open(report)
    with transaction.atomic():
        case, _created = register_survivor(actor, person, case_data, channel=channel)
        report.case = case
        report.status = ReportStatus.CONVERTED_TO_CASE
        fields = ["case", "status", *_stamp_triage(actor, report)]
        report.save(update_fields=fields)
        record(
            actor,
            "update",
            "community_report",
            report.pk,
            channel=channel,
            case_id=case.pk,
            decision="case",
        )
    return case


def police_units() -> list[Organisation]:
    return list(
        Organisation.objects.filter(kind__in=POLICE_KINDS, country=settings.NODE_COUNTRY).order_by(
            "name"
        )
    )


def forward_to_police(
    actor: Any, report: CommunityReport, unit: Organisation | None, *, channel: str = "web"
) -> CommunityReport:
    _require_triage(actor)
    errors: Errors = {}
    if unit is None or unit.kind not in POLICE_KINDS or unit.country != settings.NODE_COUNTRY:
        add_error(errors, "unit", _("Choose a police or gendarmerie unit of this country."))
    if report.status not in OPEN_STATUSES:
        add_error(
            errors,
            "status",
            _("This report is already closed (%(s)s).") % {"s": report.get_status_display()},
        )
    raise_if_errors(errors)
    with transaction.atomic():
        report.forwarded_to = unit
        report.forwarded_at = timezone.now()
        report.status = ReportStatus.FORWARDED_TO_POLICE
        fields = ["forwarded_to", "forwarded_at", "status", *_stamp_triage(actor, report)]
        report.save(update_fields=fields)
        record(
            actor,
            "update",
            "community_report",
            report.pk,
            channel=channel,
            unit=getattr(unit, "pk", None),
            decision="forward",
        )
    return report


def convert_to_incident(
    actor: Any, report: CommunityReport, data: Any, *, channel: str = "web"
) -> Any:
    """An investigator of the unit the report was forwarded to records the incident it led to."""
    from jokko.incidents.actions import can_record_incidents, record_incident

    if not can_record_incidents(actor) or (
        actor.role == Role.INVESTIGATOR and report.forwarded_to_id != actor.organisation_id
    ):
        raise ActionForbidden
    if report.status != ReportStatus.FORWARDED_TO_POLICE:
        raise ValidationError(
            {"status": [_("Only a report forwarded to the police becomes an incident.")]}
        )
    with transaction.atomic():
        incident = record_incident(actor, data, channel=channel)
        report.incident = incident
        report.status = ReportStatus.CONVERTED_TO_INCIDENT
        report.save(update_fields=["incident", "status"])
        record(
            actor,
            "update",
            "community_report",
            report.pk,
            channel=channel,
            incident_id=incident.pk,
            decision="incident",
        )
    return incident


def place_from_text(text: str) -> str:
    """The gazetteer code a reporter meant, when the text names exactly one known place.

    "Bantaco" becomes SN-KE-BANTACO; anything vaguer ("near the gold mine") stays free text
    and the operator sets the place at triage.
    """
    from jokko.gazetteer.places import normalize, search

    text = text.strip()
    if not text:
        return ""
    try:
        return get_place(text.upper()).code
    except UnknownPlace:
        pass
    wanted = normalize(text)
    for place in search(text, settings.NODE_COUNTRY, limit=5):
        if normalize(place.name) == wanted:
            return place.code
    return ""


def set_place(
    actor: Any, report: CommunityReport, place_code: str, *, channel: str = "web"
) -> None:
    """The operator pins a report to a gazetteer place (duplicate detection uses it)."""
    _require_triage(actor)
    try:
        get_place(place_code)
    except UnknownPlace:
        message = _("Unknown place: %(code)s") % {"code": place_code}
        raise ValidationError({"place_code": [message]}) from None
    with transaction.atomic():
        report.place_code = place_code
        report.save(update_fields=["place_code"])
        record(actor, "update", "community_report", report.pk, channel=channel)
