"""`jokko crosslink_share --peer ML`: send the node's encodings to a peer, in chunks.

Only encodings leave, each person under a fresh random pointer; survivors are included only
with their consent to cross-border sharing. The peer matches them against its own encodings
and reports the candidate pairs back (see docs/federation.md).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from jokko.crosslink.actions import share_encodings
from jokko.crosslink.encodings import refresh_local_encodings
from jokko.crosslink.secret import LinkageSecretMissing, load_secret


class Command(BaseCommand):
    help = "Send this node's linkage encodings (no names) to a peer node."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--peer", required=True, help="the peer's country code, e.g. ML")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            refresh_local_encodings(load_secret(), channel="cli")
            share = share_encodings(None, options["peer"], channel="cli")
        except LinkageSecretMissing as exc:
            raise CommandError(str(exc)) from exc
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(
            f"Queued {share.persons} encodings in {share.chunks} message(s) to {share.peer_country}"
            f" (share {share.uid}); the federation worker delivers them."
        )
