"""`jokko export xlsform --form identification --out FILE.xlsx [--xform FILE.xml]`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from jokko.odk.xlsform import FORMS, build_xlsform, to_xform


class Command(BaseCommand):
    help = "Write one of Jokko's forms as an XLSForm (and optionally its XForm XML)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--form", required=True, choices=sorted(FORMS))
        parser.add_argument("--out", required=True, type=Path)
        parser.add_argument("--xform", type=Path, help="Also write the XForm converted by pyxform.")
        parser.add_argument(
            "--country", default="", help="Places of this country (default: the node's)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        country = (options["country"] or settings.NODE_COUNTRY).upper()
        workbook = build_xlsform(options["form"], country)
        options["out"].write_bytes(workbook)
        self.stdout.write(f"Wrote {options['out']}")
        if options["xform"]:
            converted = to_xform(workbook)
            options["xform"].write_text(converted.xml, encoding="utf-8")
            for warning in converted.warnings:
                self.stderr.write(f"pyxform: {warning}")
            self.stdout.write(f"Wrote {options['xform']}")
