"""API routes of the dedup app (mounted under /api/v1/dedup/ by jokko/api/api.py).

The same actions and access rules as the review pages (coordinators only). The list shows
pseudonyms and scores, never names: a client that wants the identities reads each person
through `GET /persons/{id}`, which audits the read like the pair page does.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from jokko.accounts.access import ActionForbidden
from jokko.api.schemas import ERRORS
from jokko.audit.actions import record_denied
from jokko.dedup import actions
from jokko.dedup.access import access_pair_by_id, can_review_duplicates
from jokko.dedup.models import CandidatePair, MergeRecord, PairStatus

router = Router(tags=["dedup"])
CHANNEL = "api"
MAX_PAGE = 200


class PersonRef(Schema):
    id: int
    pseudonym: str


class PairOut(Schema):
    id: int
    person_a: PersonRef
    person_b: PersonRef
    score: float = Field(..., description="Match probability given by the linkage model.")
    evidence: dict[str, str] = Field(..., description="Comparison level reached per field.")
    status: str
    created_at: datetime.datetime
    reviewed_by: str
    reviewed_at: datetime.datetime | None
    note: str


class DecisionIn(Schema):
    note: str = Field("", max_length=actions.MAX_NOTE_LENGTH)


class MergeOut(Schema):
    id: int
    pair_id: int | None
    kept: PersonRef
    absorbed: PersonRef
    moved: dict[str, int] = Field(..., description="Rows moved per relation, e.g. cases.Case.")
    not_moved: dict[str, int] = Field(
        ..., description="Unique links the kept person already had, left on the absorbed one."
    )


class PairFilter(Schema):
    status: PairStatus = PairStatus.PENDING
    limit: int = Field(50, ge=1, le=MAX_PAGE)
    offset: int = Field(0, ge=0)


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _person(person: Any) -> dict[str, Any]:
    return {"id": person.pk, "pseudonym": person.pseudonym}


def _pair_out(pair: CandidatePair) -> dict[str, Any]:
    return {
        "id": pair.pk,
        "person_a": _person(pair.person_a),
        "person_b": _person(pair.person_b),
        "score": pair.score,
        "evidence": pair.evidence,
        "status": pair.status,
        "created_at": pair.created_at,
        "reviewed_by": pair.reviewed_by.username if pair.reviewed_by else "",
        "reviewed_at": pair.reviewed_at,
        "note": pair.note,
    }


def _merge_out(merge: MergeRecord) -> dict[str, Any]:
    return {
        "id": merge.pk,
        "pair_id": merge.pair_id,
        "kept": _person(merge.kept),
        "absorbed": _person(merge.absorbed),
        "moved": {label: len(pks) for label, pks in merge.moved.items()},
        "not_moved": {label: len(pks) for label, pks in merge.not_moved.items()},
    }


@router.get("/pairs", response={200: list[PairOut], **ERRORS})
def list_pairs(request: HttpRequest, filters: Query[PairFilter]) -> list[dict[str, Any]]:
    """Candidate duplicate pairs with one status (pending by default), best score first."""
    user = _user(request)
    if not can_review_duplicates(user):
        record_denied(user, "candidate_pair", "", channel=CHANNEL)
        raise ActionForbidden
    pairs = (
        CandidatePair.objects.filter(status=filters.status)
        .select_related("person_a", "person_b", "reviewed_by")
        .order_by("-score", "id")[filters.offset : filters.offset + filters.limit]
    )
    return [_pair_out(pair) for pair in pairs]


@router.post("/pairs/{pair_id}/confirm", response={200: MergeOut, **ERRORS})
def confirm_pair(request: HttpRequest, pair_id: int, payload: DecisionIn) -> dict[str, Any]:
    """Same person: merge the two records (the older is kept; nothing is deleted)."""
    user = _user(request)
    pair = access_pair_by_id(user, pair_id, channel=CHANNEL)
    merge = actions.confirm_pair(user, pair, note=payload.note, channel=CHANNEL)
    return _merge_out(merge)


@router.post("/pairs/{pair_id}/reject", response={200: PairOut, **ERRORS})
def reject_pair(request: HttpRequest, pair_id: int, payload: DecisionIn) -> dict[str, Any]:
    """Different persons: the pair is not proposed again."""
    user = _user(request)
    pair = access_pair_by_id(user, pair_id, channel=CHANNEL)
    actions.reject_pair(user, pair, note=payload.note, channel=CHANNEL)
    return _pair_out(access_pair_by_id(user, pair_id, channel=CHANNEL))
