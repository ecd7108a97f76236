"""`jokko node_info`: what a peer's administrator needs to register this node."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from jokko.federation import conf
from jokko.federation.keys import generate_key_file, node_identity


class Command(BaseCommand):
    help = "Print this node's country, address and public key (what peers register)."
    # Runs without the start-up checks, so an operator can create the key those checks demand.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="one JSON object, for scripts")
        parser.add_argument(
            "--create-key",
            action="store_true",
            help="create the node key file if it is missing (even with JOKKO_REQUIRE_KEY_FILE=1)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["create_key"] and not conf.node_key_file().exists():
            generate_key_file(conf.node_key_file())
            self.stderr.write(f"created {conf.node_key_file()}")
        identity = node_identity()
        info = {
            "country": identity.country,
            "url": identity.url,
            "public_key": identity.public_key,
        }
        if options["json"]:
            self.stdout.write(json.dumps(info))
            return
        for name, value in info.items():
            self.stdout.write(f"{name}: {value}")
        self.stdout.write(
            f"\nOn each peer: jokko add_peer --country {identity.country} "
            f"--url {identity.url} --public-key {identity.public_key}"
        )
