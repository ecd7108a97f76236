"""API routes of the cooperation app (mounted under /api/v1/cooperation/ by jokko/api/api.py).

The same actions and access functions as the pages.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from jokko.accounts.access import ActionForbidden
from jokko.api.schemas import ERRORS
from jokko.cooperation import actions
from jokko.cooperation.access import access_request_by_id, can_use_cooperation, visible_requests
from jokko.cooperation.models import JudicialRequest, RequestStatus

router = Router(tags=["cooperation"])
CHANNEL = "api"


class RequestIn(Schema):
    kind: str = Field(..., description="mla or extradition")
    direction: str = Field(..., description="outgoing (we ask) or incoming (we are asked)")
    other_country: str = Field(..., description="ISO 3166-1 alpha-2 code")
    subject: str
    measures: str
    legal_basis: str = Field(
        ..., description="ecowas_mla, ecowas_extradition, bilateral_agreement, reciprocity"
    )
    legal_reference: str = ""
    authority: str = ""
    sent_on: datetime.date | None = Field(None, description="Required for incoming requests.")
    deadline: datetime.date | None = None
    investigation_id: int | None = Field(None, description="The investigation it serves.")
    prosecution_id: int | None = Field(None, description="The prosecution it serves.")


class StatusIn(Schema):
    status: str = Field(..., description="sent, acknowledged, in_progress, executed, ...")
    happened_on: datetime.date | None = None
    note: str = ""


class EventOut(Schema):
    status: str
    happened_on: datetime.date
    note: str


class RequestOut(Schema):
    id: int
    reference: str
    kind: str
    direction: str
    other_country: str
    authority: str
    subject: str
    measures: str
    legal_basis: str
    legal_reference: str
    status: str
    sent_on: datetime.date | None
    deadline: datetime.date | None
    answered_on: datetime.date | None
    overdue: bool
    investigation_id: int | None
    prosecution_id: int | None
    bulletin_uid: str | None = Field(None, description="The signed bulletin that carried it.")
    events: list[EventOut]


class RequestPage(Schema):
    count: int
    items: list[RequestOut]


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def request_out(found: JudicialRequest) -> dict[str, Any]:
    fields = (
        "reference",
        "kind",
        "direction",
        "other_country",
        "authority",
        "subject",
        "measures",
        "legal_basis",
        "legal_reference",
        "status",
        "sent_on",
        "deadline",
        "answered_on",
    )
    return {
        **{name: getattr(found, name) for name in fields},
        "id": found.pk,
        "investigation_id": found.investigation_id,
        "prosecution_id": found.prosecution_id,
        "overdue": found.is_overdue,
        "bulletin_uid": str(found.bulletin.uid) if found.bulletin else None,
        "events": [
            {"status": e.status, "happened_on": e.happened_on, "note": e.note}
            for e in found.events.all()
        ],
    }


@router.get("", response={200: RequestPage, **ERRORS})
def list_requests(
    request: HttpRequest,
    status: str = Query("", description="one status; all when empty"),
    overdue: bool = Query(False, description="only pending requests past their deadline"),
    limit: int = Query(50, ge=1, le=200),
    offset: int = Query(0, ge=0),
) -> dict[str, Any]:
    user = _user(request)
    if not can_use_cooperation(user):
        raise ActionForbidden
    requests = visible_requests(user).select_related("bulletin").prefetch_related("events")
    if status in RequestStatus.values:
        requests = requests.filter(status=status)
    if overdue:
        requests = actions.overdue_requests(requests)
    page = list(requests[offset : offset + limit])
    return {"count": requests.count(), "items": [request_out(r) for r in page]}


@router.post("", response={201: RequestOut, **ERRORS})
def create_request(request: HttpRequest, payload: RequestIn) -> Status[dict[str, Any]]:
    """Record a request: ours as a draft, or one received from another country."""
    created = actions.create_request(
        _user(request), actions.RequestInput(**payload.dict()), channel=CHANNEL
    )
    return Status(201, request_out(created))


@router.get("/{request_id}", response={200: RequestOut, **ERRORS})
def get_request(request: HttpRequest, request_id: int) -> dict[str, Any]:
    return request_out(access_request_by_id(_user(request), request_id, channel=CHANNEL))


@router.post("/{request_id}/status", response={200: RequestOut, **ERRORS})
def change_status(request: HttpRequest, request_id: int, payload: StatusIn) -> dict[str, Any]:
    """Move a request along; "sent" on a draft to a federation peer sends a signed bulletin."""
    user = _user(request)
    found = access_request_by_id(user, request_id, channel=CHANNEL)
    changed = actions.change_status(
        user,
        found,
        payload.status,
        happened_on=payload.happened_on,
        note=payload.note,
        channel=CHANNEL,
    )
    return request_out(changed)
