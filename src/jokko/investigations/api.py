"""API routes of the investigations app (mounted under /api/v1/investigations/).

The same actions and access functions as the pages. A linked survivor case appears by its
reference; the survivor's name only under the consent rule of `investigations.access`, audited.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from jokko.accounts.access import ActionForbidden
from jokko.api.schemas import ERRORS
from jokko.investigations import actions
from jokko.investigations.access import (
    access_investigation,
    can_use_investigations,
    survivor_identity,
    visible_investigations,
)
from jokko.investigations.models import Investigation, InvestigationStatus

router = Router(tags=["investigations"])
CHANNEL = "api"


class InvestigationIn(Schema):
    title: str
    opened_on: datetime.date
    offences: list[str] = Field(..., description="tip and/or som")
    investigator_ids: list[int] = Field([], description="Other investigators to assign.")
    incident_ids: list[int] = []


class CaseLinkOut(Schema):
    case_reference: str
    on_consent: bool
    legal_basis: str
    legal_reference: str
    survivor_name: str | None = Field(
        None, description="Only while the survivor's consent covers law enforcement."
    )


class EvidenceOut(Schema):
    id: int
    exhibit_number: str
    description: str
    kind: str
    collected_on: datetime.date
    place_code: str
    document_sha256: str
    custody_events: int


class InvestigationOut(Schema):
    id: int
    reference: str
    title: str
    unit_id: int
    opened_on: datetime.date
    status: str
    status_reason: str
    offences: list[str]
    investigator_ids: list[int]
    incident_ids: list[int]
    suspect_ids: list[int]


class InvestigationDetailOut(InvestigationOut):
    cases: list[CaseLinkOut]
    evidence: list[EvidenceOut]
    steps: int


class InvestigationPage(Schema):
    count: int
    items: list[InvestigationOut]


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def investigation_out(investigation: Investigation) -> dict[str, Any]:
    return {
        "id": investigation.pk,
        "reference": investigation.reference,
        "title": investigation.title,
        "unit_id": investigation.unit_id,
        "opened_on": investigation.opened_on,
        "status": investigation.status,
        "status_reason": investigation.status_reason,
        "offences": investigation.offences,
        "investigator_ids": sorted(u.pk for u in investigation.investigators.all()),
        "incident_ids": sorted(i.pk for i in investigation.incidents.all()),
        "suspect_ids": sorted(s.pk for s in investigation.suspects.all()),
    }


def investigation_detail_out(user: Any, investigation: Investigation) -> dict[str, Any]:
    data = investigation_out(investigation)
    data["cases"] = [
        {
            "case_reference": link.case.reference,
            "on_consent": link.consent_id is not None,
            "legal_basis": link.legal_basis,
            "legal_reference": link.legal_reference,
            "survivor_name": survivor_identity(user, link, channel=CHANNEL),
        }
        for link in investigation.case_links.select_related("case__person", "consent")
    ]
    data["evidence"] = [
        {
            "id": item.pk,
            "exhibit_number": item.exhibit_number,
            "description": item.description,
            "kind": item.kind,
            "collected_on": item.collected_on,
            "place_code": item.place_code,
            "document_sha256": item.document_sha256,
            "custody_events": item.custody.count(),
        }
        for item in investigation.evidence.all()
    ]
    data["steps"] = investigation.steps.count()
    return data


@router.get("", response={200: InvestigationPage, **ERRORS})
def list_investigations(
    request: HttpRequest,
    status: str = "",
    limit: int = Query(50, ge=1, le=200),
    offset: int = Query(0, ge=0),
) -> dict[str, Any]:
    user = _user(request)
    if not can_use_investigations(user):
        raise ActionForbidden
    investigations = visible_investigations(user)
    if status in InvestigationStatus.values:
        investigations = investigations.filter(status=status)
    page = investigations.prefetch_related("investigators", "incidents", "suspects")[
        offset : offset + limit
    ]
    return {"count": investigations.count(), "items": [investigation_out(i) for i in page]}


@router.post("", response={201: InvestigationDetailOut, **ERRORS})
def create_investigation(request: HttpRequest, payload: InvestigationIn) -> Status[dict[str, Any]]:
    """Open an investigation for the calling investigator's own unit."""
    user = _user(request)
    data = payload.dict()
    investigation = actions.open_investigation(
        user, actions.InvestigationInput(**data), channel=CHANNEL
    )
    return Status(201, investigation_detail_out(user, investigation))


@router.get("/{investigation_id}", response={200: InvestigationDetailOut, **ERRORS})
def get_investigation(request: HttpRequest, investigation_id: int) -> dict[str, Any]:
    user = _user(request)
    investigation = access_investigation(user, investigation_id, channel=CHANNEL)
    return investigation_detail_out(user, investigation)
