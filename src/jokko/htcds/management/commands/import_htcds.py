"""`jokko import htcds FILE --source-system NAME --user NAME [--dry-run]`.

All or nothing: the report goes to stdout; on any error it also goes to stderr, nothing is
written and the command exits with status 2.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from jokko.accounts.models import User
from jokko.htcds.access import can_import
from jokko.htcds.importer import HtcdsFileError, import_records, parse_file


class Command(BaseCommand):
    help = "Import an HTCDS 2.0 file (.json or .xlsx) from another system."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--source-system", required=True, help="e.g. casebook-ML")
        parser.add_argument("--user", required=True, help="import as this coordinator")
        parser.add_argument("--dry-run", action="store_true", help="check and report only")
        parser.add_argument("--json", action="store_true", help="print the report as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(f"no active user {options['user']!r}", returncode=2)
        if not can_import(user):
            raise CommandError(f"{user.username} may not import (coordinators only)", returncode=2)
        path = Path(options["file"])
        try:
            records = parse_file(path.read_bytes(), path.name)
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror}", returncode=2) from exc
        except HtcdsFileError as exc:
            raise CommandError(f"{path.name}: {exc}", returncode=2) from exc
        with tqdm(total=len(records), desc="HTCDS import", unit="record", disable=None) as bar:
            report = import_records(
                user,
                records,
                source_system=options["source_system"],
                dry_run=options["dry_run"],
                progress=lambda: bar.update(1),
            )
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
        else:
            for outcome in report.records:
                line = f"{outcome.index + 1}\t{outcome.outcome}\t{outcome.source_id}"
                if outcome.case_reference:
                    line += f"\t{outcome.case_reference}"
                if outcome.changed:
                    line += "\tchanged: " + ", ".join(outcome.changed)
                self.stdout.write(line)
                for name, why in outcome.unmapped.items():
                    self.stdout.write(f"\tunmapped {name}: {why}")
            self.stdout.write(report.summary())
        if not report.ok:
            for error in report.errors:
                self.stderr.write(error)
            raise CommandError(report.summary(), returncode=2)
