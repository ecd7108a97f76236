"""`jokko crosslink_refresh`: encode the node's new and changed persons (run it from cron).

Queries from peers refresh too before they match, so this command only keeps that step short
and lets an operator encode a large node once, with a progress bar, after import.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jokko.crosslink.encodings import refresh_local_encodings
from jokko.crosslink.secret import LinkageSecretMissing, load_secret


class Command(BaseCommand):
    help = "Encode the node's new and changed persons for cross-border linkage."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quiet-progress", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            secret = load_secret()
        except LinkageSecretMissing as exc:
            raise CommandError(str(exc)) from exc
        report = refresh_local_encodings(
            secret, channel="cli", progress=not options["quiet_progress"]
        )
        self.stdout.write(f"Encoded {report.encoded} new or changed of {report.total} persons.")
