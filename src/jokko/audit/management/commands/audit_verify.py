"""`jokko audit_verify`: check that the audit log has not been edited, reordered or truncated."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from jokko.audit.actions import verify_chain


class Command(BaseCommand):
    help = "Verify the hash chain of the audit log; exits non-zero at the first broken entry."

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain()
        if not report.ok:
            raise CommandError(
                f"audit chain BROKEN at entry {report.first_broken_id}: {report.reason} "
                f"({report.entries} entries checked)"
            )
        self.stdout.write(f"audit chain OK: {report.entries} entries verified")
