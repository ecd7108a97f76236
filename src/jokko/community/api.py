"""API routes of the community app (mounted under /api/v1/community/ by jokko/api/api.py).

The same actions and access functions as the pages: a committee's phone app submits reports
and lists its own; a hotline's tools list the triage queue, decide and convert. The SMS /
chatbot webhook is not here: RapidPro authenticates with a shared key, not a user token
(`/community/webhooks/rapidpro/`, `views.rapidpro_webhook`).
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from jokko.accounts.access import ActionForbidden, has_role
from jokko.accounts.models import Organisation, Role
from jokko.api.schemas import ERRORS, SurvivorIn
from jokko.cases.actions import CaseInput
from jokko.community import actions
from jokko.community.access import (
    access_report,
    can_submit_as_member,
    can_triage,
    visible_reports,
)
from jokko.community.duplicates import duplicate_candidates
from jokko.community.indicators import report_indicators
from jokko.community.models import OPEN_STATUSES, Channel, CommunityReport
from jokko.community.views import triage_order
from jokko.people.actions import PersonInput

router = Router(tags=["community"])
CHANNEL = "api"
INDICATOR_ROLES = frozenset({Role.COORDINATOR, Role.ANALYST, Role.PROGRAMME_OFFICER})


class ReportIn(Schema):
    client_id: uuid.UUID | None = Field(
        None, description="Client-generated id: a retry returns the first report."
    )
    description: str = Field(..., description="What was seen or heard.")
    place_code: str = Field("", description="Gazetteer code; default: the committee's place.")
    place_text: str = ""
    suspected_offence: str = Field("unknown", description="tip, som or unknown")
    persons_count: int | None = None
    children_involved: bool | None = None
    urgency: str = Field("normal", description="immediate, high, normal or low")
    contact: str = Field("", description="Caller's contact (hotline operators only).")


class ReportSummaryOut(Schema):
    id: int
    reference: str
    channel: str
    received_at: datetime.datetime
    place_code: str
    urgency: str
    status: str
    committee_id: int | None


class ReportOut(ReportSummaryOut):
    description: str
    place_text: str
    suspected_offence: str
    persons_count: int | None
    children_involved: bool | None
    duplicate_of_id: int | None
    case_id: int | None = Field(None, description="Shown to operators only.")
    incident_id: int | None = Field(None, description="Shown to operators only.")


class CandidateOut(Schema):
    id: int
    reference: str
    score: float
    same_contact: bool
    same_place: bool


class TriageRowOut(ReportSummaryOut):
    waiting_hours: float


class DecisionIn(Schema):
    decision: str = Field(..., description="triage, dismiss, duplicate or forward")
    urgency: str = ""
    note: str = ""
    duplicate_of: int | None = Field(None, description="Report id (decision duplicate).")
    unit_id: int | None = Field(None, description="Police unit id (decision forward).")


class ConvertIn(Schema):
    client_id: uuid.UUID | None = None
    person: SurvivorIn
    case_type: str = Field("", description="Default: from the report's suspected offence.")
    identification_source: str = ""
    identified_on: datetime.date | None = None
    place_code: str = ""
    summary: str | None = Field(None, description="Default: the report's text.")


class ConvertOut(Schema):
    report: ReportOut
    case_id: int
    case_reference: str


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def summary_out(report: CommunityReport) -> dict[str, Any]:
    return {
        "id": report.pk,
        "reference": report.reference,
        "channel": report.channel,
        "received_at": report.received_at,
        "place_code": report.place_code,
        "urgency": report.urgency,
        "status": report.status,
        "committee_id": report.committee_id,
    }


def report_out(user: Any, report: CommunityReport) -> dict[str, Any]:
    operator = can_triage(user)
    return {
        **summary_out(report),
        "description": report.description,
        "place_text": report.place_text,
        "suspected_offence": report.suspected_offence,
        "persons_count": report.persons_count,
        "children_involved": report.children_involved,
        "duplicate_of_id": report.duplicate_of_id,
        "case_id": report.case_id if operator else None,
        "incident_id": report.incident_id if operator else None,
    }


@router.post("/reports", response={201: ReportOut, 200: ReportOut, **ERRORS})
def submit(request: HttpRequest, payload: ReportIn) -> Status[dict[str, Any]]:
    """Submit a report: as a committee member (channel committee) or a hotline operator
    (channel hotline). A retry with the same client_id returns the first report (200)."""
    user = _user(request)
    if can_triage(user):
        channel = Channel.HOTLINE
    elif can_submit_as_member(user):
        channel = Channel.COMMITTEE
    else:
        raise ActionForbidden
    data = payload.dict()
    if channel == Channel.COMMITTEE:
        data["contact"] = ""  # a member's contact is their account
    report, created = actions.submit_report(user, actions.ReportInput(**data), channel=channel)
    return Status(201 if created else 200, report_out(user, report))


@router.get("/reports/mine", response={200: list[ReportSummaryOut], **ERRORS})
def mine(request: HttpRequest) -> list[dict[str, Any]]:
    """The caller's own reports and their status; never anyone else's."""
    user = _user(request)
    if not can_submit_as_member(user):
        raise ActionForbidden
    reports = CommunityReport.objects.filter(reporter=user).order_by("-received_at", "-id")
    return [summary_out(r) for r in reports[:500]]


@router.get("/triage", response={200: list[TriageRowOut], **ERRORS})
def triage_list(request: HttpRequest) -> list[dict[str, Any]]:
    """Open reports, most urgent first, then oldest first."""
    user = _user(request)
    if not can_triage(user):
        raise ActionForbidden
    from django.utils import timezone

    now = timezone.now()
    reports = triage_order(list(CommunityReport.objects.filter(status__in=OPEN_STATUSES)[:500]))
    return [
        {**summary_out(r), "waiting_hours": round((now - r.received_at).total_seconds() / 3600, 2)}
        for r in reports
    ]


@router.get("/indicators", response={200: dict[str, Any], **ERRORS})
def indicators(request: HttpRequest) -> dict[str, Any]:
    """Counts by channel, urgency, status and place; conversion rates; time to triage."""
    if not has_role(_user(request), INDICATOR_ROLES):
        raise ActionForbidden
    return report_indicators(CommunityReport.objects.all())


@router.get("/reports/{report_id}", response={200: ReportOut, **ERRORS})
def get_report(request: HttpRequest, report_id: int) -> dict[str, Any]:
    """One report with its text (an audited read)."""
    user = _user(request)
    return report_out(user, access_report(user, report_id, channel=CHANNEL))


@router.get("/reports/{report_id}/duplicates", response={200: list[CandidateOut], **ERRORS})
def duplicates(request: HttpRequest, report_id: int) -> list[dict[str, Any]]:
    user = _user(request)
    report = access_report(user, report_id, channel=CHANNEL)
    if not can_triage(user):
        raise ActionForbidden
    return [
        {
            "id": c.report.pk,
            "reference": c.report.reference,
            "score": c.score,
            "same_contact": c.same_contact,
            "same_place": c.same_place,
        }
        for c in duplicate_candidates(report)
    ]


@router.post("/reports/{report_id}/triage", response={200: ReportOut, **ERRORS})
def decide(request: HttpRequest, report_id: int, payload: DecisionIn) -> dict[str, Any]:
    """One operator decision: triage (urgency), dismiss, duplicate (of a report) or forward."""
    user = _user(request)
    report = access_report(user, report_id, channel=CHANNEL)
    if not can_triage(user):
        raise ActionForbidden
    if payload.decision in ("triage", "dismiss"):
        actions.triage_report(
            user,
            report,
            urgency=payload.urgency or report.urgency,
            note=payload.note,
            dismiss=payload.decision == "dismiss",
            channel=CHANNEL,
        )
    elif payload.decision == "duplicate":
        original = visible_reports(user).filter(pk=payload.duplicate_of or 0).first()
        if original is None:
            raise ValidationError({"duplicate_of": [_("Choose the report it duplicates.")]})
        actions.mark_duplicate(user, report, original, channel=CHANNEL)
    elif payload.decision == "forward":
        unit = Organisation.objects.filter(pk=payload.unit_id or 0).first()
        actions.forward_to_police(user, report, unit, channel=CHANNEL)
    else:
        raise ValidationError({"decision": [_("Choose a decision.")]})
    return report_out(user, report)


@router.post("/reports/{report_id}/convert", response={201: ConvertOut, **ERRORS})
def convert(request: HttpRequest, report_id: int, payload: ConvertIn) -> Status[dict[str, Any]]:
    """Open a survivor's case from the report (owned by the operator's organisation)."""
    user = _user(request)
    report = access_report(user, report_id, channel=CHANNEL)
    if not can_triage(user):
        raise ActionForbidden
    prefill = actions.case_prefill(report)
    person = payload.person
    case = actions.convert_to_case(
        user,
        report,
        PersonInput(
            names=person.names,
            roles=person.roles,
            sex=person.sex,
            birth_date=person.birth_date,
            birth_year=person.birth_year,
            birth_precision=person.birth_precision,
            nationality=person.nationality,
            phones=person.phones,
            documents=[(d.document_type, d.number) for d in person.documents],
        ),
        CaseInput(
            case_type=payload.case_type or prefill.case_type,
            identification_source=payload.identification_source or prefill.identification_source,
            identified_on=payload.identified_on or prefill.identified_on,
            place_code=payload.place_code or prefill.place_code,
            summary=prefill.summary if payload.summary is None else payload.summary,
            client_id=payload.client_id,
        ),
        channel=CHANNEL,
    )
    return Status(
        201,
        {"report": report_out(user, report), "case_id": case.pk, "case_reference": case.reference},
    )
