"""`jokko import persons|cases|incidents FILE`: the spreadsheet import from the command line.

Same checks, same actions and same all-or-nothing commit as the pages (`spreadsheets.actions`);
a row-level report goes to stderr and the command exits with status 2, having written nothing,
on any error. Progress of the commit is shown by tqdm on stderr.
"""

from __future__ import annotations

import os
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from jokko.accounts.access import ActionForbidden
from jokko.accounts.models import User
from jokko.spreadsheets import actions
from jokko.spreadsheets.fields import fields_for
from jokko.spreadsheets.models import ImportBatch

FAILED = 2


def parse_mapping(items: list[str]) -> dict[str, str]:
    """ "Nom=name,Date=identified_on" (repeatable) -> {"name": "Nom", "identified_on": "Date"}."""
    mapping: dict[str, str] = {}
    for item in items:
        for pair in item.split(","):
            if not pair.strip():
                continue
            column, sep, field = pair.rpartition("=")
            if not sep or not column.strip() or not field.strip():
                raise CommandError(
                    f"--mapping expects COLUMN=FIELD pairs, not {pair!r}", returncode=FAILED
                )
            mapping[field.strip()] = column.strip()
    return mapping


class ImportCommand(BaseCommand):
    kind = ""

    def add_arguments(self, parser: ArgumentParser) -> None:
        names = ", ".join(f.name for f in fields_for(self.kind))
        parser.add_argument(
            "file", help="a .csv (UTF-8) or .xlsx file; the first row names the columns"
        )
        parser.add_argument("--user", required=True, help="username of the acting user (audited)")
        parser.add_argument(
            "--mapping",
            action="append",
            default=[],
            help=f"COLUMN=FIELD,... (fields: {names}); without it, columns are matched by name",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(f"No active user {options['user']!r}.", returncode=FAILED)
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No file {path}.", returncode=FAILED)
        if os.path.getsize(path) > actions.MAX_UPLOAD_BYTES:
            raise CommandError(
                f"The file is too big ({os.path.getsize(path) / 1_000_000:.1f} MB); the limit is "
                f"{actions.MAX_UPLOAD_BYTES / 1_000_000:.1f} MB.",
                returncode=FAILED,
            )
        try:
            batch = actions.upload(user, self.kind, path.name, path.read_bytes())
        except ActionForbidden:
            raise CommandError(
                f"{user.username} may not import {self.kind}.", returncode=FAILED
            ) from None
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages), returncode=FAILED) from None
        try:
            self._import(user, batch, parse_mapping(options["mapping"]) or dict(batch.mapping))
        except BaseException:
            batch.refresh_from_db()
            if batch.status == "uploaded":
                actions.abandon(user, batch)  # the file's copy is wiped, nothing else was written
            raise

    def _import(self, user: User, batch: ImportBatch, mapping: dict[str, str]) -> None:
        problems = actions.set_mapping(user, batch, mapping)
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(
                "The column mapping is not usable; nothing was imported.", returncode=FAILED
            )
        with tqdm(
            total=batch.row_count, desc=f"import {self.kind}", unit="row", file=self.stderr._out
        ) as bar:
            try:
                report = actions.commit(user, batch, channel="cli", progress=bar)
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages), returncode=FAILED) from None
        if not report.ok:
            for error in report.errors:
                column = f", column {error.column}" if error.column else ""
                self.stderr.write(f"line {error.line}{column}: {error.message}")
            raise CommandError(
                f"{len(report.errors)} error(s); nothing was imported.", returncode=FAILED
            )
        self.stdout.write(
            f"{report.batch.created_count} {self.kind} imported (import no. {report.batch.pk}, "
            f"sha256 {report.batch.sha256})."
        )
