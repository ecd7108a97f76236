"""API routes of the crosslink app (mounted under /api/v1/crosslink/ by jokko/api/api.py).

The same actions and access functions as the pages: an investigator's tool checks a person in
neighbouring countries, polls the answer, and requests a disclosure. Deciding a peer's
disclosure request stays a page (the coordinator's decision).
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from jokko.accounts.access import ActionForbidden
from jokko.api.schemas import ERRORS
from jokko.crosslink import actions
from jokko.crosslink.access import (
    access_candidate_by_id,
    access_disclosure_by_id,
    access_query_by_id,
    can_link,
    visible_candidates,
    visible_disclosures,
)
from jokko.crosslink.models import CandidateOrigin, DisclosureRequest, LinkageQuery

router = Router(tags=["crosslink"])
CHANNEL = "api"


class QueryIn(Schema):
    person_id: int
    peers: list[str] = Field(..., description="Country codes of active peer nodes.")
    purpose: str = Field(..., description="Why: the case or investigation.")
    legal_basis: str = Field(
        "", description="Needed for a survivor without consent to cross-border sharing."
    )
    legal_reference: str = ""


class CandidateOut(Schema):
    id: int
    peer_country: str
    pointer: str = Field(..., description="The peer's opaque pointer; means nothing here.")
    score: float
    expires_at: datetime.datetime


class QueryPeerOut(Schema):
    country: str
    status: str
    answered_at: datetime.datetime | None
    candidates: list[CandidateOut]


class QueryOut(Schema):
    id: int
    uid: uuid.UUID
    person_id: int
    purpose: str
    legal_basis: str
    legal_reference: str
    created_at: datetime.datetime
    peers: list[QueryPeerOut]


class DisclosureIn(Schema):
    purpose: str
    legal_basis: str = Field(..., description="judicial_order, mutual_legal_assistance, ...")
    legal_reference: str


class DisclosureOut(Schema):
    id: int
    direction: str
    peer_country: str
    pointer: str
    purpose: str
    legal_basis: str
    legal_reference: str
    status: str
    decided_at: datetime.datetime | None
    owner_legal_basis: str
    owner_legal_reference: str
    refusal_reason: str
    identity: dict[str, Any] | None = Field(
        None, description="On an approved outgoing request: who it is, and whom to contact."
    )


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _candidate_out(candidate: Any) -> dict[str, Any]:
    return {
        "id": candidate.pk,
        "peer_country": candidate.peer_country,
        "pointer": candidate.remote_pointer,
        "score": candidate.score,
        "expires_at": candidate.expires_at,
    }


def _query_out(user: Any, query: LinkageQuery) -> dict[str, Any]:
    candidates = list(
        visible_candidates(user).filter(exchange_id=query.uid, origin=CandidateOrigin.QUERY)
    )
    return {
        "id": query.pk,
        "uid": query.uid,
        "person_id": query.person_id,
        "purpose": query.purpose,
        "legal_basis": query.legal_basis,
        "legal_reference": query.legal_reference,
        "created_at": query.created_at,
        "peers": [
            {
                "country": peer.peer_country,
                "status": peer.status,
                "answered_at": peer.answered_at,
                "candidates": [
                    _candidate_out(c) for c in candidates if c.peer_country == peer.peer_country
                ],
            }
            for peer in query.peers.all()
        ],
    }


def _disclosure_out(request: DisclosureRequest, identity: dict[str, Any] | None) -> dict[str, Any]:
    return {
        "id": request.pk,
        "direction": request.direction,
        "peer_country": request.peer_country,
        "pointer": request.pointer_token,
        "purpose": request.purpose,
        "legal_basis": request.legal_basis,
        "legal_reference": request.legal_reference,
        "status": request.status,
        "decided_at": request.decided_at,
        "owner_legal_basis": request.owner_legal_basis,
        "owner_legal_reference": request.owner_legal_reference,
        "refusal_reason": request.refusal_reason,
        "identity": identity,
    }


def _require_linking(user: Any) -> None:
    if not can_link(user):
        raise ActionForbidden


@router.post("/queries", response={201: QueryOut, **ERRORS})
def create_query(request: HttpRequest, payload: QueryIn) -> Status[dict[str, Any]]:
    """Check a person in neighbouring countries: only the person's encoding is sent."""
    user = _user(request)
    query = actions.send_query(
        user,
        payload.person_id,
        peers=payload.peers,
        purpose=payload.purpose,
        legal_basis=payload.legal_basis,
        legal_reference=payload.legal_reference,
        channel=CHANNEL,
    )
    return Status(201, _query_out(user, query))


@router.get("/queries/{query_id}", response={200: QueryOut, **ERRORS})
def get_query(request: HttpRequest, query_id: int) -> dict[str, Any]:
    """The answers so far, per peer: status and candidates (opaque pointers with scores)."""
    user = _user(request)
    _require_linking(user)
    return _query_out(user, access_query_by_id(user, query_id))


@router.post("/candidates/{candidate_id}/disclosures", response={201: DisclosureOut, **ERRORS})
def request_disclosure(
    request: HttpRequest, candidate_id: int, payload: DisclosureIn
) -> Status[dict[str, Any]]:
    """Ask the owning node who is behind a candidate; it decides on its own legal basis."""
    user = _user(request)
    _require_linking(user)
    candidate = access_candidate_by_id(user, candidate_id)
    disclosure = actions.request_disclosure(
        user,
        candidate.pk,
        purpose=payload.purpose,
        legal_basis=payload.legal_basis,
        legal_reference=payload.legal_reference,
        channel=CHANNEL,
    )
    return Status(201, _disclosure_out(disclosure, None))


@router.get("/disclosures", response={200: list[DisclosureOut], **ERRORS})
def list_disclosures(request: HttpRequest) -> list[dict[str, Any]]:
    """Requests the user may see (identities only on the detail route, which is audited)."""
    user = _user(request)
    _require_linking(user)
    return [_disclosure_out(r, None) for r in visible_disclosures(user)[:200]]


@router.get("/disclosures/{request_id}", response={200: DisclosureOut, **ERRORS})
def get_disclosure(request: HttpRequest, request_id: int) -> dict[str, Any]:
    user = _user(request)
    _require_linking(user)
    disclosure = access_disclosure_by_id(user, request_id)
    identity = actions.read_disclosed_identity(user, disclosure, channel=CHANNEL)
    return _disclosure_out(disclosure, identity)
