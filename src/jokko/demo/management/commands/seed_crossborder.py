"""`jokko seed_crossborder [--share-with ML]`: the demo's persons known in two or three countries.

Run after `jokko seed_demo` (it needs the demo users). `--share-with` also sends this node's
linkage encodings to that peer once, as a coordinator would from the crosslink page, so batch
candidates appear on both nodes when the federation workers deliver; a node that already
shared with that peer sends nothing again.
"""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from jokko.crosslink.actions import share_encodings
from jokko.crosslink.models import EncodingShare
from jokko.demo.crossborder import seed_cross_border


class Command(BaseCommand):
    help = "Seed the demo persons known under other spellings in neighbouring countries."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--share-with",
            metavar="COUNTRY",
            default="",
            help="also send this node's encodings to that peer (once)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        country = settings.NODE_COUNTRY
        try:
            seed_cross_border(country, log=self.stdout.write)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        peer = options["share_with"].strip().upper()
        if not peer:
            return
        if EncodingShare.objects.filter(peer_country=peer).exists():
            self.stdout.write(f"  {country}: encodings already shared with {peer}")
            return
        try:
            share = share_encodings(None, peer, channel="demo")
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(
            f"  {country}: {share.persons} encodings queued for {peer}; "
            "its candidates appear on the crosslink pages once the workers deliver them"
        )
