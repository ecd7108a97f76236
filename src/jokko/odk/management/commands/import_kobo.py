"""`jokko import kobo FILE.json --form identification --user USERNAME`: a KoboToolbox export
(the API's JSON, a list of submissions or one) into cases or reports, idempotently."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from jokko.accounts.access import ActionForbidden
from jokko.odk.batch import ingest_file
from jokko.odk.management.commands._common import acting_user, add_user_and_form, report


class Command(BaseCommand):
    help = "Import KoboToolbox JSON submissions (exit status 2 if any is rejected)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)
        add_user_and_form(parser, form_required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        user = acting_user(options["user"])
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}.") from None
        try:
            outcomes = ingest_file(
                user,
                path.name,
                data,
                form=options["form"],
                channel="cli",
                progress=lambda items: tqdm(items, unit="submission", disable=len(items) < 2),
            )
        except ActionForbidden:
            raise CommandError(f"{user.username} may not receive these submissions.") from None
        report(self, outcomes)
