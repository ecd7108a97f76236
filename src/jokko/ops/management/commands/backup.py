"""`jokko backup --out DIR`: a consistent copy of the node's database and key files.

Safe while the server and the worker run. See docs/operations.md for what to do with DIR (it
holds the keys: encrypt it and keep it offline).
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from jokko.ops.backup import BackupFailed, make_backup


class Command(BaseCommand):
    help = "Back up the database (online), the key files and a manifest with checksums into DIR."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, help="a new (or empty) directory")

    def handle(self, *args: Any, **options: Any) -> None:
        out = Path(options["out"]).resolve()
        try:
            result = make_backup(out)
        except BackupFailed as exc:
            raise CommandError(str(exc)) from exc
        manifest = result.manifest
        rows = sum(int(table["rows"]) for table in manifest["tables"].values())
        self.stdout.write(
            _(
                "backup written to %(dir)s: %(engine)s, %(tables)s tables, %(rows)s rows, "
                "%(entries)s audit entries, keys: %(keys)s"
            )
            % {
                "dir": out,
                "engine": manifest["engine"],
                "tables": len(manifest["tables"]),
                "rows": rows,
                "entries": manifest["audit"]["entries"],
                "keys": ", ".join(name for name, ok in manifest["keys"].items() if ok),
            }
        )
