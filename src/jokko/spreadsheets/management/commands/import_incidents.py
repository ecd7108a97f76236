"""`jokko import incidents FILE --user USERNAME [--mapping COLUMN=FIELD,...]`: all rows or none."""

from jokko.spreadsheets.cli import ImportCommand
from jokko.spreadsheets.models import ImportKind


class Command(ImportCommand):
    help = (
        "Import incidents from a CSV or Excel sheet (all rows or none; errors on stderr, exit 2)."
    )
    kind = ImportKind.INCIDENTS
