"""Three real nodes (Senegal, Mauritania, Mali) exchange signed messages over loopback HTTP.

Each node is its own server process (`jokko runserver --noreload`) and delivery worker process
(`jokko federation_worker`; two of them on Senegal, sharing its queue), with its own data
directory, SQLite database and node key; peers are registered with `jokko add_peer` from each
other's `jokko node_info`. The traffic is pings, real bulletins (`jokko seed_bulletins`, through
the bulletins actions) and batches of linkage encodings (`jokko crosslink_share`, through the
crosslink actions), with the answers each of them triggers. In the middle of the exchange Mali's
server and worker are killed with SIGKILL (no chance to finish a request or a transaction); the
others keep sending to it; it is restarted; and at the end every message in every outbox is
delivered and is in its recipient's inbox exactly once, each bulletin exists once at its
recipient, and each chunk of encodings was answered once.

The databases are read directly with sqlite3, as an operator would, so the assertions do not
depend on the code under test.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.slow

COUNTRIES = ("SN", "MR", "ML")
# Short retry cap and HTTP timeout so the outage and its recovery fit in seconds, not minutes.
FAST_FEDERATION = {
    "JOKKO_FEDERATION_RETRY_BASE_SECONDS": "0.2",
    "JOKKO_FEDERATION_RETRY_CAP_SECONDS": "1.5",
    "JOKKO_FEDERATION_HTTP_TIMEOUT_SECONDS": "3",
}
WAIT_SECONDS = 90
# Run in each node's `jokko shell`: demo users and cases, then suspects through the people
# actions (as an investigator registers them), then the linkage secret on the first node.
SEED = """
import os
from django.core.management import call_command
from django.db import transaction
from jokko.accounts.models import User
from jokko.people.actions import PersonInput, register_person
call_command("seed_demo", "--cases", "4", verbosity=0)
investigator = User.objects.get(username="enqueteur")
with transaction.atomic():
    for name in {names!r}:
        register_person(
            investigator,
            PersonInput(names=[name], roles=["suspect"], birth_year=1981, nationality="GN"),
            channel="test",
        )
if os.environ["JOKKO_NODE_COUNTRY"] == "SN":
    call_command("crosslink_secret", "create")
"""
SUSPECTS = {
    "SN": ["Mamadou Saliou Diallo", "Ousmane Koné"],
    "MR": ["Mohamed Ould Ahmed"],
    "ML": ["Mamadou Saliou Diallo", "Seydou Traoré"],
}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Node:
    def __init__(self, country: str, root: Path) -> None:
        self.country = country
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.data_dir = root / country.lower()
        self.data_dir.mkdir()
        self.database = self.data_dir / "jokko.sqlite3"
        inherited = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith("JOKKO_") and key != "DJANGO_SETTINGS_MODULE"
        }
        self.env = {
            **inherited,
            **FAST_FEDERATION,
            "DJANGO_SETTINGS_MODULE": "jokko.settings",
            "PYTHONUNBUFFERED": "1",
            "NO_PROXY": "127.0.0.1,localhost",
            "JOKKO_NODE_COUNTRY": country,
            "JOKKO_NODE_URL": self.url,
            "JOKKO_DATA_DIR": str(self.data_dir),
            "JOKKO_DATABASE_URL": f"sqlite:///{self.database}",
            "JOKKO_KEY_FILE": str(self.data_dir / "keys" / "field.key"),
            "JOKKO_NODE_KEY_FILE": str(self.data_dir / "keys" / "node.key"),
        }
        self.processes: list[subprocess.Popen[bytes]] = []  # server and worker
        self.commands: list[subprocess.Popen[str]] = []  # one-off jokko commands
        self.log = self.data_dir / "node.log"
        self.public_key = ""

    def command(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "jokko.cli", *args]

    def run(self, *args: str) -> str:
        done = subprocess.run(
            self.command(*args), env=self.env, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, f"{self.country} {args}: {done.stderr[-2000:]}"
        return done.stdout

    def start(self, workers: int = 1) -> None:
        worker = ("federation_worker", "--interval", "0.2")
        with self.log.open("ab") as log:
            for args in (
                ("runserver", f"127.0.0.1:{self.port}", "--noreload", "--skip-checks"),
                *[worker] * workers,
            ):
                self.processes.append(
                    subprocess.Popen(
                        self.command(*args),
                        env=self.env,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,
                    )
                )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.2)
        raise AssertionError(f"{self.country} did not start: {self.log_tail()}")

    def kill(self) -> None:
        """SIGKILL the server and the worker: no clean shutdown, as in a power cut."""
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)
        self.processes = []

    def query(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        connection = sqlite3.connect(self.database, timeout=30)
        try:
            return connection.execute(sql, params).fetchall()
        finally:
            connection.close()

    def pending(self) -> int:
        return int(
            self.query("SELECT COUNT(*) FROM federation_outboxmessage WHERE status = 'pending'")[0][
                0
            ]
        )

    def log_tail(self) -> str:
        return self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""


Running = list[tuple[Node, tuple[str, ...], "subprocess.Popen[str]"]]


def _start(commands: list[tuple[Node, tuple[str, ...]]]) -> Running:
    """Start jokko commands in their nodes' environments, all at once."""
    running: Running = []
    for node, args in commands:
        process = subprocess.Popen(
            node.command(*args),
            env=node.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        node.commands.append(process)
        running.append((node, args, process))
    return running


def _finish(running: Running) -> list[str]:
    outputs = []
    for node, args, process in running:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, f"{node.country} {args}: {err[-2000:]}"
        outputs.append(out)
    return outputs


def _parallel(commands: list[tuple[Node, tuple[str, ...]]]) -> list[str]:
    """Run jokko commands in their nodes' environments at the same time; return their output."""
    return _finish(_start(commands))


def _wait_for(condition: Any, what: str, nodes: list[Node]) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.3)
    tails = "\n".join(f"--- {node.country}\n{node.log_tail()}" for node in nodes)
    raise AssertionError(f"timed out waiting for {what}\n{tails}")


@pytest.fixture
def nodes(tmp_path: Path) -> Iterator[dict[str, Node]]:
    made = {country: Node(country, tmp_path) for country in COUNTRIES}
    try:
        yield made
    finally:
        for node in made.values():
            node.kill()
            for process in node.commands:  # left running by a failed assertion
                if process.poll() is None:
                    process.kill()
                    process.wait(timeout=30)


def test_three_nodes_exchange_messages_exactly_once_across_a_crash(
    nodes: dict[str, Node],
) -> None:
    sn, mr, ml = nodes["SN"], nodes["MR"], nodes["ML"]
    everyone = [sn, mr, ml]
    _parallel([(node, ("migrate", "--noinput", "-v", "0")) for node in everyone])
    for node, out in zip(
        everyone, _parallel([(node, ("node_info", "--json")) for node in everyone]), strict=True
    ):
        info = json.loads(out)
        assert info["country"] == node.country and info["url"] == node.url
        node.public_key = info["public_key"]

    # Demo users and cases on each node, a few suspects (the same man on both sides of the
    # Senegal-Mali border, for the linkage), and the network's linkage secret: created on
    # Senegal and carried to the others out of band (here: a file copy).
    _parallel(
        [(node, ("shell", "-c", SEED.format(names=SUSPECTS[node.country]))) for node in everyone]
    )
    secret = sn.data_dir / "keys" / "linkage.secret"
    for node in (mr, ml):
        shutil.copy2(secret, node.data_dir / "keys" / "linkage.secret")

    def register(at: Node, peer: Node) -> tuple[Node, tuple[str, ...]]:
        return (
            at,
            (
                "add_peer",
                f"--country={peer.country}",
                f"--url={peer.url}",
                f"--public-key={peer.public_key}",
            ),
        )

    # Every node knows every other, except that Mauritania does not know Senegal yet.
    _parallel(
        [register(sn, mr), register(sn, ml), register(mr, ml), register(ml, sn), register(ml, mr)]
    )
    # Senegal runs two delivery workers side by side: they must share its queue safely.
    for node in everyone:
        node.start(workers=2 if node is sn else 1)

    sent: list[tuple[str, str, str]] = []  # (sender, recipient, message id) as the CLI printed

    # (sender, recipients, pings to each recipient)
    Batch = list[tuple[Node, list[Node], int]]

    def start_pings(batch: Batch) -> Running:
        return _start(
            [
                (a, ("ping_peer", *[b.country for b in to], f"--count={n}", "--note=3 nodes"))
                for a, to, n in batch
            ]
        )

    def finish_pings(batch: Batch, running: Running) -> None:
        for (a, _to, _n), out in zip(batch, _finish(running), strict=True):
            lines = [line.split() for line in out.splitlines() if line.strip()]
            sent.extend((a.country, recipient, message_id) for recipient, message_id in lines)

    def ping(batch: Batch) -> None:
        finish_pings(batch, start_pings(batch))

    # 1. Senegal writes to Mauritania, which refuses it (unknown peer) until it registers Senegal.
    ping([(sn, [mr], 3)])
    _wait_for(
        lambda: (
            mr.query(
                "SELECT COUNT(*) FROM federation_rejection WHERE reason='unknown_peer' "
                "AND claimed_sender='SN'"
            )[0][0]
            > 0
        ),
        "Mauritania refusing Senegal as unknown",
        everyone,
    )
    assert (
        sn.query(
            "SELECT COUNT(*) FROM federation_outboxmessage WHERE last_error LIKE 'unknown_peer%'"
        )[0][0]
        > 0
    )
    _parallel([register(mr, sn)])

    # 2. Everyone writes to everyone; Mali is killed while that traffic is in flight.
    # Alongside the pings: real bulletins (through the bulletins app's actions) and linkage
    # encodings in batch (through the crosslink app's), both towards Mali.
    busy: Batch = [(sn, [ml, mr], 20), (mr, [ml, sn], 20), (ml, [sn, mr], 10)]
    running = start_pings(busy)
    domain = _start(
        [
            (sn, ("seed_bulletins",)),
            (mr, ("seed_bulletins",)),
            (sn, ("crosslink_share", "--peer=ML")),
            (mr, ("crosslink_share", "--peer=ML")),
        ]
    )
    deadline = time.monotonic() + WAIT_SECONDS
    while ml.query("SELECT COUNT(*) FROM federation_inboxmessage")[0][0] < 3:
        assert time.monotonic() < deadline, f"Mali received nothing: {ml.log_tail()}"
        time.sleep(0.05)
    ml.kill()
    finish_pings(busy, running)
    _finish(domain)
    in_flight = ml.pending() + sum(
        node.query(
            "SELECT COUNT(*) FROM federation_outboxmessage "
            "WHERE recipient_country='ML' AND status='pending'"
        )[0][0]
        for node in (sn, mr)
    )
    assert in_flight > 0  # the kill interrupted an exchange, it did not follow one

    # 3. Mali is down: the others keep writing to it (and to each other).
    ping([(sn, [ml, mr], 6), (mr, [ml, sn], 6)])
    _parallel([(sn, ("crosslink_share", "--peer=MR"))])
    _wait_for(
        lambda: (
            sn.query(
                "SELECT COUNT(*) FROM federation_outboxmessage WHERE "
                "recipient_country='ML' AND status='pending' AND attempts >= 2"
            )[0][0]
            > 0
        ),
        "Senegal retrying Mali while it is down",
        everyone,
    )

    # 4. Mali comes back; it writes again too.
    ml.start()
    ping([(ml, [sn, mr], 3)])
    _parallel([(ml, ("seed_bulletins",)), (ml, ("crosslink_share", "--peer=SN"))])
    _wait_for(lambda: all(node.pending() == 0 for node in everyone), "empty outboxes", everyone)
    time.sleep(1)  # pongs queued by the last pings' handlers, if any, are pending now...
    _wait_for(lambda: all(node.pending() == 0 for node in everyone), "empty outboxes", everyone)

    by_country = {node.country: node for node in everyone}
    outboxes = {
        node.country: node.query(
            "SELECT message_id, recipient_country, kind, status FROM federation_outboxmessage"
        )
        for node in everyone
    }
    inboxes = {
        node.country: Counter(
            (uuid.UUID(message_id).hex, sender)
            for message_id, sender in node.query(
                "SELECT message_id, sender_country FROM federation_inboxmessage"
            )
        )
        for node in everyone
    }
    # Every ping the command line reported is in its sender's outbox...
    outbox_ids = {
        (sender, uuid.UUID(message_id).hex)
        for sender, rows in outboxes.items()
        for message_id, *_rest in rows
    }
    assert {(a, uuid.UUID(m).hex) for a, _b, m in sent} <= outbox_ids
    assert len(sent) == 3 + (40 + 40 + 20) + (12 + 12) + 6
    # ...every outbox message was delivered and is in its recipient's inbox exactly once...
    total = 0
    for sender, rows in outboxes.items():
        for message_id, recipient, _kind, status in rows:
            assert status == "delivered", (sender, recipient, message_id, status)
            key = (uuid.UUID(message_id).hex, sender)
            assert inboxes[recipient][key] == 1, (sender, recipient, message_id)
            total += 1
    # ...and no inbox holds anything that was not sent (nor anything twice).
    assert sum(sum(inbox.values()) for inbox in inboxes.values()) == total
    # Each ping was answered by one pong, itself delivered once.
    kinds = Counter(kind for rows in outboxes.values() for _m, _r, kind, _s in rows)
    assert kinds["federation.ping"] == len(sent) == kinds["federation.pong"]
    # Mali's outage shows in the attempts of messages to it, and nothing expired.
    assert (
        sn.query("SELECT MAX(attempts) FROM federation_outboxmessage WHERE recipient_country='ML'")[
            0
        ][0]
        >= 2
    )
    assert by_country["ML"].query(
        "SELECT COUNT(*) FROM federation_inboxmessage WHERE sender_country IN ('SN','MR') "
        "AND kind LIKE 'federation.%'"
    )[0][0] == 20 + 20 + 6 + 6 + sum(1 for a, _b, _m in sent if a == "ML")

    # The applications saw each message once too. Bulletins: one incoming copy per message.
    def sent_to(recipient: str, kind: str, sender: str | None = None) -> int:
        return sum(
            1
            for country, rows in outboxes.items()
            for _m, to, k, _s in rows
            if to == recipient and k == kind and sender in (None, country)
        )

    for node in everyone:
        incoming = node.query(
            "SELECT COUNT(*), COUNT(DISTINCT uid) FROM bulletins_bulletin "
            "WHERE direction = 'incoming'"
        )[0]
        assert incoming[0] == incoming[1] == sent_to(node.country, "bulletin.new")
    assert sent_to("ML", "bulletin.new") > 0 and sent_to("SN", "bulletin.new", "ML") > 0
    # Linkage: every chunk of encodings was matched once and answered once...
    for a, b in ((sn, ml), (mr, ml), (sn, mr), (ml, sn)):
        chunks = sent_to(b.country, "crosslink.encodings", a.country)
        assert chunks > 0
        assert sent_to(a.country, "crosslink.encodings_result", b.country) == chunks
    # ...and the suspect known on both sides of the Senegal-Mali border was found.
    for node, peer in ((sn, "ML"), (ml, "SN")):
        assert (
            node.query("SELECT COUNT(*) FROM crosslink_candidate WHERE peer_country = ?", peer)[0][
                0
            ]
            > 0
        )
