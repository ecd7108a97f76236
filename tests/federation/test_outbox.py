"""The sending side: queueing, back-off schedule, expiry, and what a failed attempt records."""

from __future__ import annotations

import random
import socket
from datetime import timedelta
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from jokko.federation import delivery, messaging
from jokko.federation.models import OutboxMessage, OutboxStatus, Peer
from tests.federation.helpers import MINUTE, RemotePeer

pytestmark = pytest.mark.django_db


def _closed_port() -> int:
    """A loopback port nothing listens on: connecting to it is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_send_queues_a_pending_message_in_the_callers_transaction(mali: RemotePeer) -> None:
    with transaction.atomic():
        message = messaging.send("ml", "federation.ping", {"note": "x"})
        assert message.status == OutboxStatus.PENDING and message.recipient_country == "ML"
    try:
        with transaction.atomic():
            messaging.send("ML", "federation.ping", {"note": "rolled back"})
            raise RuntimeError("the business write failed")
    except RuntimeError:
        pass
    assert list(OutboxMessage.objects.values_list("body", flat=True)) == [{"note": "x"}]


@pytest.mark.parametrize(
    ("recipient", "kind", "body", "expires_in"),
    [
        ("SN", "federation.ping", {}, None),  # ourselves
        ("MR", "federation.ping", {}, None),  # not a peer
        ("ML", "Ping", {}, None),  # not a namespaced kind
        ("ML", "federation.ping", ["not", "an", "object"], None),
        ("ML", "federation.ping", {"when": timezone.now()}, None),  # not JSON
        ("ML", "federation.ping", {}, timedelta(minutes=-1)),  # already expired
    ],
)
def test_send_refuses_what_cannot_be_delivered(
    mali: RemotePeer, recipient: str, kind: str, body: Any, expires_in: timedelta | None
) -> None:
    expires_at = timezone.now() + expires_in if expires_in is not None else None
    with pytest.raises(messaging.FederationError):
        messaging.send(recipient, kind, body, expires_at=expires_at)
    assert not OutboxMessage.objects.exists()


def test_send_refuses_an_inactive_peer(mali: RemotePeer) -> None:
    Peer.objects.filter(country="ML").update(active=False)
    with pytest.raises(messaging.FederationError):
        messaging.send("ML", "federation.ping", {})


def test_backoff_doubles_with_jitter_up_to_the_cap() -> None:
    rng = random.Random(7)
    for attempts, ceiling in [(1, 2), (2, 4), (3, 8), (5, 32), (8, 256), (9, 300), (40, 300)]:
        for _ in range(50):
            delay = delivery.backoff_seconds(attempts, rng)
            assert ceiling / 2 <= delay <= ceiling, (attempts, delay)
    delays = {round(delivery.backoff_seconds(6, rng), 3) for _ in range(20)}
    assert len(delays) > 10  # jittered, not one fixed delay


def test_a_peer_back_after_an_hour_is_retried_within_the_cap() -> None:
    """However many attempts failed during an outage, the next one is at most 5 minutes away."""
    hour_of_attempts, waited = 0, 0.0
    while waited < 3600:
        hour_of_attempts += 1
        waited += delivery.backoff_seconds(hour_of_attempts)
    assert delivery.backoff_seconds(hour_of_attempts + 1) <= 300
    assert hour_of_attempts < 40  # the outage did not cost a storm of attempts


def test_a_failed_attempt_is_recorded_and_rescheduled(mali: RemotePeer) -> None:
    Peer.objects.filter(country="ML").update(url=f"http://127.0.0.1:{_closed_port()}")
    first = messaging.send("ML", "federation.ping", {})
    second = messaging.send("ML", "federation.ping", {})
    before = timezone.now()
    report = delivery.deliver_due()
    assert report.delivered == 0 and report.failed == 2
    for message in OutboxMessage.objects.filter(pk__in=[first.pk, second.pk]):
        assert message.status == OutboxStatus.PENDING and message.attempts == 1
        assert "unreachable" in message.last_error
        assert before + timedelta(seconds=1) <= message.next_attempt_at
        assert message.next_attempt_at <= timezone.now() + timedelta(seconds=2)
    # Only the first was really tried: the second waited for the peer to come back.
    assert "not tried" in OutboxMessage.objects.get(pk=second.pk).last_error
    # Nothing is due before its next attempt.
    assert delivery.deliver_due().attempted == 0


def test_messages_past_their_expiry_are_marked_expired_not_dropped(mali: RemotePeer) -> None:
    message = messaging.send(
        "ML", "federation.ping", {}, expires_at=timezone.now() + timedelta(seconds=30)
    )
    report = delivery.deliver_due(now=timezone.now() + MINUTE)
    assert report.expired == 1 and report.attempted == 0
    message.refresh_from_db()
    assert message.status == OutboxStatus.EXPIRED and message.delivered_at is None


def test_claimed_messages_are_not_claimed_again_until_the_claim_lapses(mali: RemotePeer) -> None:
    messaging.send("ML", "federation.ping", {})
    now = timezone.now()
    assert len(delivery.claim_due(now, 10)) == 1
    assert delivery.claim_due(now, 10) == []  # a second worker finds nothing
    later = now + timedelta(seconds=delivery.conf.claim_seconds() + 1)
    assert len(delivery.claim_due(later, 10)) == 1  # the first worker died: retried


def test_housekeeping_erases_old_bodies_and_caps_rejections(
    mali: RemotePeer, settings: Any
) -> None:
    from jokko.federation.models import InboxMessage, Rejection

    settings.JOKKO_FEDERATION_REJECTION_MAX_ROWS = 3
    for number in range(5):
        Rejection.objects.create(reason="malformed", detail=str(number))
    old = timezone.now() - timedelta(days=31)
    sent = messaging.send("ML", "federation.ping", {"note": "secret"})
    OutboxMessage.objects.filter(pk=sent.pk).update(status="delivered", delivered_at=old)
    fresh = messaging.send("ML", "federation.ping", {"note": "still pending"})
    received = InboxMessage.objects.create(
        message_id=fresh.message_id,
        sender_country="ML",
        kind="federation.ping",
        body={"note": "secret"},
        created_at=old,
        received_at=old,
    )
    deleted, erased = delivery.prune()
    assert deleted == 2 and erased == 2
    assert list(Rejection.objects.values_list("detail", flat=True)) == ["4", "3", "2"]
    sent.refresh_from_db()
    received.refresh_from_db()
    fresh.refresh_from_db()
    assert sent.body == {} and sent.body_erased and received.body == {} and received.body_erased
    assert fresh.body == {"note": "still pending"}  # not delivered yet: kept


def test_a_peer_that_never_answers_times_out_and_is_retried(
    mali: RemotePeer, settings: Any
) -> None:
    settings.JOKKO_FEDERATION_HTTP_TIMEOUT_SECONDS = 0.5
    with socket.socket() as silent:  # accepts connections (backlog), never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        Peer.objects.filter(country="ML").update(url=f"http://127.0.0.1:{silent.getsockname()[1]}")
        message = messaging.send("ML", "federation.ping", {})
        report = delivery.deliver_due()
    assert report.failed == 1
    message.refresh_from_db()
    assert message.status == OutboxStatus.PENDING and "unreachable" in message.last_error


def test_the_worker_command_makes_one_round_with_once(mali: RemotePeer) -> None:
    import io

    from django.core.management import call_command

    Peer.objects.filter(country="ML").update(url=f"http://127.0.0.1:{_closed_port()}")
    message = messaging.send("ML", "federation.ping", {})
    out = io.StringIO()
    call_command("federation_worker", "--once", stdout=out)
    assert "delivered 0, failed 1" in out.getvalue()
    message.refresh_from_db()
    assert message.attempts == 1 and message.status == OutboxStatus.PENDING


def test_only_an_acknowledgement_signed_by_the_peer_for_this_message_counts(
    mali: RemotePeer,
) -> None:
    from jokko.federation import envelope

    message = messaging.send("ML", "federation.ping", {})
    peer = Peer.objects.get(country="ML")
    ack = {
        "message_id": str(message.message_id),
        "sender": "ML",
        "recipient": "SN",
        "status": "applied",
        "acked_at": envelope.format_time(timezone.now()),
    }
    delivery.check_acknowledgement(
        {"ack": ack, "signature": envelope.sign(mali.key, ack)}, message, peer
    )
    forged = envelope.sign(envelope.generate_private_key(), ack)
    other = {**ack, "message_id": "00000000-0000-4000-8000-000000000000"}
    for answer in (
        {"ack": ack, "signature": forged},  # not Mali's key
        {"ack": other, "signature": envelope.sign(mali.key, other)},  # another message
        {"ack": ack},  # unsigned
        {"result": "applied"},  # no acknowledgement at all
    ):
        with pytest.raises(delivery.DeliveryFailed):
            delivery.check_acknowledgement(answer, message, peer)


def test_a_message_from_a_peer_that_was_down_sends_its_backlog_at_once_in_order(
    client: Any, mali: RemotePeer
) -> None:
    from tests.federation.helpers import post_inbox

    Peer.objects.filter(country="ML").update(url=f"http://127.0.0.1:{_closed_port()}")
    queued = [messaging.send("ML", "federation.ping", {"n": n}) for n in range(3)]
    refused = messaging.send("ML", "bulletin.future_kind", {})
    delivery.deliver_due()  # Mali is down: all four fail and wait, each for its own delay
    OutboxMessage.objects.filter(pk=refused.pk).update(
        last_error="unknown_kind: no handler", next_attempt_at=timezone.now() + MINUTE
    )
    OutboxMessage.objects.filter(pk__in=[m.pk for m in queued]).update(
        next_attempt_at=timezone.now() + MINUTE
    )
    # Mali is back and says so by writing to us.
    assert post_inbox(client, mali.signed(mali.envelope())).status_code == 200
    due = delivery.claim_due(timezone.now(), 10)
    assert [m.body.get("n") for m in due] == [0, 1, 2]  # all of them, in the order queued
    assert refused.pk not in {m.pk for m in due}  # a refusal keeps its back-off
