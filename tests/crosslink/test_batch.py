"""Batch exchange: a node's encodings out in chunks, candidate pairs seen by both sides."""

from __future__ import annotations

import base64
import datetime
import json
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from jokko.audit.models import AuditEntry
from jokko.crosslink import actions
from jokko.crosslink.models import Candidate, EncodingShare, Pointer
from jokko.linkage.clk import EncodedSet
from tests.crosslink.conftest import Network, as_node, dated, login, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(
    users: dict[str, Any],
    mali: dict[str, Any],
    network: Network,
    linkage_secret: Any,
    make_case: Any,
) -> dict[str, Any]:
    from jokko.cases import actions as case_actions

    today = datetime.date.today()
    born = datetime.date(1990, 4, 12)
    suspect = register(users["investigator"], ["Mamadou Diallo"], birth_date=born)
    recruiter = register(
        users["investigator"], ["Ibrahima Ba"], roles=("recruiter",), birth_year=1978
    )
    silent = dated(make_case(name="Aïssatou Diallo"))  # no consent to cross-border sharing
    consenting = dated(make_case(name="Kadiatou Barry"))
    case_actions.record_consent(
        users["worker"], consenting, scopes=["cross_border"], given_on=today
    )
    ml = mali["ml_investigator"]
    return {
        "suspect": suspect,
        "recruiter": recruiter,
        "silent": silent.person,
        "consenting": consenting.person,
        "ml_suspect": register(ml, ["Mamadu Jallow"], birth_date=born),
        "ml_survivor": dated(make_case(name="Kadiatu Bari", worker=mali["ml_worker"])).person,
        "ml_other": register(ml, ["Seydou Traoré"], birth_year=1960, nationality="ML"),
    }


def test_both_nodes_see_the_candidate_pairs_and_nothing_else(
    client: Any,
    users: dict[str, Any],
    mali: dict[str, Any],
    network: Network,
    scene: dict[str, Any],
) -> None:
    login(client, users["coordinator"])
    assert client.post(reverse("crosslink-share"), {"peer": "ML"}).status_code == 302
    share = EncodingShare.objects.get()
    assert share.persons == 3  # the survivor without consent stays home
    assert not Pointer.objects.filter(person=scene["silent"]).exists()
    [chunk] = network.outbox("ML", "crosslink.encodings")
    text = json.dumps(chunk.body, ensure_ascii=False)
    for name in ("Mamadou", "Diallo", "Ibrahima", "Kadiatou", "Barry"):
        assert name not in text
    sent = EncodedSet.from_bytes(base64.b64decode(chunk.body["encodings"]))
    assert set(sent.ids) == set(
        Pointer.objects.filter(exchange_id=share.uid).values_list("token", flat=True)
    )
    assert AuditEntry.objects.filter(action="export", detail__purpose="crosslink-share").exists()

    network.deliver(client, sender="SN", to="ML")
    received = Candidate.objects.filter(origin="batch_received")
    assert {c.local_person for c in received} == {scene["ml_suspect"], scene["ml_survivor"]}
    [report] = network.outbox("SN", "crosslink.encodings_result")
    assert "Jallow" not in json.dumps(report.body) and "Kadiatu" not in json.dumps(report.body)
    assert len(report.body["pairs"]) == 2

    network.deliver(client, sender="ML", to="SN")
    ours = Candidate.objects.filter(origin="batch_sent")
    assert {c.local_person for c in ours} == {scene["suspect"], scene["consenting"]}
    # The two sides hold the same pairs, each under the other's pointer.
    for candidate in ours:
        mirror = Candidate.objects.get(
            origin="batch_received", remote_pointer=candidate.own_pointer.token
        )
        assert mirror.own_pointer.token == candidate.remote_pointer
    share.refresh_from_db()
    assert share.chunks_answered == 1

    page = client.get(reverse("crosslink-home")).content.decode()
    assert page.count("Request disclosure") == 2 and scene["suspect"].pseudonym in page
    client.logout()
    with as_node("ML"):
        login(client, mali["ml_coordinator"])
        page = client.get(reverse("crosslink-home")).content.decode()
        assert scene["ml_suspect"].pseudonym in page and scene["ml_other"].pseudonym not in page


def test_a_pair_from_the_batch_can_be_disclosed_the_other_way(
    client: Any,
    users: dict[str, Any],
    mali: dict[str, Any],
    network: Network,
    scene: dict[str, Any],
) -> None:
    """Mali, which received our encodings, asks who is behind one of our pointers."""
    actions.share_encodings(users["coordinator"], "ML")
    network.deliver(client, sender="SN", to="ML")
    mirror = Candidate.objects.get(origin="batch_received", local_person=scene["ml_suspect"])
    with as_node("ML"):
        login(client, mali["ml_investigator"])
        response = client.post(
            reverse("crosslink-disclose", args=[mirror.pk]),
            {
                "purpose": "Recherche d'un suspect",
                "legal_basis": "criminal_investigation",
                "legal_reference": "PV 88/2026 Bamako",
            },
        )
        assert response.status_code == 302
    [request] = network.outbox("SN", "crosslink.disclosure_request")
    network.deliver(client, sender="ML", to="SN")
    from jokko.crosslink.models import DisclosureRequest

    incoming = DisclosureRequest.objects.get(direction="incoming", peer_country="ML")
    assert incoming.pointer.person == scene["suspect"]
    assert request.body["pointer"] == incoming.pointer_token


def test_encodings_travel_in_chunks(
    client: Any, users: dict[str, Any], network: Network, scene: dict[str, Any]
) -> None:
    share = actions.share_encodings(users["coordinator"], "ML", chunk_size=2)
    assert share.chunks == 2
    chunks = network.outbox("ML", "crosslink.encodings")
    assert [c.body["chunk"] for c in chunks] == [0, 1]
    assert all(c.body["chunks"] == 2 for c in chunks)
    network.deliver(client, sender="SN", to="ML")
    network.deliver(client, sender="ML", to="SN")
    share.refresh_from_db()
    assert share.chunks_answered == 2


def test_only_coordinators_share_and_the_command_says_what_is_wrong(
    client: Any,
    users: dict[str, Any],
    network: Network,
    scene: dict[str, Any],
    linkage_secret: Any,
    capsys: Any,
) -> None:
    for role in ("investigator", "worker", "analyst"):
        client.logout()
        login(client, users[role])
        assert client.post(reverse("crosslink-share"), {"peer": "ML"}).status_code == 403
    assert not EncodingShare.objects.exists()
    call_command("crosslink_share", "--peer", "ML")
    assert "Queued 3 encodings in 1 message(s) to ML" in capsys.readouterr().out
    with pytest.raises(CommandError, match="NE"):
        call_command("crosslink_share", "--peer", "NE")
    linkage_secret.unlink()
    with pytest.raises(CommandError, match="crosslink_secret import"):
        call_command("crosslink_share", "--peer", "ML")
    assert EncodingShare.objects.count() == 1


def test_a_chunk_or_its_report_sent_again_is_not_applied_twice(
    client: Any, users: dict[str, Any], network: Network, scene: dict[str, Any]
) -> None:
    """Under a new message id (so the inbox's exactly-once cannot tell), by a confused peer."""
    actions.share_encodings(users["coordinator"], "ML")
    [chunk] = network.outbox("ML", "crosslink.encodings")
    network.deliver(client, sender="SN", to="ML")
    network.post(client, sender="SN", to="ML", kind="crosslink.encodings", body=chunk.body)
    assert Candidate.objects.filter(origin="batch_received").count() == 2
    [report] = network.outbox("SN", "crosslink.encodings_result")
    network.deliver(client, sender="ML", to="SN")
    network.post(client, sender="ML", to="SN", kind="crosslink.encodings_result", body=report.body)
    assert Candidate.objects.filter(origin="batch_sent").count() == 2
    share = EncodingShare.objects.get()
    assert (share.chunks_answered, share.answered_chunks) == (1, [0])
