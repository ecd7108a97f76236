"""`jokko export htcds --out FILE.json|FILE.xlsx --user NAME [--since DATE] [--status S ...]`.

Exports the cases the user may see, as that user (identities only if they may see them, each
one audited), validated against the HTCDS schema before the file is written.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from jokko.accounts.access import ActionForbidden
from jokko.accounts.models import User
from jokko.cases.workflow import CaseStatus
from jokko.htcds.access import exportable_cases
from jokko.htcds.exporter import ExportInvalid, iter_export, to_json, to_xlsx


class Command(BaseCommand):
    help = "Export cases as an HTCDS 2.0 file (JSON or the standard's spreadsheet template)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, help="FILE.json or FILE.xlsx")
        parser.add_argument("--user", required=True, help="export as this user")
        parser.add_argument("--since", help="cases identified on or after YYYY-MM-DD")
        parser.add_argument(
            "--case", action="append", default=[], help="only this case reference (repeatable)"
        )
        parser.add_argument(
            "--status",
            action="append",
            default=[],
            choices=CaseStatus.values,
            help="only cases in this status (repeatable)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        out = Path(options["out"])
        if out.suffix.lower() not in (".json", ".xlsx"):
            raise CommandError("--out must end in .json or .xlsx", returncode=2)
        user = User.objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(f"no active user {options['user']!r}", returncode=2)
        since = None
        if options["since"]:
            try:
                since = datetime.date.fromisoformat(options["since"])
            except ValueError:
                raise CommandError("--since must be a date YYYY-MM-DD", returncode=2) from None
        try:
            cases = exportable_cases(
                user, since=since, statuses=options["status"], references=options["case"]
            )
        except ActionForbidden:
            raise CommandError(f"{user.username} may not export cases", returncode=2) from None
        records = list(
            tqdm(
                iter_export(cases, user=user, channel="cli"),
                total=cases.count(),
                desc="HTCDS export",
                unit="case",
                disable=None,
            )
        )
        try:
            data = to_xlsx(records) if out.suffix.lower() == ".xlsx" else to_json(records)
        except ExportInvalid as exc:
            raise CommandError(f"the export does not validate: {exc}", returncode=2) from exc
        out.write_bytes(data)
        self.stdout.write(f"wrote {len(records)} cases to {out}")
