"""What this node does with the bulletin messages peers send it.

The transport runs each handler exactly once per message, inside the inbox transaction. The
`apply_*` functions are idempotent all the same (a bulletin, a reply and an acknowledgement are
each recorded once, whatever arrives twice), so a message replayed by an operator, or the same
bulletin reaching us through two routes, never doubles anything.

A message that cannot be applied raises `MalformedBulletinMessage`: the transport then keeps it
and says why in its log, instead of the bulletin silently going missing.
"""

from __future__ import annotations

import datetime
import json
import logging
import uuid
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from jokko.audit.actions import record
from jokko.bulletins import transport
from jokko.bulletins.details import clean_details
from jokko.bulletins.models import (
    Bulletin,
    BulletinKind,
    BulletinRecipient,
    BulletinReply,
    Direction,
    HandlingRestriction,
    LegalBasis,
    Urgency,
    encode_details,
)
from jokko.federation.messaging import handles
from jokko.federation.models import InboxMessage

logger = logging.getLogger(__name__)
CHANNEL = "federation"


class MalformedBulletinMessage(ValueError):
    """A peer sent a bulletin message this node cannot apply."""


def _text(body: dict[str, Any], key: str, limit: int, *, required: bool = False) -> str:
    value = body.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise MalformedBulletinMessage(f"{key!r} must be a non-empty string")
    return value.strip()[:limit]


def _when(body: dict[str, Any], key: str) -> datetime.datetime:
    raw = body.get(key)
    parsed = parse_datetime(raw) if isinstance(raw, str) else None
    if parsed is None or timezone.is_naive(parsed):
        raise MalformedBulletinMessage(f"{key!r} must be an ISO date-time with a time zone")
    return parsed


def _uid(body: dict[str, Any], key: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(body.get(key)))
    except ValueError as exc:
        raise MalformedBulletinMessage(f"{key!r} must be a UUID") from exc


def _choice(body: dict[str, Any], key: str, allowed: list[str]) -> str:
    value = body.get(key)
    if value not in allowed:
        raise MalformedBulletinMessage(f"{key!r} is not one of {allowed}")
    return str(value)


def apply_new(sender_country: str, body: dict[str, Any]) -> Bulletin:
    """Record a bulletin a peer sent us (once: a second delivery returns the first copy)."""
    uid = _uid(body, "uid")
    existing = Bulletin.objects.filter(uid=uid, direction=Direction.INCOMING).first()
    if existing is not None:
        return existing
    kind = _choice(body, "kind", BulletinKind.values)
    restrictions = body.get("restrictions") or []
    if not isinstance(restrictions, list) or any(
        code not in HandlingRestriction.values for code in restrictions
    ):
        raise MalformedBulletinMessage("'restrictions' holds an unknown code")
    try:
        # Dates already checked by the sender; a late delivery must not turn them invalid.
        details = clean_details(kind, body.get("details") or {}, today=datetime.date.min)
    except Exception as exc:
        raise MalformedBulletinMessage(f"'details' do not fit a {kind} bulletin: {exc}") from exc
    identity = body.get("identity") if body.get("includes_identity") else None
    if identity is not None and not isinstance(identity, dict):
        raise MalformedBulletinMessage("'identity' must be an object")
    bulletin = Bulletin.objects.create(
        uid=uid,
        direction=Direction.INCOMING,
        origin_country=sender_country,
        origin_organisation=_text(body, "origin_organisation", 200),
        kind=kind,
        urgency=_choice(body, "urgency", Urgency.values),
        title=_text(body, "title", 200, required=True),
        summary=_text(body, "summary", 10000),
        details_json=encode_details(details),
        restrictions=restrictions,
        legal_basis=_choice(body, "legal_basis", LegalBasis.values),
        legal_reference=_text(body, "legal_reference", 300),
        includes_identity=identity is not None,
        enclosed_identity=json.dumps(identity, ensure_ascii=False) if identity else "",
        sent_at=_when(body, "sent_at"),
        expires_at=_when(body, "expires_at"),
    )
    record(
        None,
        "create",
        "bulletin",
        bulletin.pk,
        channel=CHANNEL,
        origin_country=sender_country,
        uid=str(uid),
        includes_identity=bulletin.includes_identity,
    )
    return bulletin


def apply_ack(sender_country: str, body: dict[str, Any]) -> BulletinRecipient | None:
    """Mark our bulletin as acknowledged by the peer that sent the ack (first ack wins)."""
    uid = _uid(body, "uid")
    recipient = BulletinRecipient.objects.filter(
        bulletin__uid=uid, bulletin__direction=Direction.OUTGOING, country=sender_country
    ).first()
    if recipient is None:
        logger.warning("ack from %s for unknown bulletin %s: ignored", sender_country, uid)
        return None
    if recipient.acknowledged_at is None:
        recipient.acknowledged_at = _when(body, "acknowledged_at")
        recipient.acknowledged_by = _text(body, "acknowledged_by", 200)
        recipient.save(update_fields=["acknowledged_at", "acknowledged_by"])
        record(
            None,
            "update",
            "bulletin",
            recipient.bulletin_id,
            channel=CHANNEL,
            acknowledged_by_country=sender_country,
        )
    return recipient


def _bulletin_replied_to(sender_country: str, body: dict[str, Any]) -> Bulletin | None:
    uid = _uid(body, "bulletin_uid")
    if body.get("bulletin_origin") == sender_country:
        # The originator answers on its own bulletin: we hold it as received from them.
        return Bulletin.objects.filter(
            uid=uid, direction=Direction.INCOMING, origin_country=sender_country
        ).first()
    # A recipient answers our bulletin: only a country we sent it to may.
    return Bulletin.objects.filter(
        uid=uid, direction=Direction.OUTGOING, recipients__country=sender_country
    ).first()


def apply_reply(sender_country: str, body: dict[str, Any]) -> BulletinReply | None:
    """Record a peer's reply on the bulletin it answers (once per reply uid)."""
    bulletin = _bulletin_replied_to(sender_country, body)
    if bulletin is None:
        logger.warning("reply from %s for an unknown bulletin: ignored", sender_country)
        return None
    reply_uid = _uid(body, "reply_uid")
    existing = bulletin.replies.filter(uid=reply_uid).first()
    if existing is not None:
        return existing
    answer = BulletinReply.objects.create(
        uid=reply_uid,
        bulletin=bulletin,
        direction=Direction.INCOMING,
        from_country=sender_country,
        author_name=_text(body, "author", 200),
        body=_text(body, "body", 10000, required=True),
        created_at=_when(body, "created_at"),
    )
    record(
        None,
        "update",
        "bulletin",
        bulletin.pk,
        channel=CHANNEL,
        reply_from_country=sender_country,
        reply=answer.pk,
    )
    return answer


def _body(message: InboxMessage) -> dict[str, Any]:
    body: Any = message.body
    if not isinstance(body, dict):
        raise MalformedBulletinMessage("the body must be a JSON object")
    return body


@handles(transport.NEW)
def on_new(message: InboxMessage) -> None:
    apply_new(message.sender_country, _body(message))


@handles(transport.ACK)
def on_ack(message: InboxMessage) -> None:
    apply_ack(message.sender_country, _body(message))


@handles(transport.REPLY)
def on_reply(message: InboxMessage) -> None:
    apply_reply(message.sender_country, _body(message))
