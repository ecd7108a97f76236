"""SIGKILL the web server in the middle of concurrent writes, twice, then check the damage.

Four clients register survivors (a person, a case, its first status, audit entries) and send
bulletins (a bulletin, its recipients, a federation outbox message) through the API, each with
a client-generated id, as a phone app does. The server process is killed with SIGKILL while
they write: no chance to finish a request, a transaction or a write to disk. After a restart:

* every write a client got a 2xx for is in the database exactly once;
* nothing is half-written: no case without its person, names, first status or audit entry, no
  case left with its temporary reference, no bulletin without its recipients and outbox rows;
* retrying every write that got no answer, with the same client id, creates no duplicate (and
  retrying an acknowledged one answers 200 with the first result);
* `jokko audit_verify` passes.

The same test runs on SQLite and on PostgreSQL (whichever the suite runs on).
"""

from __future__ import annotations

import os
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pytest

from tests.faults.conftest import Node, bulletin_body, case_body

pytestmark = pytest.mark.slow

WRITERS = 4
ACKS_BEFORE_KILL = 10  # per round: the kill lands while writes are in flight, not before them
# Kill rounds: 2 in CI (seconds each); `bench/faults_soak.py` runs many more.
ROUNDS = int(os.environ.get("JOKKO_FAULTS_KILL_ROUNDS", "2"))
CASE_IDS = "SELECT client_id FROM cases_case WHERE client_id IS NOT NULL"
BULLETIN_IDS = (
    "SELECT client_id FROM bulletins_bulletin WHERE direction = 'outgoing' "
    "AND client_id IS NOT NULL"
)


@dataclass
class Ledger:
    """What the clients sent and what they were told, shared by the writer threads."""

    acked: dict[str, str] = field(default_factory=dict)  # client id -> "case" | "bulletin"
    unanswered: dict[str, str] = field(default_factory=dict)
    refused: dict[str, int] = field(default_factory=dict)  # must stay empty: valid requests
    sent: dict[str, dict[str, Any]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _path(kind: str) -> tuple[str, str]:
    return ("/cases", "travailleuse") if kind == "case" else ("/bulletins", "enqueteur")


def _writer(node: Node, ledger: Ledger, stop: threading.Event, number: int) -> None:
    sequence = 0
    while not stop.is_set():
        sequence += 1
        client_id = str(uuid.uuid4())
        kind = "bulletin" if number == 0 and sequence % 2 else "case"
        body = (
            case_body(client_id, f"Awa Ndiaye {number}-{sequence}")
            if kind == "case"
            else bulletin_body(client_id, f"Alert {number}-{sequence}", ["ML"])
        )
        with ledger.lock:
            ledger.sent[client_id] = body
        path, user = _path(kind)
        try:
            status, _answer = node.api("POST", path, body, user=user, timeout=5)
        except OSError:
            status = 0  # connection refused or reset: the server is dead
        with ledger.lock:
            if 200 <= status < 300:
                ledger.acked[client_id] = kind
            elif 400 <= status < 500:
                ledger.refused[client_id] = status
            else:
                ledger.unanswered[client_id] = kind
        if status == 0:
            time.sleep(0.05)


def _round(node: Node, ledger: Ledger) -> None:
    stop = threading.Event()
    before = len(ledger.acked)
    threads = [
        threading.Thread(target=_writer, args=(node, ledger, stop, n), daemon=True)
        for n in range(WRITERS)
    ]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 60

    def enough_in_flight() -> bool:
        # Cases come from four writers, bulletins from one: wait until a bulletin too has been
        # acknowledged, so that the kill always lands on a history with both kinds of write.
        with ledger.lock:
            kinds = list(ledger.acked.values())
        return len(kinds) >= before + ACKS_BEFORE_KILL and "bulletin" in kinds

    while not enough_in_flight():
        assert time.monotonic() < deadline, f"no writes got through: {node.log_tail()}"
        time.sleep(0.01)
    node.kill_server()
    time.sleep(0.3)  # the clients notice, record the failures
    stop.set()
    for thread in threads:
        thread.join(timeout=30)


def _hex(value: Any) -> str:
    return uuid.UUID(str(value)).hex


def test_sigkill_during_writes_loses_nothing_and_half_writes_nothing(make_node: Any) -> None:
    from jokko.federation import envelope

    node: Node = make_node()
    mali_key = envelope.public_key_text(envelope.generate_private_key())
    node.jokko("add_peer", "--country=ML", "--url=http://127.0.0.1:9", f"--public-key={mali_key}")
    # The demo seeding opens a few cases of its own (hotline, ODK imports): not ours.
    seeded = {_hex(c) for (c,) in node.query(CASE_IDS) + node.query(BULLETIN_IDS)}
    ledger = Ledger()
    for _ in range(ROUNDS):
        node.start()
        _round(node, ledger)
    node.start()
    assert ledger.refused == {}

    # Retry everything that got no answer, with the same client id: created now or found.
    for client_id, kind in sorted(ledger.unanswered.items()):
        path, user = _path(kind)
        status, answer = node.api("POST", path, ledger.sent[client_id], user=user)
        assert status in (200, 201), (status, answer)
    # An acknowledged write sent again answers with the first result and creates nothing.
    for client_id, kind in list(ledger.acked.items())[:5]:
        path, user = _path(kind)
        status, answer = node.api("POST", path, ledger.sent[client_id], user=user)
        assert status == 200, (status, answer)
    node.kill_server()

    cases = Counter(_hex(c) for (c,) in node.query(CASE_IDS) if _hex(c) not in seeded)
    bulletins = Counter(_hex(c) for (c,) in node.query(BULLETIN_IDS) if _hex(c) not in seeded)
    acked_cases = {_hex(c) for c, kind in ledger.acked.items() if kind == "case"}
    acked_bulletins = {_hex(c) for c, kind in ledger.acked.items() if kind == "bulletin"}
    assert len(acked_cases) >= ROUNDS * ACKS_BEFORE_KILL // 2 and acked_bulletins
    # Every acknowledged write is there exactly once; so is every retried one; nothing else.
    assert all(cases[c] == 1 for c in acked_cases), "an acknowledged case was lost or doubled"
    assert all(bulletins[b] == 1 for b in acked_bulletins), "an acknowledged bulletin was lost"
    sent = {_hex(c): kind for c, kind in {**ledger.unanswered, **ledger.acked}.items()}
    assert len(sent) == len(ledger.sent)
    assert set(cases) == {c for c, kind in sent.items() if kind == "case"}
    assert set(bulletins) == {c for c, kind in sent.items() if kind == "bulletin"}
    assert max(cases.values()) == 1 and max(bulletins.values()) == 1

    # No half-written case: each has its person and names, first status and audit entries.
    assert node.query("SELECT id FROM cases_case WHERE reference LIKE 'tmp-%'") == []
    assert (
        node.query(
            "SELECT c.id FROM cases_case c WHERE NOT EXISTS (SELECT 1 FROM people_personname n "
            "WHERE n.person_id = c.person_id)"
        )
        == []
    )
    assert (
        node.query(
            "SELECT c.id FROM cases_case c WHERE NOT EXISTS (SELECT 1 FROM cases_caseevent e "
            "WHERE e.case_id = c.id AND e.to_status = 'identified')"
        )
        == []
    )
    audited_cases = {
        int(object_id)
        for (object_id,) in node.query(
            "SELECT object_id FROM audit_auditentry WHERE action = 'create' "
            "AND object_type = 'case'"
        )
    }
    audited_persons = {
        int(object_id)
        for (object_id,) in node.query(
            "SELECT object_id FROM audit_auditentry WHERE action = 'create' "
            "AND object_type = 'person'"
        )
    }
    for case_id, person_id in node.query("SELECT id, person_id FROM cases_case"):
        assert case_id in audited_cases and person_id in audited_persons, case_id
    # No half-written bulletin: each has its recipient row and that row's outbox message.
    outbox = {_hex(m) for (m,) in node.query("SELECT message_id FROM federation_outboxmessage")}
    outgoing = {
        bulletin_id
        for (bulletin_id,) in node.query(
            "SELECT id FROM bulletins_bulletin WHERE direction = 'outgoing'"
        )
    }
    queued = {
        bulletin_id
        for bulletin_id, message_id in node.query(
            "SELECT bulletin_id, message_id FROM bulletins_bulletinrecipient"
        )
        if message_id and _hex(message_id) in outbox
    }
    assert outgoing <= queued
    assert "audit chain OK" in node.jokko("audit_verify").stdout
