"""`jokko ping_peer ML [--count N]`: queue connectivity checks; prints each message id."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jokko.federation import actions
from jokko.federation.models import Peer


class Command(BaseCommand):
    help = "Queue ping messages to a peer (the delivery worker sends them)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("country", help="the peer's ISO 3166-1 alpha-2 code")
        parser.add_argument("--count", type=int, default=1, help="how many pings")
        parser.add_argument("--note", default="", help="text carried by the ping")

    def handle(self, *args: Any, **options: Any) -> None:
        peer = Peer.objects.filter(country=options["country"].upper(), active=True).first()
        if peer is None:
            raise CommandError(f"{options['country']} is not an active peer of this node")
        if options["count"] < 1:
            raise CommandError("--count must be at least 1")
        for number in range(options["count"]):
            note = f"{options['note']} {number + 1}".strip()
            message = actions.ping_peer(None, peer, note=note, channel="cli")
            self.stdout.write(str(message.message_id))
