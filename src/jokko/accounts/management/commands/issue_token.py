"""`jokko issue_token USERNAME`: create an API token for a user and print it once.

Only the token's SHA-256 is stored, so a lost token cannot be shown again: revoke it in the
admin and issue a new one.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jokko.accounts.models import ApiToken, User
from jokko.audit.actions import record


class Command(BaseCommand):
    help = "Issue an API token for a user (printed once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--label", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"no active user named {options['username']!r}")
        token, raw = ApiToken.issue(user, label=options["label"])
        record(None, "create", "api_token", token.pk, channel="cli", user=user.username)
        self.stdout.write(raw)
