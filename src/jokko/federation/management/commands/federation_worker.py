"""`jokko federation_worker`: post the outbox to peers, for ever (or `--once`).

Run one next to each node's web server (the demo does). Stop it with SIGTERM or Ctrl-C: it
finishes the current message and exits; anything it had claimed is retried after the claim
lapses, so stopping it at any moment loses nothing.
"""

from __future__ import annotations

import logging
import signal
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError, close_old_connections

from jokko.federation.delivery import deliver_due, prune

logger = logging.getLogger("jokko.federation")

# Seconds between rounds when nothing was due: a bulletin leaves within two seconds of being
# queued, at the cost of one indexed query per round on an idle node.
DEFAULT_POLL_SECONDS = 2.0
# Old rejection records and message bodies are pruned once an hour.
PRUNE_EVERY_SECONDS = 3600


class Command(BaseCommand):
    help = "Deliver outgoing federation messages, retrying with back-off until acknowledged."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="one round, then exit")
        parser.add_argument(
            "--interval",
            type=float,
            default=DEFAULT_POLL_SECONDS,
            help=f"seconds between rounds when idle (default {DEFAULT_POLL_SECONDS})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        stopping = False

        def stop(signum: int, frame: Any) -> None:
            nonlocal stopping
            stopping = True

        if not options["once"]:
            signal.signal(signal.SIGTERM, stop)
            signal.signal(signal.SIGINT, stop)
        last_prune = 0.0
        while not stopping:
            if not options["once"]:
                # A long-running process must drop connections past CONN_MAX_AGE or broken by a
                # database restart, as Django does around each request.
                close_old_connections()
            try:
                report = deliver_due()
            except DatabaseError:
                # A locked SQLite file or a restarting PostgreSQL: the outbox is intact, so log
                # it, wait, and try again rather than leave the node without a sender.
                logger.exception("federation worker: database error, retrying")
                if options["once"]:
                    raise
                time.sleep(options["interval"])
                continue
            if report.attempted or report.expired:
                self.stdout.write(
                    f"delivered {report.delivered}, failed {report.failed}, "
                    f"expired {report.expired}"
                )
            if time.monotonic() - last_prune > PRUNE_EVERY_SECONDS:
                prune()
                last_prune = time.monotonic()
            if options["once"]:
                return
            if not report.attempted:
                time.sleep(options["interval"])
