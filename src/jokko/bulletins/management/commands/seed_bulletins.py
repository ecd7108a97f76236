"""`jokko seed_bulletins`: send this node's demo bulletins to its registered peers."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from jokko.bulletins.demo import seed_bulletins


class Command(BaseCommand):
    help = "Send a handful of realistic demo bulletins to the active peers (run after add_peer)."

    def handle(self, *args: Any, **options: Any) -> None:
        seed_bulletins(settings.NODE_COUNTRY, log=self.stdout.write)
