"""The inbox through the real view: every refusal with its reason, and exactly-once apply."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from django.utils import timezone

from jokko.federation import envelope, messaging
from jokko.federation.models import InboxMessage, OutboxMessage, Peer, Rejection
from tests.federation.helpers import MINUTE, RemotePeer, post_inbox

pytestmark = pytest.mark.django_db


def _refused(response: Any, reason: str, status: int) -> None:
    assert response.status_code == status, response.content
    assert response.json() == {
        "result": "rejected",
        "reason": reason,
        "detail": response.json()["detail"],
    }
    assert Rejection.objects.filter(reason=reason).exists()
    assert not InboxMessage.objects.exists()


def test_a_signed_message_is_applied_and_acknowledged_with_our_signature(
    client: Any, mali: RemotePeer
) -> None:
    from jokko.federation.keys import node_identity

    env = mali.envelope(body={"note": "hello", "reply": True})
    response = post_inbox(client, mali.signed(env))
    assert response.status_code == 200
    answer = response.json()
    assert answer["result"] == "applied"
    assert answer["ack"]["message_id"] == env["message_id"]
    assert answer["ack"]["recipient"] == "ML" and answer["ack"]["sender"] == "SN"
    assert envelope.verify(node_identity().public_key, answer["ack"], answer["signature"])
    stored = InboxMessage.objects.get()
    assert str(stored.message_id) == env["message_id"] and stored.sender_country == "ML"
    assert stored.body == {"note": "hello", "reply": True}
    # The ping handler answered with a pong, queued in the same transaction.
    pong = OutboxMessage.objects.get()
    assert pong.kind == "federation.pong" and pong.recipient_country == "ML"
    assert pong.body["ping_id"] == env["message_id"]
    assert Peer.objects.get(country="ML").last_received_at is not None


def test_a_replayed_message_is_acknowledged_again_but_applied_once(
    client: Any, mali: RemotePeer
) -> None:
    env = mali.envelope(body={"reply": True})
    raw = mali.signed(env)
    first = post_inbox(client, raw)
    again = post_inbox(client, raw)
    assert first.json()["result"] == "applied"
    assert again.status_code == 200 and again.json()["result"] == "duplicate"
    assert again.json()["ack"]["message_id"] == env["message_id"]
    # A retry is re-signed with a fresh sent_at: still the same message, still applied once.
    retry = post_inbox(
        client, mali.signed({**env, "sent_at": envelope.format_time(timezone.now())})
    )
    assert retry.json()["result"] == "duplicate"
    assert InboxMessage.objects.filter(message_id=env["message_id"]).count() == 1
    assert OutboxMessage.objects.filter(kind="federation.pong").count() == 1


def test_a_replay_with_an_old_sent_at_is_stale(client: Any, mali: RemotePeer) -> None:
    env = mali.envelope()
    assert post_inbox(client, mali.signed(env)).status_code == 200
    old = {**env, "sent_at": envelope.format_time(timezone.now() - 11 * MINUTE)}
    response = post_inbox(client, mali.signed(old))
    assert response.status_code == 400 and response.json()["reason"] == "stale"
    assert Rejection.objects.filter(reason="stale", claimed_message_id=env["message_id"]).exists()


def test_a_message_from_the_future_is_stale(client: Any, mali: RemotePeer) -> None:
    env = mali.envelope(sent_at=envelope.format_time(timezone.now() + 11 * MINUTE))
    _refused(post_inbox(client, mali.signed(env)), "stale", 400)


def test_a_late_retry_of_an_old_message_is_accepted(client: Any, mali: RemotePeer) -> None:
    """A peer down for an hour: created_at is an hour old, sent_at is fresh."""
    env = mali.envelope(created_at=envelope.format_time(timezone.now() - 60 * MINUTE))
    assert post_inbox(client, mali.signed(env)).json()["result"] == "applied"


def test_a_tampered_message_is_refused(client: Any, mali: RemotePeer) -> None:
    env = mali.envelope(body={"note": "original", "reply": False})
    raw = json.loads(mali.signed(env))
    raw["envelope"]["body"]["note"] = "changed"
    _refused(post_inbox(client, json.dumps(raw).encode()), "bad_signature", 403)


def test_a_message_signed_with_another_key_is_refused(client: Any, mali: RemotePeer) -> None:
    impostor = envelope.generate_private_key()
    _refused(post_inbox(client, mali.signed(mali.envelope(), key=impostor)), "bad_signature", 403)


@pytest.mark.parametrize("signature", [None, ""])
def test_an_unsigned_message_is_refused(
    client: Any, mali: RemotePeer, signature: str | None
) -> None:
    request: dict[str, Any] = {"envelope": mali.envelope()}
    if signature is not None:
        request["signature"] = signature
    _refused(post_inbox(client, json.dumps(request).encode()), "unsigned", 401)


def test_a_message_from_an_unknown_peer_is_refused(client: Any, mali: RemotePeer) -> None:
    stranger = RemotePeer("MR")
    _refused(post_inbox(client, stranger.signed(stranger.envelope())), "unknown_peer", 403)
    assert Rejection.objects.get().claimed_sender == "MR"


def test_a_message_from_an_inactive_peer_is_refused(client: Any, mali: RemotePeer) -> None:
    Peer.objects.filter(country="ML").update(active=False)
    _refused(post_inbox(client, mali.signed(mali.envelope())), "unknown_peer", 403)


def test_a_message_for_another_node_is_refused(client: Any, mali: RemotePeer) -> None:
    _refused(post_inbox(client, mali.signed(mali.envelope(recipient="MR"))), "wrong_recipient", 421)


def test_an_expired_message_is_refused(client: Any, mali: RemotePeer) -> None:
    env = mali.envelope(expires_at=envelope.format_time(timezone.now() - MINUTE))
    _refused(post_inbox(client, mali.signed(env)), "expired", 410)


@pytest.mark.parametrize(
    "raw",
    [
        b"not json",
        b"\xff\xfe",
        b"[]",
        b'{"signature": "x"}',
        b'{"envelope": {"sender": "ML"}, "signature": "x"}',
    ],
)
def test_malformed_requests_are_refused(client: Any, mali: RemotePeer, raw: bytes) -> None:
    _refused(post_inbox(client, raw), "malformed", 400)


def test_malformed_fields_are_refused_before_any_signature_check(
    client: Any, mali: RemotePeer
) -> None:
    for bad in (
        {"message_id": "not-a-uuid"},
        {"sent_at": "yesterday"},
        {"sent_at": "2026-01-01T10:00:00"},  # no UTC offset
        {"sender": "mali"},
        {"kind": "Ping"},
        {"body": ["a list"]},
    ):
        response = post_inbox(client, mali.signed(mali.envelope(**bad)))
        assert response.status_code == 400 and response.json()["reason"] == "malformed", bad
    extra = {**mali.envelope(), "extra": 1}
    assert post_inbox(client, mali.signed(extra)).json()["reason"] == "malformed"


def test_an_oversize_request_is_refused_unread(
    client: Any, mali: RemotePeer, settings: Any
) -> None:
    settings.JOKKO_FEDERATION_MAX_MESSAGE_BYTES = 2000
    env = mali.envelope(body={"note": "x" * 3000})
    _refused(post_inbox(client, mali.signed(env)), "oversize", 413)


def test_an_unknown_kind_is_refused_so_the_sender_retries_after_an_upgrade(
    client: Any, mali: RemotePeer
) -> None:
    env = mali.envelope(kind="bulletin.from_the_future")
    _refused(post_inbox(client, mali.signed(env)), "unknown_kind", 422)


def test_a_failing_handler_rolls_back_and_the_retry_applies_it(
    client: Any, mali: RemotePeer
) -> None:
    calls: list[str] = []

    @messaging.handles("testing.flaky")
    def flaky(message: InboxMessage) -> None:
        calls.append(str(message.message_id))
        OutboxMessage.objects.create(recipient_country="ML", kind="testing.side_effect", body={})
        if len(calls) == 1:
            raise RuntimeError("database hiccup")

    try:
        env = mali.envelope(kind="testing.flaky")
        failed = post_inbox(client, mali.signed(env))
        assert failed.status_code == 500 and failed.json()["reason"] == "handler_failed"
        assert not InboxMessage.objects.exists()
        assert not OutboxMessage.objects.filter(kind="testing.side_effect").exists()
        fresh = {**env, "sent_at": envelope.format_time(timezone.now())}
        assert post_inbox(client, mali.signed(fresh)).json()["result"] == "applied"
        assert InboxMessage.objects.count() == 1
        assert OutboxMessage.objects.filter(kind="testing.side_effect").count() == 1
    finally:
        messaging._handlers.pop("testing.flaky", None)


def test_each_rejection_is_logged_with_its_reason(
    client: Any, mali: RemotePeer, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="jokko.federation"):
        post_inbox(client, mali.signed(mali.envelope(recipient="MR")))
    assert any("wrong_recipient" in record.getMessage() for record in caplog.records)


def test_the_inbox_only_takes_posts(client: Any) -> None:
    assert client.get("/federation/inbox/").status_code == 405


def test_a_handler_can_defer_a_message_until_an_earlier_one_arrives(
    client: Any, mali: RemotePeer
) -> None:
    arrived: set[str] = set()

    @messaging.handles("testing.first")
    def first(message: InboxMessage) -> None:
        arrived.add(message.body["topic"])

    @messaging.handles("testing.reply")
    def reply(message: InboxMessage) -> None:
        if message.body["topic"] not in arrived:
            raise messaging.RetryLater("the message it answers has not arrived")

    try:
        early = mali.envelope(kind="testing.reply", body={"topic": "t1"})
        response = post_inbox(client, mali.signed(early))
        assert response.status_code == 503 and response.json()["reason"] == "deferred"
        assert not InboxMessage.objects.exists()
        post_inbox(client, mali.signed(mali.envelope(kind="testing.first", body={"topic": "t1"})))
        retry = {**early, "sent_at": envelope.format_time(timezone.now())}
        assert post_inbox(client, mali.signed(retry)).json()["result"] == "applied"
    finally:
        messaging._handlers.pop("testing.first", None)
        messaging._handlers.pop("testing.reply", None)


def test_a_message_larger_than_a_form_post_is_accepted_within_the_inbox_bound(
    client: Any, mali: RemotePeer, settings: Any
) -> None:
    """Linkage encodings travel in chunks of megabytes: more than Django's form-post limit."""
    big = "A" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1000)
    env = mali.envelope(body={"chunk": big, "reply": False})
    assert post_inbox(client, mali.signed(env)).json()["result"] == "applied"
    assert len(InboxMessage.objects.get().body["chunk"]) == len(big)


def test_bodies_are_encrypted_at_rest(client: Any, mali: RemotePeer) -> None:
    from django.db import connection

    env = mali.envelope(body={"name": "Aïssatou Diallo", "reply": True})
    post_inbox(client, mali.signed(env))
    with connection.cursor() as cursor:
        cursor.execute("SELECT body FROM federation_inboxmessage")
        (stored_in,) = cursor.fetchone()
        cursor.execute("SELECT body FROM federation_outboxmessage")
        (stored_out,) = cursor.fetchone()
    assert "Aïssatou" not in stored_in and "Diallo" not in stored_in
    assert env["message_id"] not in stored_out  # the pong's body names the ping: encrypted too
    assert InboxMessage.objects.get().body["name"] == "Aïssatou Diallo"
