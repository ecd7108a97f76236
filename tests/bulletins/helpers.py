"""Two or three nodes in one test database, and the network between them.

The sending node's outbox rows are signed and posted to the receiving node's real inbox view
(`/federation/inbox/`) with the receiving node's country switched on: the envelope checks, the
exactly-once inbox and the registered handlers all run as in production. Every node signs with
the test run's node key, and each is registered as a peer of the others with that key.
"""

from __future__ import annotations

import datetime
import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.test import Client, override_settings
from django.utils import timezone

from jokko.bulletins.models import Bulletin

NAMES = {"SN": "Jokko Sénégal", "MR": "Jokko Mauritanie", "ML": "Jokko Mali"}
LATER = datetime.timedelta(days=10)

# Valid facts for each kind, as a form or an API client would send them.
DETAILS: dict[str, dict[str, Any]] = {
    "person_of_interest": {
        "description": "Homme, 40 ans environ, cicatrice à la joue gauche, se dit marabout",
        "names": ["Mamadou Diallo", "Mamadu Jallow"],
        "sex": "male",
        "nationality": "GN",
        "last_seen_place": "SN-KE-KEDOUGOU",
    },
    "modus_operandi": {
        "description": "Promesses d'emploi dans les salons de coiffure de Nouakchott",
        "exploitation_types": ["forced_labour"],
        "places": ["SN-DK-DAKAR", "MR-13-NOUAKCHOTT"],
    },
    "route": {"places": ["ML-1-KAYES", "SN-TC-TAMBACOUNDA", "SN-DK-DAKAR"], "transport": "bus"},
    "vehicle": {"plate": "dk-4521-b", "make": "Toyota Hiace", "colour": "blanc"},
    "phone_number": {"number": "+221 77 123 45 67", "usage": "recrutement par WhatsApp"},
    "boat_departure": {
        "departure_place": "SN-TH-CAYAR",
        "expected_date": (timezone.localdate() + datetime.timedelta(days=3)).isoformat(),
        "destination_place": "ES-CN-LAS_PALMAS_DE_GRAN_CANARIA",
        "passengers": 120,
    },
    "assistance_request": {"request": "Localiser la famille d'une mineure originaire de Kayes"},
    "mla_request": {
        "requesting_authority": "Procureur de la République près le TGI de Kédougou",
        "measures": "Audition d'un témoin résidant à Nouadhibou",
    },
}


def register_peers(*countries: str) -> None:
    """Register `countries` (default: the three demo nodes) as active peers of each other."""
    from jokko.federation.keys import node_identity
    from jokko.federation.models import Peer

    key = node_identity().public_key
    for country in countries or tuple(NAMES):
        Peer.objects.update_or_create(
            country=country,
            defaults={
                "name": NAMES.get(country, country),
                "url": f"http://127.0.0.1:9/{country.lower()}",
                "public_key": key,
                "active": True,
            },
        )


@contextmanager
def node(country: str) -> Iterator[None]:
    """Run the block as the node of `country` (its settings and its federation identity)."""
    from jokko.federation.keys import node_identity

    with override_settings(NODE_COUNTRY=country):
        node_identity.cache_clear()
        try:
            yield
        finally:
            node_identity.cache_clear()


def signed_request(message: Any, sender: str) -> bytes:
    """The request `sender`'s delivery worker would post for one outbox row."""
    from jokko.federation import envelope
    from jokko.federation.keys import node_identity

    env = {
        "message_id": str(message.message_id),
        "sender": sender,
        "recipient": message.recipient_country,
        "kind": message.kind,
        "created_at": envelope.format_time(message.created_at),
        "sent_at": envelope.format_time(timezone.now()),
        "expires_at": envelope.format_time(message.expires_at) if message.expires_at else None,
        "body": message.body,
    }
    signature = envelope.sign(node_identity().private_key, env)
    return json.dumps({"envelope": env, "signature": signature}).encode()


def post_to_inbox(raw: bytes, recipient: str) -> dict[str, Any]:
    with node(recipient):
        response = Client().post("/federation/inbox/", data=raw, content_type="application/json")
    answer: dict[str, Any] = response.json()
    return answer


def carry(*, sender: str, recipient: str) -> list[tuple[bytes, dict[str, Any]]]:
    """Deliver `sender`'s pending bulletin messages for `recipient`; (request, answer) each."""
    from jokko.federation.models import OutboxMessage

    delivered = []
    pending = OutboxMessage.objects.filter(
        recipient_country=recipient, kind__startswith="bulletin.", status="pending"
    ).order_by("id")
    for message in pending:
        raw = signed_request(message, sender)
        answer = post_to_inbox(raw, recipient)
        assert answer.get("result") in ("applied", "duplicate"), answer
        OutboxMessage.objects.filter(pk=message.pk).update(
            status="delivered", delivered_at=timezone.now()
        )
        delivered.append((raw, answer))
    return delivered


RECEIVED_UID = uuid.UUID("8f3c2a10-5b7e-4c1d-9a26-0d4e5f6a7b8c")


def received_bulletin(**overrides: Any) -> Bulletin:
    """A vehicle alert from Mauritania with a survivor's identity, as the handler stores it.

    Idempotent (the handler returns the first copy), so a permission table may call it per row.
    """
    from jokko.bulletins.handlers import apply_new

    register_peers()
    now = timezone.now()
    body: dict[str, Any] = {
        "uid": str(RECEIVED_UID),
        "kind": "vehicle",
        "urgency": "urgent",
        "title": "Minibus signalé à Rosso",
        "summary": "Transporte des mineures vers Nouadhibou",
        "details": {"plate": "MR-8842-AB", "make": "Toyota Hiace"},
        "restrictions": ["no_onward_sharing", "survivor_identity"],
        "legal_basis": "bilateral_agreement",
        "legal_reference": "Accord Sénégal-Mauritanie de 2021, art. 4",
        "origin_organisation": "Brigade des mineurs, Nouakchott",
        "sent_at": now.isoformat(),
        "expires_at": (now + LATER).isoformat(),
        "includes_identity": True,
        "identity": {
            "names": [{"full_name": "Khadija Mint Ahmed", "script": "latin"}],
            "sex": "female",
            "birth_year": 2009,
            "nationality": "MR",
        },
    }
    body.update(overrides)
    return apply_new("MR", body)


class Api:
    """A JSON API client with a fresh bearer token for `user`."""

    def __init__(self, user: Any) -> None:
        from jokko.accounts.models import ApiToken

        _, raw = ApiToken.issue(user)
        self.client = Client()
        self.client.cookies["django_language"] = "en"  # messages are compared in English
        self.headers = {"Authorization": f"Bearer {raw}"}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get("/api/v1" + path, params, headers=self.headers)

    def post(self, path: str, body: Any) -> Any:
        return self.client.post(
            "/api/v1" + path,
            json.dumps(body, default=str),
            content_type="application/json",
            headers=self.headers,
        )


def bulletin_body(kind: str = "vehicle", **overrides: Any) -> dict[str, Any]:
    """An API create request that is valid as it is."""
    body: dict[str, Any] = {
        "kind": kind,
        "title": f"Alerte {kind}",
        "urgency": "priority",
        "summary": "Signalé par la brigade de Kédougou",
        "details": DETAILS[kind],
        "recipients": ["MR"],
        "expires_at": (timezone.now() + LATER).isoformat(),
        "restrictions": ["law_enforcement_only"],
        "legal_basis": "ecowas_mla",
        "legal_reference": "Convention A/P.1/7/92, art. 2",
    }
    body.update(overrides)
    return body


def bulletin_api_calls() -> dict[str, tuple[Any, Any, Any]]:
    """The bulletin rows of the API permission matrix (tests/api/test_api.py): for each route,
    (prepare, call, effect) over a vehicle alert received from Mauritania."""

    def count(world: Any) -> int:
        register_peers()
        return Bulletin.objects.count()

    def received(world: Any) -> int:
        return received_bulletin().pk

    def with_replies(world: Any) -> tuple[int, int]:
        bulletin = received_bulletin()
        return bulletin.pk, bulletin.replies.count()

    def unchanged(world: Any, prepared: Any, before: Any, after: Any) -> bool:
        return bool(before == after)

    def one_more(world: Any, prepared: int, before: Any, after: Any) -> bool:
        return Bulletin.objects.count() == prepared + 1

    def acknowledged(world: Any, prepared: int, before: Any, after: Any) -> bool:
        return Bulletin.objects.get(pk=prepared).acknowledged_at is not None

    def replied(world: Any, prepared: tuple[int, int], before: Any, after: Any) -> bool:
        return Bulletin.objects.get(pk=prepared[0]).replies.count() == prepared[1] + 1

    def with_suspect(world: Any) -> tuple[int, int, int]:
        from jokko.people.actions import PersonInput, register_person

        bulletin = received_bulletin()
        suspect, _ = register_person(
            world.users["investigator"], PersonInput(names=["Sidi Ould Cheikh"], roles=["suspect"])
        )
        return bulletin.pk, suspect.pk, bulletin.links.count()

    def linked(world: Any, prepared: tuple[int, int, int], before: Any, after: Any) -> bool:
        return Bulletin.objects.get(pk=prepared[0]).links.count() == prepared[2] + 1

    return {
        "GET /bulletins": (received, lambda api, w, p: api.get("/bulletins"), unchanged),
        "POST /bulletins/{bulletin_id}/links": (
            with_suspect,
            lambda api, w, p: api.post(f"/bulletins/{p[0]}/links", {"person_id": p[1]}),
            linked,
        ),
        "POST /bulletins": (
            count,
            lambda api, w, p: api.post("/bulletins", bulletin_body()),
            one_more,
        ),
        "GET /bulletins/{bulletin_id}": (
            received,
            lambda api, w, p: api.get(f"/bulletins/{p}"),
            unchanged,
        ),
        "GET /bulletins/{bulletin_id}/identity": (
            received,
            lambda api, w, p: api.get(f"/bulletins/{p}/identity"),
            unchanged,
        ),
        "POST /bulletins/{bulletin_id}/acknowledge": (
            received,
            lambda api, w, p: api.post(f"/bulletins/{p}/acknowledge", {}),
            acknowledged,
        ),
        "POST /bulletins/{bulletin_id}/replies": (
            with_replies,
            lambda api, w, p: api.post(f"/bulletins/{p[0]}/replies", {"body": "Bien reçu."}),
            replied,
        ),
    }
