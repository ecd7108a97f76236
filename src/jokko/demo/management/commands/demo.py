"""`jokko demo`: three national demo nodes (Senegal, Mauritania, Mali) on one machine.

Each node is its own process with its own SQLite database and its own field-encryption key,
as real national installations are: Senegal on http://127.0.0.1:8000, Mauritania on :8001 and
Mali on :8002. The first run migrates and seeds them; later runs just start them. The nodes
are registered as each other's federation peers (keys exchanged at each start), share the
network's linkage secret, have a few bulletins queued for each other, and each runs its
delivery worker (`jokko federation_worker`) next to its server.

Cross-border linkage has something to find: a few suspects, recruiters and two consenting
survivors are known on two or three nodes under other spellings and scripts
(`jokko.demo.crossborder`); every node encodes its persons at start (`crosslink_refresh`) and
Senegal queues one batch of encodings for Mali. `--base-port 9000` moves the three nodes to
:9000-:9002 when :8000 is taken.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from jokko.demo.organisations import DEMO_PASSWORD, DEMO_USERS

NODES = [("SN", 8000), ("MR", 8001), ("ML", 8002)]
# The node that queues a batch of encodings for another at start, so batch candidates show.
BATCH_SHARE = ("SN", "ML")


def node_ports(base_port: int) -> dict[str, int]:
    return {country: base_port + offset for offset, (country, _port) in enumerate(NODES)}


def node_environment(
    country: str, data_dir: Path, ports: dict[str, int] | None = None
) -> dict[str, str]:
    port = (ports or dict(NODES))[country]
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "jokko.settings",
        "JOKKO_NODE_COUNTRY": country,
        "JOKKO_DATABASE_URL": f"sqlite:///{data_dir / (country.lower() + '.sqlite3')}",
        "JOKKO_KEY_FILE": str(data_dir / "keys" / f"{country.lower()}.key"),
        "JOKKO_DATA_DIR": str(data_dir),
        # Each node signs with its own key and tells its peers where it listens.
        "JOKKO_NODE_KEY_FILE": str(data_dir / "keys" / f"{country.lower()}-node.key"),
        "JOKKO_NODE_URL": f"http://127.0.0.1:{port}",
    }


def _raise_keyboard_interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


class Command(BaseCommand):
    help = "Migrate, seed and serve three demo nodes (SN :8000, MR :8001, ML :8002)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cases", type=int, default=600, help="synthetic cases per node")
        parser.add_argument("--no-serve", action="store_true", help="prepare the nodes only")
        parser.add_argument(
            "--base-port", type=int, default=NODES[0][1], help="SN's port; MR and ML use the next"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        data_dir = Path(settings.DATA_DIR) / "demo"
        data_dir.mkdir(parents=True, exist_ok=True)
        jokko = [sys.executable, "-m", "jokko.cli"]
        ports = node_ports(options["base_port"])
        for country, _port in NODES:
            env = node_environment(country, data_dir, ports)
            self.stdout.write(f"Preparing the {country} node…")
            subprocess.run([*jokko, "migrate", "--noinput", "-v", "0"], env=env, check=True)
            subprocess.run(
                [*jokko, "seed_demo", "--cases", str(options["cases"])], env=env, check=True
            )
        self._exchange_keys(jokko, data_dir, ports)
        self._cross_border_demo(jokko, data_dir, ports)
        self._print_logins(ports)
        if options["no_serve"]:
            return
        # Each node's delivery worker runs next to its server, as in production.
        processes = [
            subprocess.Popen(command, env=node_environment(country, data_dir, ports))
            for country, port in ports.items()
            for command in (
                [*jokko, "runserver", f"127.0.0.1:{port}", "--noreload"],
                [*jokko, "federation_worker"],
            )
        ]
        # Ctrl-C or `kill PID` stops the six processes too: a demo started in the background
        # ignores SIGINT (and so do its children), and a bare SIGTERM would orphan them.
        signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)
        try:
            for process in processes:
                process.wait()
        except KeyboardInterrupt:
            for process in processes:
                process.terminate()
            for process in processes:
                process.wait()

    def _exchange_keys(self, jokko: list[str], data_dir: Path, ports: dict[str, int]) -> None:
        """Register every demo node as a peer of the others, with its current public key.

        Real administrators exchange `jokko node_info` output by a trusted channel; the demo
        nodes share a machine, so the command does it for them (again on each run: harmless).
        """
        identities = {}
        for country, _port in NODES:
            out = subprocess.run(
                [*jokko, "node_info", "--json"],
                env=node_environment(country, data_dir, ports),
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            identities[country] = json.loads(out)
        for country, _port in NODES:
            for peer, info in identities.items():
                if peer == country:
                    continue
                subprocess.run(
                    [
                        *jokko,
                        "add_peer",
                        f"--country={peer}",
                        f"--url={info['url']}",
                        f"--public-key={info['public_key']}",
                        f"--name=Jokko {peer} (démo)",
                    ],
                    env=node_environment(country, data_dir, ports),
                    check=True,
                    stdout=subprocess.DEVNULL,
                )

    def _cross_border_demo(self, jokko: list[str], data_dir: Path, ports: dict[str, int]) -> None:
        """The network's linkage secret, bulletins queued between the nodes, persons to link.

        The demo nodes share one data directory, so the secret created for the first node is
        the file the others read (real nodes import it out of band). The bulletins keep fixed
        ids, so a second run queues nothing new; the workers deliver them once servers are up.
        The cross-border persons have fixed client ids too, and the batch share is sent once.
        Each node then encodes its persons, so the first check answers at once.
        """
        first_country = NODES[0][0]
        secret = subprocess.run(
            [*jokko, "crosslink_secret", "check"],
            env=node_environment(first_country, data_dir, ports),
            capture_output=True,
        )
        if secret.returncode != 0:
            subprocess.run(
                [*jokko, "crosslink_secret", "create"],
                env=node_environment(first_country, data_dir, ports),
                check=True,
                stdout=subprocess.DEVNULL,
            )
        sharer, receiver = BATCH_SHARE
        for country, _port in NODES:
            env = node_environment(country, data_dir, ports)
            subprocess.run([*jokko, "seed_bulletins"], env=env, check=True)
            share = ["--share-with", receiver] if country == sharer else []
            subprocess.run([*jokko, "seed_crossborder", *share], env=env, check=True)
            subprocess.run([*jokko, "crosslink_refresh", "--quiet-progress"], env=env, check=True)

    def _print_logins(self, ports: dict[str, int]) -> None:
        self.stdout.write("\nJokko demo nodes:")
        for country, port in ports.items():
            self.stdout.write(f"  {country}: http://127.0.0.1:{port}/")
        self.stdout.write(f"\nDemo logins (same on every node), password: {DEMO_PASSWORD}")
        for username, role, _kind in DEMO_USERS:
            self.stdout.write(f"  {username:<14} {role}")
        self.stdout.write(
            f"\nTry cross-border linkage: log in to SN (:{ports['SN']}) as enqueteur, search"
            " “Mamadou Saliou Diallo”, open him, click “Check in neighbouring countries”:"
            " Mali knows him as “Mamadu Saliu Jallow” (also try “Sidi Mohamed Ould Ahmed"
            " Salem”, in Arabic script in Mauritania). As coordination, check the survivor"
            " “Khadiatou Dembélé” (she consented), request a disclosure from Mali, and approve"
            f" it as coordination on ML (:{ports['ML']})."
        )
        self.stdout.write("")
