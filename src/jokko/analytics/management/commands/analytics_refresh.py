"""`jokko analytics_refresh [--full]` (also `jokko analytics refresh`): update the store.

Run it from cron (e.g. every 10 minutes) so dashboards open on fresh figures; dashboards also
refresh on demand when the store is older than JOKKO_ANALYTICS_MAX_AGE_MINUTES.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jokko.analytics import store


class Command(BaseCommand):
    help = "Refresh the analytical store (DuckDB) from the operational database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--full", action="store_true", help="rebuild every table")
        parser.add_argument("--quiet", action="store_true", help="no progress bars")

    def handle(self, *args: Any, full: bool = False, quiet: bool = False, **options: Any) -> None:
        try:
            report = store.refresh(full=full, progress=not quiet, triggered_by="command")
        except store.StoreBusy as exc:
            raise CommandError(f"the store is in use, try again: {exc}") from exc
        kind = "full rebuild" if report.full else "incremental"
        self.stdout.write(
            f"{kind}: {report.changes} changes, {report.total_rows} rows extracted, "
            f"{sum(report.deleted.values())} rows replaced or deleted, "
            f"{report.duration_s:.2f} s -> {store.store_path()}"
        )
        for table, rows in sorted(report.rows.items()):
            self.stdout.write(f"  {table}: {rows}")
