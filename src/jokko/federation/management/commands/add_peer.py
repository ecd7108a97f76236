"""`jokko add_peer --country ML --url ... --public-key ...`: register (or update) a peer node."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from jokko.federation import actions


class Command(BaseCommand):
    help = "Register a peer node (or update the one registered for that country)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--country", required=True, help="ISO 3166-1 alpha-2, e.g. ML")
        parser.add_argument("--url", required=True, help="the peer's base address")
        parser.add_argument("--public-key", required=True, help="as printed by its node_info")
        parser.add_argument("--name", default="", help="display name (default: the country)")
        parser.add_argument("--inactive", action="store_true", help="register it switched off")

    def handle(self, *args: Any, **options: Any) -> None:
        data = actions.PeerInput(
            country=options["country"],
            name=options["name"] or f"Jokko {options['country'].upper()}",
            url=options["url"],
            public_key=options["public_key"],
            active=not options["inactive"],
        )
        try:
            peer = actions.register_peer(None, data, channel="cli")
        except ValidationError as exc:
            problems = "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
            raise CommandError(problems) from exc
        self.stdout.write(f"peer {peer.country} registered: {peer.url}")
