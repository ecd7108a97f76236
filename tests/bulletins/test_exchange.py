"""A bulletin's round trip: sent by Senegal, received, acknowledged, answered and linked in
Mauritania, and the acknowledgement and replies travelling back; each message applied once.

Both nodes share the test database; `carry` signs each outbox row as its sender and posts it to
the receiver's real inbox view (see helpers). Senegal's copy is the OUTGOING bulletin, Mauritania's
the INCOMING one with the same uid.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from jokko.audit.models import AuditEntry
from jokko.bulletins import handlers
from jokko.bulletins.models import Bulletin, BulletinLink, BulletinReply
from jokko.federation.models import InboxMessage, OutboxMessage
from tests.bulletins.helpers import (
    Api,
    bulletin_body,
    carry,
    node,
    post_to_inbox,
    received_bulletin,
    register_peers,
)
from tests.conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def peers(db: Any) -> None:
    register_peers()


def _send_from_senegal(users: dict[str, Any], **overrides: Any) -> Bulletin:
    response = Api(users["investigator"]).post("/bulletins", bulletin_body(**overrides))
    assert response.status_code == 201, response.json()
    return Bulletin.objects.get(pk=response.json()["id"])


def _received_in(country: str, sent: Bulletin) -> Bulletin:
    return Bulletin.objects.get(uid=sent.uid, direction="incoming", origin_country="SN")


def test_round_trip_between_two_nodes(client: Any, users: dict[str, Any]) -> None:
    sent = _send_from_senegal(users, recipients=["MR", "ML"], urgency="flash")
    assert len(carry(sender="SN", recipient="MR")) == 1
    received = _received_in("MR", sent)
    assert (received.title, received.kind, received.urgency) == (sent.title, "vehicle", "flash")
    assert received.details == sent.details and received.restrictions == sent.restrictions
    assert received.legal_reference == "Convention A/P.1/7/92, art. 2"
    assert received.origin_organisation == "Division traite"

    # Mauritania's investigator reads the inbox, acknowledges and replies on the pages.
    investigator = users["investigator"]
    login(client, investigator)
    with node("MR"):
        inbox = client.get(reverse("bulletin-list") + "?box=incoming&urgent=1&active=1")
        assert sent.title in inbox.content.decode()
        detail = client.get(reverse("bulletin-detail", args=[received.pk])).content.decode()
        assert "Law enforcement only" in detail and "Convention A/P.1/7/92" in detail
        ack = client.post(reverse("bulletin-acknowledge", args=[received.pk]))
        assert ack.status_code == 302
        client.post(reverse("bulletin-acknowledge", args=[received.pk]))  # a double click
        answer = client.post(
            reverse("bulletin-reply", args=[received.pk]),
            {"body": "Véhicule repéré à Rosso ce matin."},
        )
        assert answer.status_code == 302
    assert OutboxMessage.objects.filter(recipient_country="SN", kind="bulletin.ack").count() == 1
    mine = AuditEntry.objects.filter(
        actor_username="investigator", object_type="bulletin", object_id=str(received.pk)
    )
    assert mine.filter(detail__acknowledged=True).count() == 1
    assert mine.filter(detail__has_key="reply").count() == 1
    arrived = AuditEntry.objects.filter(actor_username="system", channel="federation")
    assert arrived.filter(object_id=str(received.pk), action="create").exists()

    carry(sender="MR", recipient="SN")
    recipient = sent.recipients.get(country="MR")
    assert recipient.acknowledged_at is not None
    assert recipient.acknowledged_by == "investigator (Division traite)"
    assert sent.recipients.get(country="ML").acknowledged_at is None
    reply = sent.replies.get()
    assert (reply.direction, reply.from_country) == ("incoming", "MR")
    assert reply.body == "Véhicule repéré à Rosso ce matin."

    # Senegal answers on its own bulletin: the reply goes to every recipient.
    login(client, users["coordinator"])
    page = client.get(reverse("bulletin-detail", args=[sent.pk])).content.decode()
    assert "Véhicule repéré à Rosso" in page and "investigator (Division traite)" in page
    client.post(reverse("bulletin-reply", args=[sent.pk]), {"body": "Merci, nous suivons."})
    to = OutboxMessage.objects.filter(kind="bulletin.reply", status="pending")
    assert sorted(to.values_list("recipient_country", flat=True)) == ["ML", "MR"]
    carry(sender="SN", recipient="MR")
    assert [r.body for r in received.replies.order_by("id")] == [
        "Véhicule repéré à Rosso ce matin.",
        "Merci, nous suivons.",
    ]
    assert received.replies.get(direction="incoming").from_country == "SN"


def test_messages_delivered_twice_are_applied_once(users: dict[str, Any]) -> None:
    sent = _send_from_senegal(users)
    [(raw_new, first)] = carry(sender="SN", recipient="MR")
    assert first["result"] == "applied"
    assert post_to_inbox(raw_new, "MR")["result"] == "duplicate"
    received = _received_in("MR", sent)
    with node("MR"):
        Api(users["investigator"]).post(f"/bulletins/{received.pk}/acknowledge", {})
        Api(users["investigator"]).post(f"/bulletins/{received.pk}/replies", {"body": "Reçu."})
    delivered = carry(sender="MR", recipient="SN")
    for raw, _answer in delivered:
        assert post_to_inbox(raw, "SN")["result"] == "duplicate"
    assert Bulletin.objects.filter(uid=sent.uid).count() == 2  # one per node
    assert BulletinReply.objects.filter(bulletin=sent).count() == 1
    assert InboxMessage.objects.filter(kind__startswith="bulletin.").count() == 3
    # The handlers are idempotent on their own too (a replay under a fresh message id).
    ack, reply = (
        InboxMessage.objects.get(kind="bulletin.ack"),
        InboxMessage.objects.get(kind="bulletin.reply"),
    )
    first_ack = sent.recipients.get(country="MR").acknowledged_at
    handlers.apply_new("SN", InboxMessage.objects.get(kind="bulletin.new").body)
    handlers.apply_ack("MR", {**ack.body, "acknowledged_at": timezone.now().isoformat()})
    handlers.apply_reply("MR", reply.body)
    assert Bulletin.objects.filter(uid=sent.uid, direction="incoming").count() == 1
    assert sent.recipients.get(country="MR").acknowledged_at == first_ack
    assert BulletinReply.objects.filter(bulletin=sent).count() == 1


def test_only_recipients_and_the_originator_can_reply(users: dict[str, Any]) -> None:
    sent = _send_from_senegal(users, recipients=["MR"])
    body = {
        "bulletin_uid": str(sent.uid),
        "bulletin_origin": "SN",
        "reply_uid": "6b1f0f43-1b1e-4d4b-8d0b-0a1c2b3c4d5e",
        "body": "Je n'étais pas destinataire",
        "author": "?",
        "created_at": timezone.now().isoformat(),
    }
    assert handlers.apply_reply("ML", body) is None  # Mali never received this bulletin
    assert handlers.apply_ack("ML", {"uid": str(sent.uid)}) is None
    assert not BulletinReply.objects.exists()


def test_a_malformed_bulletin_is_refused_and_kept_for_a_retry(users: dict[str, Any]) -> None:
    with pytest.raises(handlers.MalformedBulletinMessage):
        handlers.apply_new("MR", {"uid": "not-a-uuid"})
    with pytest.raises(handlers.MalformedBulletinMessage):
        received_bulletin(uid="0b5d7c1e-3f7a-4c2b-9e8d-1a2b3c4d5e6f", kind="tractor")
    assert not Bulletin.objects.exists()


def test_expired_bulletins_show_as_expired_and_refuse_replies(
    client: Any, users: dict[str, Any]
) -> None:
    received = received_bulletin()
    Bulletin.objects.filter(pk=received.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    login(client, users["investigator"])
    assert received.title not in client.get(reverse("bulletin-list") + "?active=1").content.decode()
    assert received.title in client.get(reverse("bulletin-list")).content.decode()
    page = client.get(reverse("bulletin-detail", args=[received.pk])).content.decode()
    assert 'id="expired"' in page and 'id="reply-form"' not in page
    refused = client.post(reverse("bulletin-reply", args=[received.pk]), {"body": "Trop tard"})
    assert refused.status_code == 400 and "expired" in refused.content.decode()
    api = Api(users["investigator"]).post(f"/bulletins/{received.pk}/replies", {"body": "Non"})
    assert api.status_code == 422 and "expired" in api.json()["detail"]["body"][0]
    assert Api(users["investigator"]).get(f"/bulletins/{received.pk}").json()["expired"]
    assert not BulletinReply.objects.exists()
    assert not OutboxMessage.objects.filter(kind="bulletin.reply").exists()
    # Acknowledging still tells the sender it arrived.
    ack = Api(users["investigator"]).post(f"/bulletins/{received.pk}/acknowledge", {})
    assert ack.status_code == 200 and ack.json()["acknowledged_at"]


def test_a_received_bulletin_is_linked_to_a_case_and_a_person(
    client: Any, users: dict[str, Any], make_case: Any
) -> None:
    received = received_bulletin()
    case = make_case()
    coordinator = users["coordinator"]
    login(client, coordinator)
    url = reverse("bulletin-link", args=[received.pk])
    linked = client.post(url, {"target": "case", "reference": case.reference, "note": "même bus"})
    assert linked.status_code == 302
    again = client.post(url, {"target": "case", "reference": case.reference})
    assert again.status_code == 400 and "already linked" in again.content.decode()
    person = client.post(url, {"target": "person", "reference": case.person.pseudonym})
    assert person.status_code == 302
    missing = client.post(url, {"target": "case", "reference": "SN-1999-999999"})
    assert missing.status_code == 400
    links = BulletinLink.objects.filter(bulletin=received)
    assert [(link.target, link.note) for link in links] == [("case", "même bus"), ("person", "")]
    page = client.get(reverse("bulletin-detail", args=[received.pk])).content.decode()
    assert case.reference in page and case.person.pseudonym in page
    entries = AuditEntry.objects.filter(actor_username="coordinator", object_type="bulletin")
    assert entries.filter(detail__linked_case=case.pk, person_id=case.person_id).exists()
    assert entries.filter(detail__linked_person=case.person_id).exists()
    # Links stay on this node: nothing is sent to the originator.
    assert not OutboxMessage.objects.exists()


def test_an_investigator_links_only_cases_shared_with_them(
    client: Any, users: dict[str, Any], make_case: Any
) -> None:
    received = received_bulletin()
    case = make_case()
    login(client, users["investigator"])
    response = client.post(
        reverse("bulletin-link", args=[received.pk]),
        {"target": "case", "reference": case.reference},
    )
    assert response.status_code == 400
    assert not BulletinLink.objects.exists()
    assert AuditEntry.objects.filter(
        actor_username="investigator", action="denied", object_type="case"
    ).exists()


def test_enclosed_identity_is_read_by_allowed_users_and_each_read_audited(
    client: Any, users: dict[str, Any]
) -> None:
    received = received_bulletin()
    url = reverse("bulletin-identity", args=[received.pk])
    login(client, users["investigator"])
    detail = client.get(reverse("bulletin-detail", args=[received.pk])).content.decode()
    assert "Khadija" not in detail and 'id="show-identity"' in detail
    for _ in range(2):
        assert "Khadija Mint Ahmed" in client.get(url).content.decode()
    reads = AuditEntry.objects.filter(
        actor_username="investigator", action="read", object_type="bulletin"
    )
    assert reads.filter(detail__purpose="enclosed-identity").count() == 2
    api = Api(users["coordinator"]).get(f"/bulletins/{received.pk}/identity")
    assert api.status_code == 200 and api.json()["names"][0]["full_name"] == "Khadija Mint Ahmed"
    assert "Khadija" not in str(Api(users["coordinator"]).get(f"/bulletins/{received.pk}").json())


def test_law_enforcement_only_identity_is_withheld_from_coordinators(
    client: Any, users: dict[str, Any]
) -> None:
    received = received_bulletin(
        restrictions=["law_enforcement_only", "survivor_identity"],
    )
    login(client, users["coordinator"])
    page = client.get(reverse("bulletin-detail", args=[received.pk])).content.decode()
    assert 'id="identity-withheld"' in page
    assert client.get(reverse("bulletin-identity", args=[received.pk])).status_code == 404
    assert AuditEntry.objects.filter(
        actor_username="coordinator", action="denied", detail__purpose="enclosed-identity"
    ).exists()
    login(client, users["investigator"])
    assert client.get(reverse("bulletin-identity", args=[received.pk])).status_code == 200


def test_who_sees_bulletins(client: Any, users: dict[str, Any]) -> None:
    vehicle = received_bulletin()
    mla = received_bulletin(
        uid="1d2c3b4a-5e6f-4a1b-8c7d-9e0f1a2b3c4d",
        kind="mla_request",
        details={"requesting_authority": "Parquet de Nouakchott", "measures": "Saisie de comptes"},
    )
    seen = {
        role: {b["id"] for b in Api(users[role]).get("/bulletins").json().get("items", [])}
        for role in ("coordinator", "investigator", "prosecutor")
    }
    assert seen["coordinator"] == seen["investigator"] == {vehicle.pk, mla.pk}
    assert seen["prosecutor"] == {mla.pk}
    for role in ("worker", "analyst", "reporter", "admin"):
        assert Api(users[role]).get("/bulletins").status_code == 403
        assert Api(users[role]).get(f"/bulletins/{vehicle.pk}").status_code == 404
        login(client, users[role])
        assert client.get(reverse("bulletin-list")).status_code == 403
        assert 'id="nav-bulletins"' not in client.get(reverse("home")).content.decode()
    login(client, users["prosecutor"])
    assert 'id="nav-bulletins"' in client.get(reverse("home")).content.decode()
    assert client.get(reverse("bulletin-detail", args=[vehicle.pk])).status_code == 404
    assert AuditEntry.objects.filter(
        actor_username="prosecutor", action="denied", object_type="bulletin"
    ).exists()


@pytest.mark.parametrize("language", ["fr", "en", "ar"])
def test_pages_render_in_every_language(client: Any, users: dict[str, Any], language: str) -> None:
    received = received_bulletin(
        kind="route",
        details={"places": ["ML-1-KAYES", "SN-DK-DAKAR"]},
    )
    login(client, users["investigator"])
    client.cookies["django_language"] = language
    for url in (
        reverse("bulletin-list"),
        reverse("bulletin-compose"),
        reverse("bulletin-compose") + "?kind=route",
        reverse("bulletin-detail", args=[received.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert f'lang="{language}"' in response.content.decode()
    detail = client.get(reverse("bulletin-detail", args=[received.pk])).content.decode()
    arrow = "←" if language == "ar" else "→"
    assert f"(ML) {arrow} " in detail


def test_links_through_the_api(users: dict[str, Any], make_case: Any) -> None:
    received = received_bulletin()
    case = make_case()
    path = f"/bulletins/{received.pk}/links"
    coordinator, investigator = Api(users["coordinator"]), Api(users["investigator"])
    assert (
        coordinator.post(path, {"case_id": case.pk, "person_id": case.person_id}).status_code == 422
    )
    assert coordinator.post(path, {}).status_code == 422
    assert investigator.post(path, {"case_id": case.pk}).status_code == 404  # not shared with them
    made = coordinator.post(path, {"case_id": case.pk, "note": "même minibus"})
    assert made.status_code == 201 and made.json()["case_id"] == case.pk
    assert coordinator.post(path, {"case_id": case.pk}).status_code == 422  # already linked
    out = coordinator.get(f"/bulletins/{received.pk}").json()
    assert out["links"] == [{"case_id": case.pk, "person_id": None, "note": "même minibus"}]
    assert BulletinLink.objects.count() == 1
