"""`jokko restore DIR [--force]`: put a backup made by `jokko backup` back, and prove it whole.

Refuses (and changes nothing) when the backup is incomplete, damaged or edited, or when the
target database already holds tables unless `--force`. After restoring, every table's rows and
the audit chain are compared with the manifest; any difference makes the command fail.
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from jokko.ops.backup import RestoreRefused, restore_backup
from jokko.ops.manifest import BackupDamaged


class Command(BaseCommand):
    help = "Restore a backup made by `jokko backup` into this node's database and key files."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory")
        parser.add_argument(
            "--force",
            action="store_true",
            help="overwrite a database that already holds tables, and differing key files",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        source = Path(options["directory"]).resolve()
        try:
            result = restore_backup(source, force=options["force"])
        except BackupDamaged as exc:
            raise CommandError(
                _("The backup in %(dir)s is refused, nothing was restored:") % {"dir": source}
                + "\n  "
                + "\n  ".join(exc.problems)
            ) from exc
        except RestoreRefused as exc:
            raise CommandError(_("Nothing was restored: %(reason)s") % {"reason": exc}) from exc
        if result.problems:
            raise CommandError(
                _("The restored node does NOT match its backup:")
                + "\n  "
                + "\n  ".join(result.problems)
            )
        self.stdout.write(
            _(
                "restored %(tables)s tables, %(rows)s rows; every table matches the backup; "
                "audit chain OK: %(entries)s entries verified"
            )
            % {"tables": result.tables, "rows": result.rows, "entries": result.audit_entries}
        )
