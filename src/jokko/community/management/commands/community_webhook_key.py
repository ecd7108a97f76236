"""Issue a shared key for a RapidPro workspace's webhook calls (shown once)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from jokko.community.webhook_auth import issue_webhook_key


class Command(BaseCommand):
    help = "Issue a webhook key for a RapidPro workspace; paste it as 'Authorization: Token <key>'."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("label", help="Which workspace or chatbot uses it.")

    def handle(self, *args: Any, **options: Any) -> None:
        _key, raw = issue_webhook_key(options["label"])
        self.stdout.write(raw)
