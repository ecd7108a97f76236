"""The receiving side: check a request from a peer, apply it exactly once, acknowledge it.

Every refusal has a reason code (`RejectionReason`), an HTTP status, a warning in the
`jokko.federation` log and a `Rejection` row shown on the status page. The checks run in an
order that never trusts what has not been verified yet: size, JSON shape, signature present,
sender registered, signature valid, addressed to us, fresh, not expired, then (only for a
verified message) already applied?, kind known?, apply.

A replay of an applied message inside the freshness window is acknowledged again without being
applied again (the sender may simply have missed the first acknowledgement); a replay with an old
`sent_at` is refused as stale, so a captured request is useless once the window has passed.
"""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from jokko.federation import backlog, conf, envelope, messaging
from jokko.federation.keys import node_identity
from jokko.federation.models import InboxMessage, Peer, Rejection, RejectionReason

logger = logging.getLogger("jokko.federation")

# HTTP status of each refusal. 4xx: the sender must change something (or wait for an upgrade);
# 5xx: this node failed and the same message will be accepted later.
REJECTION_STATUS: dict[str, int] = {
    RejectionReason.MALFORMED: 400,
    RejectionReason.OVERSIZE: 413,
    RejectionReason.UNSIGNED: 401,
    RejectionReason.UNKNOWN_PEER: 403,
    RejectionReason.BAD_SIGNATURE: 403,
    RejectionReason.WRONG_RECIPIENT: 421,
    RejectionReason.STALE: 400,
    RejectionReason.EXPIRED: 410,
    RejectionReason.UNKNOWN_KIND: 422,
    RejectionReason.DEFERRED: 503,
    RejectionReason.HANDLER_FAILED: 500,
}


class AckStatus:
    APPLIED = "applied"
    DUPLICATE = "duplicate"


@dataclass(frozen=True)
class InboxResult:
    http_status: int
    payload: dict[str, Any]


class Refused(Exception):
    def __init__(self, reason: RejectionReason, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


@dataclass
class _Claims:
    """What the request says about itself before anything is verified (for the record)."""

    sender: str = ""
    message_id: str = ""
    kind: str = ""


def receive(raw: bytes, *, remote_addr: str = "") -> InboxResult:
    """Process one inbox request body (already bounded by the caller) and say what happened."""
    claims = _Claims()
    try:
        return _receive(raw, claims)
    except Refused as refused:
        return _reject(refused.reason, refused.detail, claims, remote_addr)


def refuse_oversize(size: int, *, remote_addr: str = "") -> InboxResult:
    return _reject(
        RejectionReason.OVERSIZE,
        f"{size} bytes, limit {conf.max_message_bytes()}",
        _Claims(),
        remote_addr,
    )


def _receive(raw: bytes, claims: _Claims) -> InboxResult:
    request = _parse_request(raw)
    env = request["envelope"]
    claims.sender = str(env.get("sender", ""))[:8]
    claims.message_id = str(env.get("message_id", ""))[:64]
    claims.kind = str(env.get("kind", ""))[:64]
    fields = _check_fields(env)
    signature = request.get("signature")
    if not isinstance(signature, str) or not signature:
        raise Refused(RejectionReason.UNSIGNED, "no signature")
    peer = Peer.objects.filter(country=fields.sender).first()
    if peer is None or not peer.active:
        raise Refused(RejectionReason.UNKNOWN_PEER, f"{fields.sender} is not an active peer")
    if not envelope.verify(peer.public_key, env, signature):
        raise Refused(RejectionReason.BAD_SIGNATURE, "signature does not match the peer's key")
    me = node_identity()
    if fields.recipient != me.country:
        raise Refused(
            RejectionReason.WRONG_RECIPIENT,
            f"addressed to {fields.recipient}, this is {me.country}",
        )
    now = timezone.now()
    skew = timedelta(seconds=conf.clock_skew_seconds())
    if not now - skew <= fields.sent_at <= now + skew:
        raise Refused(
            RejectionReason.STALE,
            f"sent_at {fields.sent_at.isoformat()} is more than {skew} from {now.isoformat()}",
        )
    if fields.expires_at is not None and fields.expires_at <= now:
        raise Refused(RejectionReason.EXPIRED, f"expired at {fields.expires_at.isoformat()}")
    Peer.objects.filter(pk=peer.pk).update(last_received_at=now)
    backlog.wake_backlog(peer.country)  # it is up: what waits for it can leave now
    status = _apply_once(fields, env["body"])
    return _acknowledge(fields, status)


@dataclass(frozen=True)
class _Fields:
    message_id: uuid.UUID
    sender: str
    recipient: str
    kind: str
    created_at: datetime
    sent_at: datetime
    expires_at: datetime | None


def _parse_request(raw: bytes) -> dict[str, Any]:
    try:
        request = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise Refused(RejectionReason.MALFORMED, f"not UTF-8 JSON: {exc}") from exc
    if not isinstance(request, dict) or not isinstance(request.get("envelope"), dict):
        raise Refused(RejectionReason.MALFORMED, "expected {envelope: {...}, signature: ...}")
    return request


def _check_fields(env: dict[str, Any]) -> _Fields:
    missing = envelope.ENVELOPE_FIELDS - set(env)
    if missing:
        raise Refused(RejectionReason.MALFORMED, f"missing fields: {', '.join(sorted(missing))}")
    extra = set(env) - envelope.ENVELOPE_FIELDS
    if extra:
        raise Refused(RejectionReason.MALFORMED, f"unexpected fields: {', '.join(sorted(extra))}")
    try:
        message_id = uuid.UUID(str(env["message_id"]))
        created_at = envelope.parse_time(env["created_at"])
        sent_at = envelope.parse_time(env["sent_at"])
        expires_at = None if env["expires_at"] is None else envelope.parse_time(env["expires_at"])
    except (ValueError, TypeError) as exc:
        raise Refused(RejectionReason.MALFORMED, f"bad id or timestamp: {exc}") from exc
    for name in ("sender", "recipient"):
        value = env[name]
        if not (isinstance(value, str) and len(value) == 2 and value.isalpha() and value.isupper()):
            raise Refused(RejectionReason.MALFORMED, f"{name} must be an ISO 3166 alpha-2 code")
    kind = env["kind"]
    if not isinstance(kind, str) or not messaging.KIND_PATTERN.match(kind) or len(kind) > 64:
        raise Refused(RejectionReason.MALFORMED, "bad kind")
    if not isinstance(env["body"], dict):
        raise Refused(RejectionReason.MALFORMED, "body must be a JSON object")
    return _Fields(
        message_id=message_id,
        sender=env["sender"],
        recipient=env["recipient"],
        kind=kind,
        created_at=created_at,
        sent_at=sent_at,
        expires_at=expires_at,
    )


def _apply_once(fields: _Fields, body: dict[str, Any]) -> str:
    """Store the message and run its handler in one transaction; a second delivery is a no-op.

    The unique (sender, message id) constraint decides between two concurrent deliveries of the
    same message: the loser's insert fails and it answers "duplicate" without applying.
    """
    already = InboxMessage.objects.filter(
        sender_country=fields.sender, message_id=fields.message_id
    ).exists()
    if already:
        return AckStatus.DUPLICATE
    handler = messaging.handler_for(fields.kind)
    if handler is None:
        raise Refused(RejectionReason.UNKNOWN_KIND, f"no handler for {fields.kind!r} here")
    try:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    message = InboxMessage.objects.create(
                        message_id=fields.message_id,
                        sender_country=fields.sender,
                        kind=fields.kind,
                        body=body,
                        created_at=fields.created_at,
                    )
            except IntegrityError:
                return AckStatus.DUPLICATE
            handler(message)
    except messaging.RetryLater as exc:
        raise Refused(RejectionReason.DEFERRED, str(exc) or "retry later") from exc
    except Exception as exc:
        logger.exception(
            "federation: handler for %s from %s (%s) failed",
            fields.kind,
            fields.sender,
            fields.message_id,
        )
        raise Refused(RejectionReason.HANDLER_FAILED, type(exc).__name__) from exc
    logger.info(
        "federation: applied %s from %s (%s)", fields.kind, fields.sender, fields.message_id
    )
    return AckStatus.APPLIED


def _acknowledge(fields: _Fields, status: str) -> InboxResult:
    me = node_identity()
    ack = {
        "message_id": str(fields.message_id),
        "sender": me.country,
        "recipient": fields.sender,
        "status": status,
        "acked_at": envelope.format_time(timezone.now()),
    }
    signature = envelope.sign(me.private_key, ack)
    return InboxResult(200, {"result": status, "ack": ack, "signature": signature})


def _reject(reason: str, detail: str, claims: _Claims, remote_addr: str) -> InboxResult:
    detail = detail[:500]
    logger.warning(
        "federation: rejected %s from %s (message %s, kind %s, address %s): %s",
        reason,
        claims.sender or "?",
        claims.message_id or "?",
        claims.kind or "?",
        remote_addr or "?",
        detail,
    )
    Rejection.objects.create(
        reason=reason,
        claimed_sender=claims.sender,
        claimed_message_id=claims.message_id,
        claimed_kind=claims.kind,
        remote_addr=remote_addr[:64],
        detail=detail,
    )
    return InboxResult(
        REJECTION_STATUS[reason], {"result": "rejected", "reason": reason, "detail": detail}
    )
