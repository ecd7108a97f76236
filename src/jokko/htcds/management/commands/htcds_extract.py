"""`jokko htcds_extract --ods PATH`: regenerate the machine-readable copy of HTCDS 2.0.

Also rewrites the derived JSON Schema, so the two committed files never disagree.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jokko.htcds.extract import STANDARD_PATH, ExtractError, dumps, extract
from jokko.htcds.schema import SCHEMA_PATH, schema_document


class Command(BaseCommand):
    help = "Extract the HTCDS field standard (.ods) to JSON and regenerate the JSON Schema."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--ods", required=True, help="HTCDS Field Standards 2.0.ods")
        parser.add_argument("--out", default=str(STANDARD_PATH))
        parser.add_argument("--schema-out", default=str(SCHEMA_PATH))

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            standard = extract(Path(options["ods"]))
        except (ExtractError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        Path(options["out"]).write_text(dumps(standard), encoding="utf-8")
        self.stdout.write(f"wrote {len(standard['fields'])} fields to {options['out']}")
        if Path(options["out"]).resolve() == STANDARD_PATH:
            Path(options["schema_out"]).write_text(schema_document(), encoding="utf-8")
            self.stdout.write(f"wrote {options['schema_out']}")
