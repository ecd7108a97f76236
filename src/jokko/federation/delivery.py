"""The sending side: post due outbox messages to their peers until each is acknowledged.

A worker round: mark expired messages, claim a batch of due ones (pushing their next attempt
forward by a lease so another worker skips them), post each, then record the outcome. A message
is delivered only on an acknowledgement signed by the recipient's registered key for exactly
that message; anything else (peer down, refusal, garbled answer) schedules another attempt with
exponential back-off and jitter, capped so that a peer back after a long outage receives its
backlog within minutes (at once, in fact, as soon as the peer acknowledges or writes: see
`backlog`). A worker that dies mid-round loses nothing: its claims lapse and the
messages are posted again, and the receiver's inbox turns a second delivery into a mere
acknowledgement.

Concurrency: on PostgreSQL the claim uses SELECT ... FOR UPDATE SKIP LOCKED, so several workers
share the queue. On SQLite the claim is serialised by the database lock (transactions begin
IMMEDIATE), which is also safe; one worker per node is the expected set-up there.
"""

from __future__ import annotations

import json
import logging
import random
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from jokko.federation import backlog, conf, envelope
from jokko.federation.inbox import AckStatus
from jokko.federation.keys import node_identity
from jokko.federation.models import InboxMessage, OutboxMessage, OutboxStatus, Peer, Rejection

logger = logging.getLogger("jokko.federation")

# The largest answer read from a peer: an acknowledgement is a few hundred bytes.
MAX_ANSWER_BYTES = 64 * 1024


def backoff_seconds(attempts: int, rng: random.Random | None = None) -> float:
    """Delay before the next attempt after `attempts` failed ones ("equal jitter").

    The ceiling doubles from the base (2 s, 4 s, 8 s, …) up to the cap (5 min); the delay is
    drawn between half the ceiling and the ceiling, so retries from many nodes after a shared
    outage spread out instead of arriving together, yet never come sooner than half the plan.
    With the defaults: attempt 1 fails → 1-2 s, 5 → 16-32 s, 9 and later → 150-300 s.
    """
    ceiling = min(conf.retry_cap_seconds(), conf.retry_base_seconds() * 2 ** max(attempts - 1, 0))
    draw = (rng or random).random()
    return ceiling / 2 + draw * ceiling / 2


@dataclass
class RoundReport:
    delivered: int = 0
    failed: int = 0
    expired: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def attempted(self) -> int:
        return self.delivered + self.failed


class DeliveryFailed(Exception):
    pass


class PeerUnreachable(DeliveryFailed):
    pass


class PeerRefused(DeliveryFailed):
    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason


def expire_overdue(now: datetime) -> int:
    """Mark undelivered messages past their expiry: visible as expired, never silently gone."""
    return OutboxMessage.objects.filter(
        status=OutboxStatus.PENDING, expires_at__isnull=False, expires_at__lte=now
    ).update(status=OutboxStatus.EXPIRED, last_error="expired before delivery")


def claim_due(now: datetime, limit: int) -> list[OutboxMessage]:
    """Take up to `limit` due messages for this worker, leased for `conf.claim_seconds()`."""
    with transaction.atomic():
        due = OutboxMessage.objects.filter(
            status=OutboxStatus.PENDING, next_attempt_at__lte=now
        ).order_by("next_attempt_at", "id")
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        ids = list(due.values_list("id", flat=True)[:limit])
        if not ids:
            return []
        OutboxMessage.objects.filter(id__in=ids).update(
            next_attempt_at=now + timedelta(seconds=conf.claim_seconds())
        )
    return list(OutboxMessage.objects.filter(id__in=ids).order_by("next_attempt_at", "id"))


def deliver_due(*, now: datetime | None = None, limit: int | None = None) -> RoundReport:
    """One worker round; returns what happened (the worker sleeps when nothing was due)."""
    now = now or timezone.now()
    report = RoundReport(expired=expire_overdue(now))
    claimed = claim_due(now, limit or conf.batch_size())
    peers = {peer.country: peer for peer in Peer.objects.all()}
    unreachable: set[str] = set()
    # Stop posting while the claim still holds for one more attempt: past it, another worker
    # may take the same messages, and the rest are handed back to be due at once.
    stop_at = time.monotonic() + conf.claim_seconds() - conf.http_timeout_seconds()
    for position, message in enumerate(claimed):
        if time.monotonic() > stop_at:
            release([m.pk for m in claimed[position:]])
            break
        peer = peers.get(message.recipient_country)
        try:
            if peer is None or not peer.active:
                raise DeliveryFailed(f"{message.recipient_country} is not an active peer")
            if peer.country in unreachable:
                raise PeerUnreachable(
                    f"{backlog.NOT_TRIED}: the peer was unreachable earlier in this round"
                )
            post(message, peer)
        except PeerUnreachable as exc:
            if peer is not None:
                unreachable.add(peer.country)
            _record_failure(message, str(exc), report)
        except PeerRefused as exc:
            if exc.reason == "expired":
                _record_expired(message, str(exc), report)
            else:
                _record_failure(message, str(exc), report)
        except DeliveryFailed as exc:
            _record_failure(message, str(exc), report)
        else:
            _record_delivery(message, peer, report)
    return report


def release(ids: list[int]) -> None:
    """Give claimed messages back to the queue, due now (no attempt was made)."""
    OutboxMessage.objects.filter(pk__in=ids, status=OutboxStatus.PENDING).update(
        next_attempt_at=timezone.now()
    )


def post(message: OutboxMessage, peer: Peer) -> None:
    """Sign and post one message; return only on a valid signed acknowledgement."""
    me = node_identity()
    env = {
        "message_id": str(message.message_id),
        "sender": me.country,
        "recipient": peer.country,
        "kind": message.kind,
        "created_at": envelope.format_time(message.created_at),
        "sent_at": envelope.format_time(timezone.now()),
        "expires_at": envelope.format_time(message.expires_at),
        "body": message.body,
    }
    payload = envelope.canonical_json(
        {"envelope": env, "signature": envelope.sign(me.private_key, env)}
    )
    status, answer = _http_post(peer.inbox_url, payload)
    try:
        decoded = json.loads(answer.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        decoded = None
    if not isinstance(decoded, dict):
        raise DeliveryFailed(f"HTTP {status} with an answer that is not a JSON object")
    if decoded.get("result") == "rejected":
        raise PeerRefused(str(decoded.get("reason", "?")), str(decoded.get("detail", ""))[:300])
    if status != 200:
        raise DeliveryFailed(f"HTTP {status}")
    check_acknowledgement(decoded, message, peer)


def check_acknowledgement(answer: dict[str, Any], message: OutboxMessage, peer: Peer) -> None:
    """Raise `DeliveryFailed` unless `answer` holds the peer's signed ack of this message."""
    ack, signature = answer.get("ack"), answer.get("signature")
    if not isinstance(ack, dict) or not isinstance(signature, str):
        raise DeliveryFailed("acknowledgement missing")
    if not envelope.verify(peer.public_key, ack, signature):
        raise DeliveryFailed("acknowledgement not signed by the peer's registered key")
    expected = {
        "message_id": str(message.message_id),
        "sender": peer.country,
        "recipient": node_identity().country,
    }
    if any(ack.get(key) != value for key, value in expected.items()):
        raise DeliveryFailed("acknowledgement is for another message")
    if ack.get("status") not in (AckStatus.APPLIED, AckStatus.DUPLICATE):
        raise DeliveryFailed(f"unknown acknowledgement status {ack.get('status')!r}")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirected POST would be resent as GET (or elsewhere): treat it as a failure."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def _http_post(url: str, payload: bytes) -> tuple[int, bytes]:
    if not conf.plain_http_allowed(url):
        raise DeliveryFailed(f"refusing to post over plain http outside loopback: {url}")
    request = urllib.request.Request(  # noqa: S310 (scheme checked above)
        url,
        data=payload,
        method="POST",
        headers={"Content-Type": "application/json", "User-Agent": "jokko-federation/1"},
    )
    try:
        with _opener.open(request, timeout=conf.http_timeout_seconds()) as response:
            return response.status, response.read(MAX_ANSWER_BYTES)
    except urllib.error.HTTPError as exc:
        body = exc.read(MAX_ANSWER_BYTES) if exc.fp is not None else b""
        return exc.code, body
    except (urllib.error.URLError, OSError) as exc:
        raise PeerUnreachable(f"{backlog.UNREACHABLE}: {getattr(exc, 'reason', exc)}") from exc


def _record_delivery(message: OutboxMessage, peer: Peer | None, report: RoundReport) -> None:
    now = timezone.now()
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxStatus.DELIVERED,
        delivered_at=now,
        last_attempt_at=now,
        attempts=message.attempts + 1,
        last_error="",
    )
    if peer is not None:
        Peer.objects.filter(pk=peer.pk).update(last_acknowledged_at=now)
        backlog.wake_backlog(peer.country)
    report.delivered += 1


def _record_failure(message: OutboxMessage, error: str, report: RoundReport) -> None:
    now = timezone.now()
    attempts = message.attempts + 1
    OutboxMessage.objects.filter(pk=message.pk, status=OutboxStatus.PENDING).update(
        attempts=attempts,
        last_attempt_at=now,
        next_attempt_at=now + timedelta(seconds=backoff_seconds(attempts)),
        last_error=error[:500],
    )
    logger.warning(
        "federation: %s to %s (%s) failed, attempt %d: %s",
        message.kind,
        message.recipient_country,
        message.message_id,
        attempts,
        error,
    )
    report.failed += 1
    report.errors.append(error)


def _record_expired(message: OutboxMessage, error: str, report: RoundReport) -> None:
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxStatus.EXPIRED,
        attempts=message.attempts + 1,
        last_attempt_at=timezone.now(),
        last_error=error[:500],
    )
    report.expired += 1


def prune(now: datetime | None = None) -> tuple[int, int]:
    """Housekeeping: drop old rejection records, erase old bodies of finished messages.

    Returns (rejections deleted, bodies erased). Rows of messages stay: the inbox needs them to
    recognise a late duplicate, the outbox to show what was sent.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(days=conf.rejection_retention_days())
    deleted, _ = Rejection.objects.filter(at__lt=cutoff).delete()
    newest = Rejection.objects.order_by("-at", "-id").values_list("id", flat=True)
    beyond = list(newest[conf.rejection_max_rows() : conf.rejection_max_rows() + 1])
    if beyond:
        extra, _ = Rejection.objects.filter(id__lte=beyond[0]).delete()
        deleted += extra
    body_cutoff = now - timedelta(days=conf.body_retention_days())
    erased = OutboxMessage.objects.filter(
        status=OutboxStatus.DELIVERED, delivered_at__lt=body_cutoff, body_erased=False
    ).update(body={}, body_erased=True)
    erased += InboxMessage.objects.filter(received_at__lt=body_cutoff, body_erased=False).update(
        body={}, body_erased=True
    )
    return deleted, erased
