"""Partition two nodes, send bulletins across, break the acknowledgements, heal: exactly once.

Senegal and Mali are separate server processes on loopback, with Senegal's delivery worker
running; Senegal reaches Mali only through `FaultyProxy`. Investigators send bulletins through
Senegal's API while the link refuses connections, then while it swallows them (timeouts), then
while Mali receives and applies each message but its signed acknowledgement is cut on the way
back; Senegal's worker is SIGKILLed in that last phase and restarted. Then the network heals.
At the end every bulletin exists once at Mali (one inbox row, one received bulletin, one
"applied" in Mali's log) and once, delivered, in Senegal's outbox, although Senegal sent most
of them several times.
"""

from __future__ import annotations

import json
import time
import uuid
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest

from tests.faults.conftest import Node, bulletin_body
from tests.faults.proxy import FaultyProxy

pytestmark = pytest.mark.slow

WAIT_SECONDS = 60
OUTBOX = "SELECT message_id, status, attempts FROM federation_outboxmessage"


def _wait(condition: Callable[[], bool], what: str, *nodes: Node) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    logs = "\n".join(f"--- {node.country}\n{node.log_tail()}" for node in nodes)
    raise AssertionError(f"timed out waiting for {what}\n{logs}")


def _hex(value: Any) -> str:
    return uuid.UUID(str(value)).hex


def test_bulletins_cross_a_partition_exactly_once(make_node: Any) -> None:
    senegal: Node = make_node("SN")
    mali: Node = make_node("ML")
    keys = {n.country: json.loads(n.jokko("node_info", "--json").stdout) for n in (senegal, mali)}
    mali.start()
    proxy = FaultyProxy(mali.port)
    try:
        senegal.jokko(
            "add_peer",
            "--country=ML",
            f"--url={proxy.url}",
            f"--public-key={keys['ML']['public_key']}",
        )
        mali.jokko(
            "add_peer",
            "--country=SN",
            f"--url={senegal.url}",
            f"--public-key={keys['SN']['public_key']}",
        )
        senegal.start()
        senegal.start_worker()
        sent: list[str] = []

        def send(count: int) -> None:
            for _ in range(count):
                client_id = str(uuid.uuid4())
                body = bulletin_body(client_id, f"Alert {len(sent) + 1}", ["ML"])
                status, answer = senegal.api("POST", "/bulletins", body, user="enqueteur")
                assert status == 201, answer
                sent.append(answer["uid"])

        def pending() -> list[tuple[Any, ...]]:
            return [row for row in senegal.query(OUTBOX) if row[1] == "pending"]

        def received() -> int:
            return int(mali.scalar("SELECT COUNT(*) FROM federation_inboxmessage"))

        # 1. Refused: connections reset at once; Senegal retries.
        proxy.mode = "refuse"
        send(3)
        _wait(lambda: min(row[2] for row in pending()) >= 2, "retries while refused", senegal)
        # 2. Black hole: connections hang until Senegal's timeout.
        proxy.mode = "hang"
        send(2)
        _wait(lambda: proxy.connections["hang"] >= 3, "attempts into the black hole", senegal)
        assert received() == 0
        # 3. Acknowledgements lost: Mali applies, Senegal never hears back and sends again.
        proxy.mode = "drop_response"
        send(2)
        _wait(lambda: received() == len(sent), "Mali applying every bulletin", senegal, mali)
        _wait(lambda: proxy.connections["drop_response"] >= 2 * len(sent), "resends", senegal)
        assert len(pending()) == len(sent)  # none acknowledged yet
        senegal.kill_worker()  # SIGKILL mid-delivery: its claims lapse, nothing is lost
        # 4. Healed: a new worker delivers the backlog; Mali answers "duplicate" to each.
        proxy.mode = "pass"
        senegal.start_worker()
        _wait(lambda: not pending(), "an empty outbox after healing", senegal, mali)
    finally:
        proxy.close()

    outbox = senegal.query(OUTBOX)
    assert len(outbox) == len(sent) == 7
    assert all(status == "delivered" for _m, status, _a in outbox)
    assert all(attempts >= 2 for _m, _s, attempts in outbox)  # every one crossed a fault
    inbox = Counter(
        (_hex(m), s)
        for m, s in mali.query("SELECT message_id, sender_country FROM federation_inboxmessage")
    )
    assert inbox == Counter((_hex(m), "SN") for m, _s, _a in outbox)
    bulletins = Counter(
        _hex(uid)
        for (uid,) in mali.query("SELECT uid FROM bulletins_bulletin WHERE direction = 'incoming'")
    )
    assert bulletins == Counter(_hex(uid) for uid in sent)
    applied = [line for line in mali.log_tail_all().splitlines() if "federation: applied" in line]
    assert len(applied) == len(sent)
    assert "audit chain OK" in mali.jokko("audit_verify").stdout
    assert "audit chain OK" in senegal.jokko("audit_verify").stdout
