"""`jokko find_duplicates`: propose candidate duplicate pairs for review.

Runs the same action as the coordinator's button on the review page; a node with many persons
runs it from a scheduler (nightly, say) instead, since the model reads and compares every
person of the node. `--user` names the coordinator accountable in the audit log; without it the
batch read is recorded as done by the system.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jokko.accounts.models import User
from jokko.dedup.access import can_review_duplicates
from jokko.dedup.actions import find_duplicates


class Command(BaseCommand):
    help = "Compare every person of the node and store candidate duplicate pairs for review."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", help="username of the coordinator running it")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = None
        if options["user"]:
            actor = User.objects.filter(username=options["user"]).first()
            if actor is None or not can_review_duplicates(actor):
                raise CommandError(f"{options['user']!r} is not an active coordinator of this node")
        result = find_duplicates(actor, channel="batch")
        self.stdout.write(
            f"{result.persons} persons compared, {result.proposed} pairs proposed: "
            f"{result.created} new, {result.updated} updated, "
            f"{result.kept_judgement} already judged (left as they were)"
        )
