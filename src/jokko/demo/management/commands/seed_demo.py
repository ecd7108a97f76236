"""`jokko seed_demo`: demo organisations, a login for every role, and synthetic cases."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from jokko.cases.models import Case
from jokko.demo.seed import seed


class Command(BaseCommand):
    help = "Seed this node with demo data (idempotent: does nothing if cases already exist)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cases", type=int, default=600)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--force", action="store_true", help="seed even if cases exist")

    def handle(self, *args: Any, **options: Any) -> None:
        if Case.objects.exists() and not options["force"]:
            self.stdout.write(f"{settings.NODE_COUNTRY}: demo data already present")
            return
        seed(settings.NODE_COUNTRY, options["cases"], seed=options["seed"], log=self.stdout.write)
