"""Revealing who is behind a pointer: a request, the owning node's decision, audit on both sides."""

from __future__ import annotations

import base64
import datetime
import json
from typing import Any

import pytest
from django.urls import reverse

from jokko.audit.models import AuditEntry
from jokko.crosslink.models import Candidate, Direction, DisclosureRequest
from jokko.crosslink.secret import load_secret
from jokko.federation.models import InboxMessage
from jokko.linkage.clk import encode_records
from jokko.linkage.records import PersonRecord
from tests.crosslink.conftest import Network, as_node, dated, login, register

pytestmark = pytest.mark.django_db

REQUEST = {
    "purpose": "Enquête traite, PV 12/2026",
    "legal_basis": "mutual_legal_assistance",
    "legal_reference": "Demande d'entraide 2026/15",
}


def _candidate(client: Any, network: Network, user: Any, person: Any, **query: Any) -> Candidate:
    """Check `person` in Mali and bring the answer home; the one candidate found."""
    login(client, user)
    data = {"peers": ["ML"], "purpose": "Enquête", **query}
    assert client.post(reverse("crosslink-check", args=[person.pk]), data).status_code == 302
    network.deliver(client, sender="SN", to="ML")
    network.deliver(client, sender="ML", to="SN")
    return Candidate.objects.get(local_person=person)


@pytest.fixture
def candidate(
    client: Any,
    users: dict[str, Any],
    mali: dict[str, Any],
    network: Network,
    linkage_secret: Any,
) -> Candidate:
    born = datetime.date(1990, 4, 12)
    suspect = register(users["investigator"], ["Mamadou Diallo"], birth_date=born)
    register(mali["ml_investigator"], ["Mamadu Jallow"], birth_date=born)
    return _candidate(client, network, users["investigator"], suspect)


def _incoming() -> DisclosureRequest:
    return DisclosureRequest.objects.get(direction=Direction.INCOMING)


def _decide(client: Any, user: Any, request: DisclosureRequest, **data: Any) -> Any:
    client.logout()
    login(client, user)
    with as_node("ML"):
        return client.post(reverse("crosslink-disclosure", args=[request.pk]), data)


def test_disclosure_needs_a_request_with_a_legal_basis_and_the_owners_approval(
    client: Any,
    users: dict[str, Any],
    mali: dict[str, Any],
    network: Network,
    candidate: Candidate,
) -> None:
    url = reverse("crosslink-disclose", args=[candidate.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {**REQUEST, "legal_basis": "", "legal_reference": ""})
    assert response.status_code == 400 and not network.outbox("ML")
    assert client.post(url, REQUEST).status_code == 302
    outgoing = DisclosureRequest.objects.get(direction=Direction.OUTGOING)
    [sent] = network.outbox("ML", "crosslink.disclosure_request")
    assert sent.body["pointer"] == candidate.remote_pointer
    assert "Mamadou" not in json.dumps(sent.body) and "Diallo" not in json.dumps(sent.body)
    assert AuditEntry.objects.filter(
        action="create",
        object_type="crosslink_disclosure",
        detail__legal_basis="mutual_legal_assistance",
        actor_username="investigator",
    ).exists()

    network.deliver(client, sender="SN", to="ML")
    incoming = _incoming()
    assert incoming.status == "pending" and incoming.pointer is not None
    known = incoming.pointer.person
    # Mali's investigator neither sees nor decides requests addressed to Mali's node.
    assert _decide(client, mali["ml_investigator"], incoming, decision="approve").status_code == 404
    with as_node("ML"):
        client.logout()
        login(client, mali["ml_coordinator"])
        queue = client.get(reverse("crosslink-disclosures")).content.decode()
        assert "Brigade" not in queue and "Division traite" in queue  # the requester's unit
        page = client.get(reverse("crosslink-disclosure", args=[incoming.pk])).content.decode()
        assert "Demande d&#x27;entraide 2026/15" in page
    # Approval needs Mali's own legal basis, with its reference.
    response = _decide(client, mali["ml_coordinator"], incoming, decision="approve")
    assert response.status_code == 400 and not network.outbox("SN")
    response = _decide(
        client,
        mali["ml_coordinator"],
        incoming,
        decision="approve",
        legal_basis="mutual_legal_assistance",
        legal_reference="Accord d'entraide SN-ML art. 4",
    )
    assert response.status_code == 302
    [answer] = network.outbox("SN", "crosslink.disclosure_response")
    identity = answer.body["identity"]
    assert [n["full_name"] for n in identity["names"]] == ["Mamadu Jallow"]
    assert identity["organisation"]["name"] == "Brigade des mœurs Bamako"
    assert identity["contact"]["email"] == "ml_coordinator@example.ml"
    export = AuditEntry.objects.get(action="export", person_id=known.pk)
    assert export.actor_username == "ml_coordinator"
    assert export.detail["legal_basis"] == "mutual_legal_assistance"
    assert export.detail["legal_reference"] == "Accord d'entraide SN-ML art. 4"
    assert export.detail["requester_legal_basis"] == "mutual_legal_assistance"

    network.deliver(client, sender="ML", to="SN")
    outgoing.refresh_from_db()
    assert outgoing.status == "approved" and outgoing.owner_legal_basis == "mutual_legal_assistance"
    client.logout()
    login(client, users["investigator"])
    page = client.get(reverse("crosslink-disclosure", args=[outgoing.pk])).content.decode()
    assert "Mamadu Jallow" in page and "Accord d&#x27;entraide SN-ML art. 4" in page
    read = AuditEntry.objects.filter(
        action="read", object_type="crosslink_disclosure", actor_username="investigator"
    ).get()
    assert read.detail["owner_legal_basis"] == "mutual_legal_assistance"
    received = AuditEntry.objects.get(
        action="update", object_type="crosslink_disclosure", detail__decision="approved"
    )
    assert received.detail["owner_legal_reference"] == "Accord d'entraide SN-ML art. 4"
    # The identity is stored encrypted, like every identity on the node.
    raw = DisclosureRequest.objects.filter(pk=outgoing.pk).values_list(
        "disclosed_identity", flat=True
    )
    assert "Mamadu" in raw[0]
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT disclosed_identity FROM crosslink_disclosurerequest WHERE id = %s",
            [outgoing.pk],
        )
        assert "Mamadu" not in str(cursor.fetchone()[0])


def test_a_refusal_needs_a_reason_and_is_shown_to_the_requester(
    client: Any,
    users: dict[str, Any],
    mali: dict[str, Any],
    network: Network,
    candidate: Candidate,
) -> None:
    client.post(reverse("crosslink-disclose", args=[candidate.pk]), REQUEST)
    network.deliver(client, sender="SN", to="ML")
    incoming = _incoming()
    assert _decide(client, mali["ml_coordinator"], incoming, decision="refuse").status_code == 400
    response = _decide(
        client,
        mali["ml_coordinator"],
        incoming,
        decision="refuse",
        reason="Pas de demande d'entraide reçue",
    )
    assert response.status_code == 302
    [answer] = network.outbox("SN")
    assert answer.body["decision"] == "refused" and "identity" not in answer.body
    assert AuditEntry.objects.filter(
        action="update", actor_username="ml_coordinator", detail__decision="refused"
    ).exists()
    network.deliver(client, sender="ML", to="SN")
    outgoing = DisclosureRequest.objects.get(direction=Direction.OUTGOING)
    assert outgoing.status == "refused"
    client.logout()
    login(client, users["investigator"])
    page = client.get(reverse("crosslink-disclosures")).content.decode()
    assert "Pas de demande d&#x27;entraide reçue" in page
    # A decided request cannot be decided again.
    again = _decide(
        client,
        mali["ml_coordinator"],
        incoming,
        decision="approve",
        legal_basis="judicial_order",
        legal_reference="x",
    )
    assert again.status_code == 400 and not network.outbox("SN")


def test_a_survivor_is_disclosed_only_with_consent_or_the_owning_nodes_legal_basis(
    client: Any,
    users: dict[str, Any],
    mali: dict[str, Any],
    network: Network,
    linkage_secret: Any,
    make_case: Any,
) -> None:
    from jokko.cases import actions

    ours = dated(make_case(name="Aïssatou Diallo"))
    theirs = dated(make_case(name="Aissatou Diallo", worker=mali["ml_worker"]))
    found = _candidate(
        client,
        network,
        users["coordinator"],
        ours.person,
        legal_basis="judicial_order",
        legal_reference="Ordonnance 9/2026",
    )
    client.post(reverse("crosslink-disclose", args=[found.pk]), REQUEST)
    network.deliver(client, sender="SN", to="ML")
    incoming = _incoming()
    assert incoming.pointer.person == theirs.person
    with as_node("ML"):
        login(client, mali["ml_coordinator"])
        page = client.get(reverse("crosslink-disclosure", args=[incoming.pk])).content.decode()
        assert "no consent to cross-border sharing" in page
    response = _decide(
        client, mali["ml_coordinator"], incoming, decision="approve", legal_basis="consent"
    )
    assert response.status_code == 400 and "no active consent" in response.content.decode()
    assert not network.outbox("SN")
    actions.record_consent(
        mali["ml_worker"], theirs, scopes=["cross_border"], given_on=datetime.date.today()
    )
    response = _decide(
        client, mali["ml_coordinator"], incoming, decision="approve", legal_basis="consent"
    )
    assert response.status_code == 302
    [answer] = network.outbox("SN")
    assert answer.body["legal_basis"] == "consent"
    assert theirs.reference in answer.body["legal_reference"]  # the consent record it rests on


def test_a_forged_or_expired_pointer_is_refused_at_once(
    client: Any, users: dict[str, Any], mali: dict[str, Any], network: Network, linkage_secret: Any
) -> None:
    body = {
        "request_id": "6f1c2a7e-3b9d-4f55-9d7e-2a1b3c4d5e6f",
        "pointer": "A" * 32,
        "purpose": "fishing",
        "legal_basis": "criminal_investigation",
        "legal_reference": "none",
        "requester": {"name": "x", "organisation": "y", "role": "investigator"},
    }
    response = network.post(
        client, sender="SN", to="ML", kind="crosslink.disclosure_request", body=body
    )
    assert response.status_code == 200
    incoming = _incoming()
    assert incoming.status == "refused" and incoming.pointer is None
    [answer] = network.outbox("SN")
    assert answer.body == {
        "request_id": body["request_id"],
        "decision": "refused",
        "reason": "unknown or expired pointer",
    }


def test_ids_that_are_not_pointers_are_never_stored(
    client: Any, users: dict[str, Any], mali: dict[str, Any], network: Network, linkage_secret: Any
) -> None:
    """A peer that puts names in the ids of its encodings gets no answer and leaves no trace."""
    from jokko.crosslink.encodings import key_check

    register(mali["ml_investigator"], ["Mamadu Jallow"], birth_year=1990)
    secret = load_secret()
    leaky = encode_records(
        [PersonRecord("Mamadou Diallo 1990", "Mamadou", "Diallo", birth_date="1990")], secret
    )
    body = {
        "share_id": "6f1c2a7e-3b9d-4f55-9d7e-2a1b3c4d5e6f",
        "chunk": 0,
        "chunks": 1,
        "key_check": key_check(secret),
        "encodings": base64.b64encode(leaky.to_bytes()).decode(),
    }
    response = network.post(client, sender="SN", to="ML", kind="crosslink.encodings", body=body)
    assert response.status_code == 200
    assert not Candidate.objects.exists() and not network.outbox("SN")
    assert InboxMessage.objects.filter(kind="crosslink.encodings").exists()  # applied, ignored


def test_expired_pointers_cannot_be_disclosed(
    client: Any, users: dict[str, Any], network: Network, candidate: Candidate
) -> None:
    from django.utils import timezone

    from jokko.crosslink.models import Pointer

    assert candidate.expires_at <= Pointer.objects.get().expires_at  # the owner's expiry holds
    past = timezone.now() - datetime.timedelta(minutes=1)
    Pointer.objects.update(expires_at=past)  # the owner's pointer ran out...
    client.post(reverse("crosslink-disclose", args=[candidate.pk]), REQUEST)
    network.deliver(client, sender="SN", to="ML")
    assert _incoming().status == "refused"
    network.deliver(client, sender="ML", to="SN")
    outgoing = DisclosureRequest.objects.get(direction=Direction.OUTGOING)
    assert outgoing.status == "refused" and outgoing.refusal_reason == "unknown or expired pointer"

    Candidate.objects.update(expires_at=past)  # ...and so did ours: no new request leaves
    response = client.post(reverse("crosslink-disclose", args=[candidate.pk]), REQUEST)
    assert response.status_code == 400 and "expired" in response.content.decode()
    assert not network.outbox("ML")
