"""`jokko quarterly_report --quarter 2026-Q3 --format pdf --out FILE --user U`.

For scheduled exports (a cron job mailing the report to the programme team): the same report
as the page, under the same access rule for the named user, and audited as an export by that
user through the "cli" channel.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from jokko.accounts.models import User
from jokko.analytics import store
from jokko.reports.actions import ReportRefused, export_quarterly_report
from jokko.reports.forms import parse_request


class Command(BaseCommand):
    help = "Write the quarterly donor report (PDF or Excel) for a quarter, as a given user."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quarter", default="", help="e.g. 2026-Q3 (default: the last one)")
        parser.add_argument("--format", dest="fmt", required=True, choices=["pdf", "xlsx"])
        parser.add_argument("--out", required=True, help="file to write")
        parser.add_argument("--user", required=True, help="user name (access and audit)")
        parser.add_argument("--region", default="", help="country or region code")
        parser.add_argument("--language", default="fr", choices=["fr", "en", "ar"])

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(_("Unknown user: %(user)s.") % {"user": options["user"]})
        choice, errors = parse_request(
            {
                "quarter": options["quarter"],
                "region": options["region"],
                "language": options["language"],
                "format": options["fmt"],
            },
            default_language="fr",
        )
        if choice is None:
            raise CommandError(" ".join(errors))
        try:
            export = export_quarterly_report(
                user,
                choice.quarter,
                region=choice.region,
                language=choice.language,
                fmt=choice.fmt,
                channel="cli",
            )
        except store.StoreBusy as exc:
            raise CommandError(
                _("The analytical store is being refreshed; try again in a minute.")
            ) from exc
        except ReportRefused as exc:
            raise CommandError(
                _("%(user)s may not export the quarterly report.") % {"user": user.username}
            ) from exc
        Path(options["out"]).write_bytes(export.content)
        self.stdout.write(
            _("%(file)s written: %(quarter)s, %(size)s bytes.")
            % {"file": options["out"], "quarter": choice.quarter.label, "size": len(export.content)}
        )
