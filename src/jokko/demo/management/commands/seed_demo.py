"""`jokko seed_demo`: demo organisations, a login for every role, and synthetic cases."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from jokko.actionplans import demo as actionplans_demo
from jokko.campaigns import demo as campaigns_demo
from jokko.cases.models import Case
from jokko.community import demo as community_demo
from jokko.demo.seed import load_extra_persons, seed
from jokko.htcds import demo as htcds_demo
from jokko.justice.demo import seed_demo as seed_justice_chain
from jokko.odk import demo as odk_demo
from jokko.releases import demo as releases_demo
from jokko.trainings import demo as trainings_demo

# Programme work, community reports and data exchange, in dependency order: the releases are
# computed from every case seeded before them. Each seeder adds nothing on a second run.
MORE_SEEDERS = (
    ("trainings", trainings_demo.seed_demo),
    ("joint action plan", actionplans_demo.seed_demo),
    ("awareness campaign", campaigns_demo.seed_demo),
    ("community report", community_demo.seed_demo),
    ("ODK/Kobo submission", odk_demo.seed_demo),
    ("HTCDS import", htcds_demo.seed_demo),
    ("open-data release", releases_demo.seed_demo),
)


class Command(BaseCommand):
    help = "Seed this node with demo data (idempotent: does nothing if cases already exist)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cases", type=int, default=600)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--force", action="store_true", help="seed even if cases exist")
        parser.add_argument(
            "--extra-persons",
            type=int,
            default=0,
            help="also bulk-load this many persons without cases (scale tests: up to 1,000,000)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        country = settings.NODE_COUNTRY
        if Case.objects.exists() and not options["force"]:
            self.stdout.write(f"{country}: demo data already present")
        else:
            seed(country, options["cases"], seed=options["seed"], log=self.stdout.write)
        # Incidents, investigations, prosecutions and cooperation requests (idempotent).
        added = seed_justice_chain()
        if added:
            self.stdout.write(f"{country}: {added} justice-chain records seeded")
        for label, seed_more in MORE_SEEDERS:
            added = seed_more()
            if added:
                self.stdout.write(f"{country}: {added} {label} records seeded")
        if options["extra_persons"]:
            loaded = load_extra_persons(country, options["extra_persons"], seed=options["seed"])
            self.stdout.write(f"{country}: {loaded} more persons bulk-loaded")
