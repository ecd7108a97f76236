"""`jokko load_statutes`: add the shipped TIP/SOM statutes missing from this node's catalogue."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from jokko.prosecutions.catalogue import load_statutes
from jokko.prosecutions.models import Statute


class Command(BaseCommand):
    help = "Add the shipped statute catalogue entries that this node does not have yet."

    def handle(self, *args: Any, **options: Any) -> None:
        created = load_statutes(Statute)
        self.stdout.write(f"{created} statute(s) added")
