"""“Is this person known next door?”: one encoding out, opaque pointers back, nothing else."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.urls import reverse

from jokko.audit.models import AuditEntry
from jokko.crosslink.actions import POINTER_PATTERN
from jokko.crosslink.models import Candidate, LinkageQuery, Pointer, QueryPeer
from jokko.federation.models import OutboxMessage
from tests.crosslink.conftest import Network, as_node, login, register

pytestmark = pytest.mark.django_db

SUSPECT = ["Mamadou Diallo", "Mamadou Dialo"]
NAME_FRAGMENTS = ("mamadou", "diallo", "mamadu", "jallow", "fatoumata", "keita", "ممادو")


def _no_name_in(body: Any) -> None:
    text = json.dumps(body, ensure_ascii=False).lower()
    for fragment in NAME_FRAGMENTS:
        assert fragment not in text, f"{fragment!r} left the node"


def _check(client: Any, person: Any, **fields: Any) -> Any:
    data = {"peers": ["ML"], "purpose": "Enquête PV 12/2026", **fields}
    return client.post(reverse("crosslink-check", args=[person.pk]), data)


@pytest.fixture
def scene(
    users: dict[str, Any], mali: dict[str, Any], network: Network, linkage_secret: Any
) -> dict[str, Any]:
    """A suspect held in Senegal; Mali knows him under another spelling, and someone else."""
    suspect = register(users["investigator"], SUSPECT, birth_date=datetime.date(1990, 4, 12))
    known = register(
        mali["ml_investigator"],
        ["Mamadu Jallow"],
        birth_date=datetime.date(1990, 4, 12),
    )
    other = register(
        mali["ml_investigator"],
        ["Fatoumata Keita"],
        sex="female",
        birth_year=1985,
        nationality="ML",
    )
    return {"suspect": suspect, "known": known, "other": other}


def test_an_investigator_learns_the_suspect_is_known_in_mali_without_any_name_crossing(
    client: Any, users: dict[str, Any], network: Network, scene: dict[str, Any]
) -> None:
    login(client, users["investigator"])
    response = _check(client, scene["suspect"])
    assert response.status_code == 302
    query = LinkageQuery.objects.get()
    waiting = client.get(reverse("crosslink-query", args=[query.pk])).content.decode()
    assert 'hx-trigger="every 3s"' in waiting  # the page asks again until Mali answers
    [sent] = network.outbox("ML", "crosslink.query")
    _no_name_in(sent.body)
    assert set(sent.body) == {"query_id", "key_check", "encoding"}

    network.deliver(client, sender="SN", to="ML")
    [answer] = network.outbox("SN", "crosslink.result")
    _no_name_in(answer.body)
    [candidate] = answer.body["candidates"]
    pointer = Pointer.objects.get(token=candidate["pointer"])
    assert pointer.person == scene["known"] and pointer.peer_country == "SN"
    # The answer names nobody: no database id, uid or pseudonym, only a random token.
    assert set(candidate) == {"pointer", "score"} and POINTER_PATTERN.match(candidate["pointer"])
    for identifier in (str(scene["known"].uid), scene["known"].pseudonym):
        assert identifier not in json.dumps(answer.body)
    # Mali's log shows whose encoding matched a foreign query; Fatoumata's shows nothing.
    assert AuditEntry.objects.filter(
        person_id=scene["known"].pk, action="search", channel="federation"
    ).exists()
    assert not AuditEntry.objects.filter(person_id=scene["other"].pk, action="search").exists()

    network.deliver(client, sender="ML", to="SN")
    assert QueryPeer.objects.get(query=query).status == "answered"
    [found] = Candidate.objects.filter(exchange_id=query.uid)
    assert found.local_person == scene["suspect"] and found.remote_pointer == pointer.token
    page = client.get(reverse("crosslink-query", args=[query.pk])).content.decode()
    assert "Possible match" in page and pointer.token[:8] in page and "hx-trigger" not in page
    assert "Mamadu" not in page and "Jallow" not in page


def test_pointers_are_fresh_for_every_query(
    client: Any, users: dict[str, Any], network: Network, scene: dict[str, Any]
) -> None:
    login(client, users["investigator"])
    for _ in range(2):
        assert _check(client, scene["suspect"]).status_code == 302
        network.deliver(client, sender="SN", to="ML")
    tokens = [m.body["candidates"][0]["pointer"] for m in network.outbox("SN")]
    assert len(tokens) == 2 and tokens[0] != tokens[1]
    assert Pointer.objects.filter(person=scene["known"]).count() == 2


def test_nobody_matching_means_an_empty_answer(
    client: Any, users: dict[str, Any], network: Network, scene: dict[str, Any]
) -> None:
    stranger = register(users["investigator"], ["Ousmane Sow"], birth_year=1970)
    login(client, users["investigator"])
    _check(client, stranger)
    network.deliver(client, sender="SN", to="ML")
    [answer] = network.outbox("SN")
    assert answer.body["candidates"] == [] and not Pointer.objects.exists()
    network.deliver(client, sender="ML", to="SN")
    query = LinkageQuery.objects.get()
    page = client.get(reverse("crosslink-query", args=[query.pk])).content.decode()
    assert "Not known there." in page


def test_a_survivor_is_checked_only_with_consent_or_a_legal_basis(
    client: Any,
    users: dict[str, Any],
    network: Network,
    linkage_secret: Any,
    make_case: Any,
) -> None:
    from jokko.cases import actions

    case = make_case()
    login(client, users["coordinator"])
    response = _check(client, case.person)
    assert response.status_code == 400
    assert "needs their consent" in response.content.decode()
    assert not OutboxMessage.objects.exists() and not LinkageQuery.objects.exists()

    response = _check(client, case.person, legal_basis="judicial_order")
    assert "Give the reference" in response.content.decode()
    assert not OutboxMessage.objects.exists()

    response = _check(
        client, case.person, legal_basis="judicial_order", legal_reference="Ordonnance 4/2026"
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.filter(action="export", person_id=case.person_id).get()
    assert entry.detail["legal_basis"] == "judicial_order"
    assert entry.detail["legal_reference"] == "Ordonnance 4/2026"

    actions.record_consent(
        users["worker"], case, scopes=["cross_border"], given_on=datetime.date.today()
    )
    assert _check(client, case.person).status_code == 302
    assert LinkageQuery.objects.count() == 2


def test_only_investigators_and_coordinators_check(
    client: Any, users: dict[str, Any], network: Network, scene: dict[str, Any], make_case: Any
) -> None:
    url = reverse("crosslink-check", args=[scene["suspect"].pk])
    for role in ("worker", "prosecutor", "analyst", "reporter", "admin"):
        client.logout()
        login(client, users[role])
        response = client.post(url, {"peers": ["ML"], "purpose": "x"})
        assert response.status_code == 403, role
    # An investigator cannot check a survivor whose case was not shared with their unit.
    case = make_case()
    client.logout()
    login(client, users["investigator"])
    assert _check(client, case.person).status_code == 404
    assert not OutboxMessage.objects.exists()


def test_an_unknown_peer_and_a_missing_secret_are_refused_with_a_message(
    client: Any, users: dict[str, Any], network: Network, scene: dict[str, Any], linkage_secret: Any
) -> None:
    login(client, users["investigator"])
    response = _check(client, scene["suspect"], peers=["NE"])
    assert response.status_code == 400
    linkage_secret.unlink()
    page = client.get(reverse("crosslink-check", args=[scene["suspect"].pk])).content.decode()
    assert "linkage secret is missing" in page and "crosslink_secret import" in page
    response = _check(client, scene["suspect"])
    assert response.status_code == 400 and "linkage secret is missing" in response.content.decode()
    assert not OutboxMessage.objects.exists()


def test_a_peer_with_another_secret_says_so(
    client: Any,
    users: dict[str, Any],
    network: Network,
    scene: dict[str, Any],
    tmp_path: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from jokko.crosslink.secret import create_secret

    login(client, users["investigator"])
    _check(client, scene["suspect"])
    other = tmp_path / "other.secret"
    create_secret(other)
    monkeypatch.setenv("JOKKO_LINKAGE_SECRET_FILE", str(other))
    network.deliver(client, sender="SN", to="ML")
    [answer] = network.outbox("SN")
    assert answer.body["status"] == "key_mismatch" and answer.body["candidates"] == []
    network.deliver(client, sender="ML", to="SN")
    assert QueryPeer.objects.get().status == "key_mismatch"


def test_a_peer_cannot_answer_a_question_it_was_not_asked(
    client: Any, users: dict[str, Any], network: Network, scene: dict[str, Any]
) -> None:
    login(client, users["investigator"])
    _check(client, scene["suspect"])
    network.deliver(client, sender="SN", to="ML")
    # Mauritania replays Mali's answer as its own: ignored.
    [answer] = network.outbox("SN")
    network.deliver(client, sender="MR", to="SN")
    assert not Candidate.objects.exists()
    assert answer.kind == "crosslink.result"
    with as_node("SN"):
        assert QueryPeer.objects.get().status == "pending"


def test_a_burst_of_queries_from_one_peer_is_refused(
    client: Any,
    users: dict[str, Any],
    network: Network,
    scene: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A peer holding the secret could probe who is known here; a script is slowed down."""
    from jokko.crosslink import handlers

    monkeypatch.setattr(handlers, "MAX_QUERIES_PER_HOUR", 1)
    login(client, users["investigator"])
    for _ in range(2):
        _check(client, scene["suspect"])
    network.deliver(client, sender="SN", to="ML")
    first, second = network.outbox("SN")
    assert first.body["status"] == "answered" and len(first.body["candidates"]) == 1
    assert second.body["status"] == "rate_limited" and second.body["candidates"] == []


def test_a_query_with_more_than_one_person_or_a_second_answer_is_ignored(
    client: Any, users: dict[str, Any], network: Network, scene: dict[str, Any]
) -> None:
    import base64

    from jokko.crosslink.encodings import key_check
    from jokko.crosslink.secret import load_secret
    from jokko.linkage.clk import encode_records
    from jokko.linkage.records import PersonRecord

    secret = load_secret()
    records = [PersonRecord("A" * 32, "Mamadu", "Jallow"), PersonRecord("B" * 32, "Awa", "Ba")]
    body = {
        "query_id": "6f1c2a7e-3b9d-4f55-9d7e-2a1b3c4d5e6f",
        "key_check": key_check(secret),
        "encoding": base64.b64encode(encode_records(records, secret).to_bytes()).decode(),
    }
    network.post(client, sender="SN", to="ML", kind="crosslink.query", body=body)
    assert not network.outbox("SN") and not Pointer.objects.exists()

    login(client, users["investigator"])
    _check(client, scene["suspect"])
    network.deliver(client, sender="SN", to="ML")
    [answer] = network.outbox("SN")
    network.deliver(client, sender="ML", to="SN")
    again = {**answer.body, "candidates": [{"pointer": "C" * 32, "score": 0.99}]}
    network.post(client, sender="ML", to="SN", kind="crosslink.result", body=again)
    assert Candidate.objects.count() == 1
