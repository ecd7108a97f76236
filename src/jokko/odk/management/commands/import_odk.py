"""`jokko import odk FILE.xml|DIR ... --user USERNAME`: ODK instance XML files (one file, or
every *.xml under a directory, e.g. an ODK Briefcase export) into cases or reports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from jokko.accounts.access import ActionForbidden
from jokko.odk.actions import Outcome
from jokko.odk.batch import ingest_file
from jokko.odk.management.commands._common import acting_user, add_user_and_form, report


def xml_files(paths: list[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*.xml") if p.is_file()))
        else:
            found.append(path)
    return found


class Command(BaseCommand):
    help = "Import ODK submission XML files (exit status 2 if any is rejected)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("paths", nargs="+", type=Path)
        add_user_and_form(parser, form_required=False)

    def handle(self, *args: Any, **options: Any) -> None:
        user = acting_user(options["user"])
        files = xml_files(options["paths"])
        if not files:
            raise CommandError("No XML file found.")
        outcomes: list[Outcome] = []
        for path in tqdm(files, unit="file", disable=len(files) < 2):
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise CommandError(f"Cannot read {path}: {exc.strerror}.") from None
            try:
                outcomes += ingest_file(
                    user, str(path), data, form=options["form"] or "", channel="cli"
                )
            except ActionForbidden:
                raise CommandError(
                    f"{user.username} may not receive the submission {path}."
                ) from None
        report(self, outcomes)
