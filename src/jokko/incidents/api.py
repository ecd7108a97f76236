"""API routes of the incidents app (mounted under /api/v1/incidents/ by jokko/api/api.py).

The same actions and access functions as the pages: a unit's field app can record an
interception, and a prosecutor's tools can list incidents and search suspects.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from jokko.accounts.access import ActionForbidden
from jokko.api.schemas import ERRORS
from jokko.incidents import actions
from jokko.incidents.access import (
    access_incident,
    access_suspect,
    can_use_incidents,
    visible_incidents,
)
from jokko.incidents.models import Incident, IncidentKind, Offence, Suspect
from jokko.incidents.search import search_suspects

router = Router(tags=["incidents"])
CHANNEL = "api"


class SuspectIn(Schema):
    name: str
    sex: str = ""
    nationality: str = Field("", description="ISO 3166-1 alpha-2")
    phone: str = ""
    plate: str = ""


class CountedIn(Schema):
    role: str = Field(..., description="smuggled_migrant, survivor or witness")
    count: int
    nationality: str = ""


class ItemIn(Schema):
    kind: str = Field(..., description="vehicle, boat, phone, money, seized_item")
    description: str = ""
    identifier: str = Field("", description="Plate, hull registration or phone number.")
    amount: str = ""
    currency: str = ""
    quantity: int = 1


class IncidentIn(Schema):
    kind: str = Field(..., description=", ".join(IncidentKind.values))
    occurred_on: datetime.date
    place_code: str = Field(..., description="Gazetteer code, e.g. SN-TC-KIDIRA")
    offences: list[str] = Field(..., description="tip and/or som")
    unit_id: int | None = Field(None, description="Police/gendarmerie unit; default: yours.")
    summary: str = ""
    suspects: list[SuspectIn] = []
    counted: list[CountedIn] = []
    items: list[ItemIn] = []


class IncidentPersonOut(Schema):
    role: str
    count: int
    suspect_id: int | None
    nationality: str
    case_id: int | None = Field(None, description="A survivor's case linked to the incident.")


class ItemOut(Schema):
    kind: str
    description: str
    identifier: str
    amount: str | None
    currency: str
    quantity: int


class IncidentOut(Schema):
    id: int
    reference: str
    kind: str
    occurred_on: datetime.date
    place_code: str
    unit_id: int
    offences: list[str]
    summary: str
    persons: list[IncidentPersonOut]
    items: list[ItemOut]


class IncidentPage(Schema):
    count: int
    items: list[IncidentOut]


class SuspectOut(Schema):
    id: int
    person_id: int
    pseudonym: str
    names: list[str]
    nationality: str
    plates: list[str]
    incident_ids: list[int]


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def incident_out(incident: Incident) -> dict[str, Any]:
    persons = []
    for link in incident.persons.select_related("person", "person__suspect_profile"):
        # Only a suspect's own nationality is shown; a linked survivor stays behind their case.
        profile = getattr(link.person, "suspect_profile", None) if link.person else None
        nationality = profile.person.nationality if profile else link.nationality
        persons.append(
            {
                "role": link.role,
                "count": link.count,
                "suspect_id": profile.pk if profile else None,
                "nationality": nationality,
                "case_id": link.case_id,
            }
        )
    return {
        "id": incident.pk,
        "reference": incident.reference,
        "kind": incident.kind,
        "occurred_on": incident.occurred_on,
        "place_code": incident.place_code,
        "unit_id": incident.unit_id,
        "offences": incident.offences,
        "summary": incident.summary,
        "persons": persons,
        "items": [
            {
                "kind": item.kind,
                "description": item.description,
                "identifier": item.identifier,
                "amount": None if item.amount is None else str(item.amount),
                "currency": item.currency,
                "quantity": item.quantity,
            }
            for item in incident.items.all()
        ],
    }


def suspect_out(suspect: Suspect) -> dict[str, Any]:
    person = suspect.person
    return {
        "id": suspect.pk,
        "person_id": person.pk,
        "pseudonym": person.pseudonym,
        "names": [name.full_name for name in person.names.all()],
        "nationality": person.nationality,
        "plates": [p.plate for p in suspect.plates.all()],
        "incident_ids": sorted({link.incident_id for link in person.incidents.all()}),
    }


@router.get("", response={200: IncidentPage, **ERRORS})
def list_incidents(
    request: HttpRequest,
    kind: str = "",
    offence: str = "",
    limit: int = Query(50, ge=1, le=200),
    offset: int = Query(0, ge=0),
) -> dict[str, Any]:
    user = _user(request)
    if not can_use_incidents(user):
        raise ActionForbidden
    incidents = visible_incidents(user)
    if kind in IncidentKind.values:
        incidents = incidents.filter(kind=kind)
    if offence in Offence.values:
        incidents = incidents.filter(offences__icontains=f'"{offence}"')
    page = list(incidents.prefetch_related("items")[offset : offset + limit])
    return {"count": incidents.count(), "items": [incident_out(i) for i in page]}


@router.post("", response={201: IncidentOut, **ERRORS})
def create_incident(request: HttpRequest, payload: IncidentIn) -> Status[dict[str, Any]]:
    """Record an operation; named suspects become suspect records, others may be counted."""
    data = payload.dict()
    incident = actions.record_incident(
        _user(request),
        actions.IncidentInput(
            kind=data["kind"],
            occurred_on=data["occurred_on"],
            place_code=data["place_code"],
            offences=data["offences"],
            unit_id=data["unit_id"],
            summary=data["summary"],
            suspects=[actions.SuspectInput(**s) for s in data["suspects"]],
            counted=[actions.CountedInput(**c) for c in data["counted"]],
            items=[actions.ItemInput(**i) for i in data["items"]],
        ),
        channel=CHANNEL,
    )
    return Status(201, incident_out(incident))


@router.get("/suspects", response={200: list[SuspectOut], **ERRORS})
def search(
    request: HttpRequest, q: str = Query(..., description="A name (any spelling), phone or plate")
) -> list[dict[str, Any]]:
    """Search suspects; every search is audited, the query text is not logged."""
    user = _user(request)
    if not can_use_incidents(user):
        raise ActionForbidden
    return [suspect_out(hit.suspect) for hit in search_suspects(user, q, channel=CHANNEL)]


@router.get("/suspects/{suspect_id}", response={200: SuspectOut, **ERRORS})
def get_suspect(request: HttpRequest, suspect_id: int) -> dict[str, Any]:
    return suspect_out(access_suspect(_user(request), suspect_id, channel=CHANNEL))


@router.get("/{incident_id}", response={200: IncidentOut, **ERRORS})
def get_incident(request: HttpRequest, incident_id: int) -> dict[str, Any]:
    return incident_out(access_incident(_user(request), incident_id))
