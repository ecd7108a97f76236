"""Senegal and Mali as two real node processes on loopback: batch, query and disclosure.

Each node has its own data directory, SQLite database, field key and node key, and runs its own
server and delivery worker (the harness of tests/federation/test_three_nodes.py). They share
only the network linkage secret, copied from one data directory to the other as an
administrator would. Actions run through `jokko crosslink_share` and `jokko shell`; the
databases are then read with sqlite3.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.federation.test_three_nodes import Node, _parallel, _wait_for

pytestmark = pytest.mark.slow

PEOPLE = {
    "SN": [("Mamadou Diallo", "1990-04-12"), ("Ousmane Sow", "1970-01-02")],
    "ML": [("Mamadu Jallow", "1990-04-12"), ("Seydou Traoré", "1960-05-05")],
}
SETUP = """
import datetime
from jokko.accounts.models import Organisation, User
from jokko.people.actions import PersonInput, register_person
police = Organisation.objects.create(name="Police {c}", kind="police", country="{c}")
ministry = Organisation.objects.create(name="Commission {c}", kind="ministry", country="{c}")
inv = User.objects.create_user(
    username="inv", password="x", role="investigator", organisation=police
)
User.objects.create_user(
    username="coord", password="x", role="coordinator", organisation=ministry,
    email="coord@{c}.example",
)
for name, born in {people!r}:
    register_person(inv, PersonInput(
        names=[name], roles=["suspect"], sex="male", nationality="SN",
        birth_date=datetime.date.fromisoformat(born), birth_precision="exact",
    ))
"""
QUERY = """
from jokko.accounts.models import User
from jokko.crosslink.actions import send_query
from jokko.people.models import Person
person = Person.objects.order_by("id").first()
send_query(User.objects.get(username="inv"), person.pk, peers=["ML"], purpose="PV 12/2026")
"""
REQUEST = """
from jokko.accounts.models import User
from jokko.crosslink.actions import request_disclosure
from jokko.crosslink.models import Candidate
candidate = Candidate.objects.get(origin="query")
request_disclosure(
    User.objects.get(username="inv"), candidate.pk, purpose="Enquête",
    legal_basis="mutual_legal_assistance", legal_reference="Entraide 2026/15",
)
"""
APPROVE = """
from jokko.accounts.models import User
from jokko.crosslink.actions import decide_disclosure
from jokko.crosslink.models import DisclosureRequest
decide_disclosure(
    User.objects.get(username="coord"), DisclosureRequest.objects.get(direction="incoming"),
    approve=True, legal_basis="mutual_legal_assistance", legal_reference="Accord SN-ML art. 4",
)
"""
READ = """
import json
from jokko.crosslink.models import DisclosureRequest
request = DisclosureRequest.objects.get(direction="outgoing")
identity = json.loads(request.disclosed_identity)
print("NAMES", json.dumps([name["full_name"] for name in identity["names"]]))
"""


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[tuple[Node, Node]]:
    sn, ml = Node("SN", tmp_path), Node("ML", tmp_path)
    try:
        yield sn, ml
    finally:
        sn.kill()
        ml.kill()


def _outbox(node: Node) -> list[tuple[str, str]]:
    """(kind, body) of every message the node sent, decrypted with its field key."""
    from jokko.privacy import load_key_file

    cipher = load_key_file(node.data_dir / "keys" / "field.key")
    return [
        (kind, cipher.decrypt(body))
        for kind, body in node.query("SELECT kind, body FROM federation_outboxmessage")
    ]


def _count(node: Node, sql: str) -> int:
    return int(node.query(sql)[0][0])


def test_two_nodes_link_and_disclose_over_loopback(pair: tuple[Node, Node]) -> None:
    sn, ml = pair
    _parallel([(node, ("migrate", "--noinput", "-v", "0")) for node in pair])
    for node, out in zip(
        pair, _parallel([(n, ("node_info", "--json")) for n in pair]), strict=True
    ):
        node.public_key = json.loads(out)["public_key"]
    _parallel(
        [
            (
                a,
                (
                    "add_peer",
                    f"--country={b.country}",
                    f"--url={b.url}",
                    f"--public-key={b.public_key}",
                ),
            )
            for a, b in ((sn, ml), (ml, sn))
        ]
    )
    sn.run("crosslink_secret", "create")
    ml.run("crosslink_secret", "import", str(sn.data_dir / "keys" / "linkage.secret"))
    checks = [node.run("crosslink_secret", "check").split("Key check: ")[1] for node in pair]
    assert checks[0] == checks[1]
    _parallel(
        [
            (node, ("shell", "-c", SETUP.format(c=node.country, people=PEOPLE[node.country])))
            for node in pair
        ]
    )
    for node in pair:
        node.start()

    # Batch: Senegal's encodings to Mali; the pair comes back to Senegal.
    assert "Queued 2 encodings" in sn.run("crosslink_share", "--peer", "ML")
    _wait_for(
        lambda: (
            _count(sn, "SELECT COUNT(*) FROM crosslink_encodingshare WHERE chunks_answered = 1")
            == 1
        ),
        "Mali's answer to the batch",
        list(pair),
    )
    [(sn_pointer, ml_pointer_seen)] = sn.query(
        "SELECT p.token, c.remote_pointer FROM crosslink_candidate c "
        "JOIN crosslink_pointer p ON p.id = c.own_pointer_id WHERE c.origin = 'batch_sent'"
    )
    [(ml_pointer, sn_pointer_seen)] = ml.query(
        "SELECT p.token, c.remote_pointer FROM crosslink_candidate c "
        "JOIN crosslink_pointer p ON p.id = c.own_pointer_id WHERE c.origin = 'batch_received'"
    )
    assert (sn_pointer, ml_pointer) == (sn_pointer_seen, ml_pointer_seen)

    # Query: one person's encoding; a fresh pointer back.
    sn.run("shell", "-c", QUERY)
    _wait_for(
        lambda: (
            _count(sn, "SELECT COUNT(*) FROM crosslink_querypeer WHERE status = 'answered'") == 1
        ),
        "Mali's answer to the query",
        list(pair),
    )
    [(query_pointer,)] = sn.query(
        "SELECT remote_pointer FROM crosslink_candidate WHERE origin = 'query'"
    )
    assert query_pointer != ml_pointer

    # Disclosure: requested in Senegal, approved in Mali, the identity back in Senegal.
    sn.run("shell", "-c", REQUEST)
    _wait_for(
        lambda: _count(ml, "SELECT COUNT(*) FROM crosslink_disclosurerequest") == 1,
        "the request reaching Mali",
        list(pair),
    )
    ml.run("shell", "-c", APPROVE)
    _wait_for(
        lambda: (
            _count(sn, "SELECT COUNT(*) FROM crosslink_disclosurerequest WHERE status = 'approved'")
            == 1
        ),
        "the approval reaching Senegal",
        list(pair),
    )
    names = sn.run("shell", "-c", READ).split("NAMES ", 1)[1]
    assert json.loads(names) == ["Mamadu Jallow"]

    # No name ever left either node, except Mali's one approved disclosure.
    for node, own_names in ((sn, ("Mamadou", "Diallo", "Ousmane")), (ml, ("Jallow", "Seydou"))):
        for kind, body in _outbox(node):
            if kind != "crosslink.disclosure_response":
                assert not any(name in body for name in own_names), (node.country, kind)
    [response] = [body for kind, body in _outbox(ml) if kind == "crosslink.disclosure_response"]
    assert "Mamadu Jallow" in response and "Seydou" not in response
    # Both audit logs hold both legal bases of the disclosure.
    audits = {
        node.country: [json.loads(d) for (d,) in node.query("SELECT detail FROM audit_auditentry")]
        for node in pair
    }
    assert any(
        d.get("legal_reference") == "Accord SN-ML art. 4"
        and d.get("requester_legal_reference") == "Entraide 2026/15"
        for d in audits["ML"]
    )
    assert any(
        d.get("owner_legal_reference") == "Accord SN-ML art. 4"
        and d.get("legal_reference") == "Entraide 2026/15"
        for d in audits["SN"]
    )
