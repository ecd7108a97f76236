"""Read and write spreadsheets (CSV and Excel .xlsx) safely, without Django.

Partners keep almost everything in Excel. Every importer of Jokko (persons, cases, incidents,
training attendance, HTCDS sheets, ODK exports) reads their files through `read_table`, so one
place decides what a table is and refuses, with a message a user can act on, everything that is
not one: a file of the wrong type, too big, undecodable, damaged, a zip bomb, a sheet with no
or ambiguous column names. Cells come back as trimmed text (dates as ISO yyyy-mm-dd, whole
numbers without ".0") with the row number the user sees in their own spreadsheet, so a
row-level error report points at the right line.

Every export goes through `write_csv` / `write_xlsx`, which neutralise text cells that a
spreadsheet program would run as a formula (CSV / formula injection: "=HYPERLINK(...)" typed
into a case note by anyone must not execute on the analyst's computer).
"""

from __future__ import annotations

from jokko.tabular.reader import Row, Table, TableError, cell_text, read_table
from jokko.tabular.writer import neutralise, write_csv, write_xlsx

__all__ = [
    "Row",
    "Table",
    "TableError",
    "cell_text",
    "neutralise",
    "read_table",
    "write_csv",
    "write_xlsx",
]
