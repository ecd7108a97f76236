"""API routes of the bulletins app (mounted under /api/v1/bulletins/ by jokko/api/api.py).

The same actions and access functions as the pages. Creates (a bulletin, a reply) accept a
client-generated `client_id`: the same request sent twice answers 200 with the first result
instead of 201, and no second message leaves for the peers.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from jokko.accounts.access import ActionForbidden
from jokko.api.schemas import ERRORS
from jokko.bulletins import actions, transport
from jokko.bulletins.access import (
    access_bulletin_by_id,
    can_use_bulletins,
    filter_bulletins,
    read_enclosed_identity,
    visible_bulletins,
)
from jokko.bulletins.models import Bulletin, BulletinReply, Urgency

router = Router(tags=["bulletins"])
CHANNEL = "api"


class BulletinIn(Schema):
    kind: str = Field(..., description="person_of_interest, modus_operandi, route, vehicle, ...")
    title: str
    urgency: str = Urgency.ROUTINE
    summary: str = ""
    details: dict[str, Any] = Field(
        default_factory=dict,
        description="Facts of the kind, e.g. vehicle {plate, make}, route {places: [codes]}.",
    )
    recipients: list[str] = Field(..., description="Country codes of active peer nodes.")
    expires_at: datetime.datetime = Field(..., description="In the future, with a time zone.")
    restrictions: list[str] = []
    legal_basis: str = Field(..., description="national_tip_law, ecowas_mla, ... or consent.")
    legal_reference: str = ""
    consent_id: int | None = Field(None, description="With legal_basis survivor_consent.")
    subject_person_id: int | None = None
    includes_identity: bool = Field(
        False, description="Enclose the subject person's names (consent or legal basis needed)."
    )
    client_id: uuid.UUID | None = Field(
        None, description="Client-generated id: a retry returns the first result."
    )


class RecipientOut(Schema):
    country: str
    delivery: str
    acknowledged_at: datetime.datetime | None
    acknowledged_by: str


class ReplyOut(Schema):
    id: int
    uid: uuid.UUID
    direction: str
    from_country: str
    author: str
    body: str
    created_at: datetime.datetime


class LinkIn(Schema):
    case_id: int | None = Field(None, description="One of our cases (give this or person_id).")
    person_id: int | None = Field(None, description="One of our persons.")
    note: str = ""


class LinkOut(Schema):
    case_id: int | None
    person_id: int | None
    note: str


class BulletinOut(Schema):
    id: int
    uid: uuid.UUID
    direction: str
    kind: str
    urgency: str
    title: str
    summary: str
    details: dict[str, Any]
    restrictions: list[str]
    legal_basis: str
    legal_reference: str
    includes_identity: bool
    origin_country: str
    origin_organisation: str
    sent_at: datetime.datetime
    expires_at: datetime.datetime
    expired: bool
    acknowledged_at: datetime.datetime | None = Field(
        None, description="Received bulletins: when this node acknowledged it."
    )
    recipients: list[RecipientOut] = Field(
        default_factory=list, description="Sent bulletins: each peer and what it did."
    )
    replies: list[ReplyOut]
    links: list[LinkOut]


class BulletinPage(Schema):
    count: int
    items: list[BulletinOut]


class ReplyIn(Schema):
    body: str
    client_id: uuid.UUID | None = None


class EnclosedNameOut(Schema):
    full_name: str
    script: str = ""


class IdentityOut(Schema):
    names: list[EnclosedNameOut]
    sex: str = ""
    birth_year: int | None = None
    nationality: str = ""


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _reply_out(answer: BulletinReply) -> dict[str, Any]:
    return {
        "id": answer.pk,
        "uid": answer.uid,
        "direction": answer.direction,
        "from_country": answer.from_country,
        "author": answer.author_name,
        "body": answer.body,
        "created_at": answer.created_at,
    }


def bulletin_out(bulletin: Bulletin) -> dict[str, Any]:
    recipients = list(bulletin.recipients.all())
    states = transport.delivery_states([r.message_id for r in recipients])
    return {
        **{
            name: getattr(bulletin, name)
            for name in (
                "uid",
                "direction",
                "kind",
                "urgency",
                "title",
                "summary",
                "details",
                "restrictions",
                "legal_basis",
                "legal_reference",
                "includes_identity",
                "origin_country",
                "origin_organisation",
                "sent_at",
                "expires_at",
                "acknowledged_at",
            )
        },
        "id": bulletin.pk,
        "expired": bulletin.is_expired,
        "recipients": [
            {
                "country": r.country,
                "delivery": states.get(r.message_id, ""),
                "acknowledged_at": r.acknowledged_at,
                "acknowledged_by": r.acknowledged_by,
            }
            for r in recipients
        ],
        "replies": [_reply_out(answer) for answer in bulletin.replies.all()],
        "links": [
            {"case_id": link.case_id, "person_id": link.person_id, "note": link.note}
            for link in bulletin.links.all()
        ],
    }


@router.get("", response={200: BulletinPage, **ERRORS})
def list_bulletins(
    request: HttpRequest,
    box: str = Query("", description="incoming or outgoing; both when empty"),
    urgent: bool = False,
    active: bool = Query(False, description="only bulletins not yet expired"),
    kind: str = "",
    limit: int = Query(50, ge=1, le=200),
    offset: int = Query(0, ge=0),
) -> dict[str, Any]:
    user = _user(request)
    if not can_use_bulletins(user):
        raise ActionForbidden
    bulletins = filter_bulletins(
        visible_bulletins(user), box=box, urgent=urgent, active=active, kind=kind
    ).prefetch_related("recipients", "replies", "links")
    page = list(bulletins[offset : offset + limit])
    return {"count": bulletins.count(), "items": [bulletin_out(b) for b in page]}


@router.post("", response={200: BulletinOut, 201: BulletinOut, **ERRORS})
def create_bulletin(request: HttpRequest, payload: BulletinIn) -> Status[dict[str, Any]]:
    """Send a bulletin to chosen peers; idempotent with `client_id`."""
    bulletin, created = actions.send_bulletin(
        _user(request), actions.BulletinInput(**payload.dict()), channel=CHANNEL
    )
    return Status(201 if created else 200, bulletin_out(bulletin))


@router.get("/{bulletin_id}", response={200: BulletinOut, **ERRORS})
def get_bulletin(request: HttpRequest, bulletin_id: int) -> dict[str, Any]:
    return bulletin_out(access_bulletin_by_id(_user(request), bulletin_id, channel=CHANNEL))


@router.get("/{bulletin_id}/identity", response={200: IdentityOut, **ERRORS})
def get_enclosed_identity(request: HttpRequest, bulletin_id: int) -> dict[str, Any]:
    """The survivor identity a bulletin encloses; every read is audited."""
    user = _user(request)
    bulletin = access_bulletin_by_id(user, bulletin_id, channel=CHANNEL)
    return read_enclosed_identity(user, bulletin, channel=CHANNEL)


@router.post("/{bulletin_id}/acknowledge", response={200: BulletinOut, **ERRORS})
def acknowledge(request: HttpRequest, bulletin_id: int) -> dict[str, Any]:
    """Acknowledge a received bulletin (the sender is told); a repeat changes nothing."""
    user = _user(request)
    bulletin = access_bulletin_by_id(user, bulletin_id, channel=CHANNEL)
    return bulletin_out(actions.acknowledge(user, bulletin, channel=CHANNEL))


@router.post("/{bulletin_id}/replies", response={200: ReplyOut, 201: ReplyOut, **ERRORS})
def reply(request: HttpRequest, bulletin_id: int, payload: ReplyIn) -> Status[dict[str, Any]]:
    """Reply to a bulletin that has not expired; idempotent with `client_id`."""
    user = _user(request)
    bulletin = access_bulletin_by_id(user, bulletin_id, channel=CHANNEL)
    answer, created = actions.reply(
        user, bulletin, payload.body, client_id=payload.client_id, channel=CHANNEL
    )
    return Status(201 if created else 200, _reply_out(answer))


@router.post("/{bulletin_id}/links", response={201: LinkOut, **ERRORS})
def link(request: HttpRequest, bulletin_id: int, payload: LinkIn) -> Status[dict[str, Any]]:
    """Link a bulletin to one of this node's cases or persons (never sent to the peer)."""
    user = _user(request)
    bulletin = access_bulletin_by_id(user, bulletin_id, channel=CHANNEL)
    if (payload.case_id is None) == (payload.person_id is None):
        raise ValidationError({"__all__": [_("Give either case_id or person_id.")]})
    if payload.case_id is not None:
        made = actions.link_to_case(
            user, bulletin, payload.case_id, note=payload.note, channel=CHANNEL
        )
    else:
        assert payload.person_id is not None
        made = actions.link_to_person(
            user, bulletin, payload.person_id, note=payload.note, channel=CHANNEL
        )
    return Status(201, {"case_id": made.case_id, "person_id": made.person_id, "note": made.note})
