"""`jokko ping_peer ML [MR ...] [--count N]`: queue connectivity checks; prints each message id."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jokko.federation import actions
from jokko.federation.models import Peer


class Command(BaseCommand):
    help = "Queue ping messages to a peer (the delivery worker sends them)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("countries", nargs="+", help="peers' ISO 3166-1 alpha-2 codes")
        parser.add_argument("--count", type=int, default=1, help="how many pings to each")
        parser.add_argument("--note", default="", help="text carried by the ping")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["count"] < 1:
            raise CommandError("--count must be at least 1")
        peers = []
        for country in options["countries"]:
            peer = Peer.objects.filter(country=country.upper(), active=True).first()
            if peer is None:
                raise CommandError(f"{country} is not an active peer of this node")
            peers.append(peer)
        for number in range(options["count"]):
            for peer in peers:
                note = f"{options['note']} {number + 1}".strip()
                message = actions.ping_peer(None, peer, note=note, channel="cli")
                self.stdout.write(f"{peer.country} {message.message_id}")
