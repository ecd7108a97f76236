"""`read_table`: one uploaded file (bytes) -> headers and rows of trimmed text, or `TableError`.

Checks run cheapest first and before any parser sees the bytes: size, then type (by name AND
by content), then for .xlsx the zip directory (declared uncompressed sizes bound what
decompression can produce, so a zip bomb is refused without inflating it). Nothing is ever
guessed silently: a CSV that is not UTF-8 is refused with the fix ("save as CSV UTF-8"), because
decoding Latin-1 or UTF-16 by guesswork would store garbled names of real people.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

DEFAULT_MAX_BYTES = 5_000_000
DEFAULT_MAX_ROWS = 20_000
# A real workbook's XML compresses 5-20x; allow generous headroom, refuse anything beyond.
UNCOMPRESSED_FACTOR = 30
MIN_UNCOMPRESSED_LIMIT = 50_000_000
MAX_ZIP_MEMBERS = 2_000
MAX_COMPRESSION_RATIO = 200
MAX_COLUMNS = 500

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and password-protected .xlsx
# Control characters (NUL...) are never meant by a user and PostgreSQL text cannot hold NUL.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NUMBERISH = re.compile(r"^[-+]?\d+([.,]\d+)?$")


class TableError(ValueError):
    """The file is not a table Jokko can read; `str(error)` says why and how to fix it.

    `code` and `params` let a Django caller show the message in the user's language.
    """

    def __init__(self, message: str, *, code: str = "invalid", **params: Any) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Row:
    """One non-empty data row. `line` is the row number shown by the user's spreadsheet program."""

    line: int
    values: dict[str, str]


@dataclass
class Table:
    headers: list[str]
    rows: list[Row] = field(default_factory=list)
    sheet: str = ""


def read_table(
    data: bytes,
    filename: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_rows: int = DEFAULT_MAX_ROWS,
    sheet: str | None = None,
) -> Table:
    """Read a .csv (UTF-8, with or without BOM) or .xlsx file into a `Table`.

    Raises `TableError` for anything that is not a readable table. The first non-empty row holds
    the column names; completely empty rows are skipped but never renumber the following ones.
    """
    if len(data) > max_bytes:
        raise TableError(
            f"The file is too big ({_megabytes(len(data))}); the limit is "
            f"{_megabytes(max_bytes)}. Split it into several files.",
            code="too_big",
            size=len(data),
            limit=max_bytes,
        )
    if not data.strip():
        raise TableError("The file is empty.", code="empty")
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if data.startswith(_OLE_MAGIC):
        raise TableError(
            "This is an old Excel (.xls) or a password-protected workbook. Remove any password "
            "and save it as .xlsx or CSV UTF-8.",
            code="xls",
        )
    if extension == "xlsx":
        if not data.startswith(_ZIP_MAGIC):
            raise TableError(
                "The file is named .xlsx but is not an Excel workbook.", code="not_xlsx"
            )
        sheet_name, lines = _xlsx_lines(data, max_bytes=max_bytes, sheet=sheet)
    elif extension in ("csv", "txt"):
        if data.startswith(_ZIP_MAGIC):
            raise TableError(
                "The file is named .csv but is a zip archive or an Excel workbook; "
                "rename it .xlsx or save it as CSV UTF-8.",
                code="not_csv",
            )
        lines = _csv_lines(_decode(data))
        sheet_name = ""
    else:
        raise TableError(
            f"Unsupported file type {('.' + extension) if extension else '(no extension)'}: "
            "upload a .csv (UTF-8) or .xlsx file.",
            code="file_type",
            extension=extension,
        )
    return _build_table(lines, max_rows=max_rows, sheet_name=sheet_name)


# --- CSV --------------------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    head = data[:400]
    # UTF-16 text has a zero byte in (nearly) every other position: Latin letters are 00 xx.
    alternating_zeros = len(head) >= 4 and max(head[0::2].count(0), head[1::2].count(0)) > (
        len(head) // 4
    )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or alternating_zeros:
        raise TableError(
            'The file is encoded in UTF-16 (Excel\'s "Unicode text"). Save it as '
            '"CSV UTF-8 (comma delimited)" and upload it again.',
            code="encoding",
            encoding="UTF-16",
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise TableError(
            f"The file is not encoded in UTF-8 (byte 0x{data[exc.start]:02x} on line {line} "
            'cannot be read; the file was probably saved as Latin-1/Windows-1252 "CSV"). Save '
            'it as "CSV UTF-8 (comma delimited)" and upload it again.',
            code="encoding",
            encoding="not UTF-8",
            line=line,
        ) from None


def _delimiter(text: str) -> str:
    """Comma, semicolon (French-locale Excel) or tab: whichever the header line uses most."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv_lines(text: str) -> Iterator[tuple[int, Sequence[Any]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=False)
    line = 0
    try:
        for line, record in enumerate(reader, start=1):
            yield line, record
    except csv.Error as exc:
        raise TableError(
            f"The CSV file is malformed near line {line + 1} ({exc}).", code="malformed", line=line
        ) from None


# --- XLSX -------------------------------------------------------------------------------------


def _check_zip(data: bytes, *, max_bytes: int) -> None:
    """Refuse damaged archives and zip bombs from the zip directory alone (nothing inflated)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise TableError(
            "The Excel file is damaged or incomplete (it may have been cut off during the "
            "upload). Open it in Excel, save it again and retry.",
            code="corrupt",
        ) from None
    names = {member.filename for member in members}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise TableError("The file is a zip archive, not an Excel workbook.", code="not_xlsx")
    limit = max(max_bytes * UNCOMPRESSED_FACTOR, MIN_UNCOMPRESSED_LIMIT)
    total = sum(member.file_size for member in members)
    suspicious = any(
        member.file_size > 1_000_000
        and member.file_size > MAX_COMPRESSION_RATIO * max(member.compress_size, 1)
        for member in members
    )
    if len(members) > MAX_ZIP_MEMBERS or total > limit or suspicious:
        raise TableError(
            "The Excel file expands to far more data than a spreadsheet of this size can hold "
            "(a possible zip bomb); it was not opened.",
            code="zip_bomb",
        )


def _xlsx_lines(
    data: bytes, *, max_bytes: int, sheet: str | None
) -> tuple[str, Iterator[tuple[int, Sequence[Any]]]]:
    _check_zip(data, max_bytes=max_bytes)
    # Imported here: CSV users should not pay for loading openpyxl.
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many types on malformed parts; all mean "damaged"
        raise TableError(
            "The Excel file is damaged and cannot be read. Open it in Excel, save it again and "
            "retry.",
            code="corrupt",
        ) from None
    if sheet is not None and sheet not in workbook.sheetnames:
        raise TableError(f'The workbook has no sheet named "{sheet}".', code="no_sheet")
    worksheet = workbook[sheet] if sheet is not None else workbook.worksheets[0]
    if hasattr(worksheet, "reset_dimensions"):
        # The stored dimension may be wrong or hostile (A1:XFD1048576); read the real cells.
        worksheet.reset_dimensions()
    return worksheet.title, _xlsx_rows(workbook, worksheet)


def _xlsx_rows(workbook: Any, worksheet: Any) -> Iterator[tuple[int, Sequence[Any]]]:
    line = 0
    try:
        for line, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
            yield line, values
    except TableError:
        raise
    except Exception:
        raise TableError(
            f"The Excel file is damaged after row {line}; it cannot be read completely. Open it "
            "in Excel, save it again and retry.",
            code="corrupt",
            line=line,
        ) from None
    finally:
        workbook.close()


# --- Cells and structure ----------------------------------------------------------------------


def cell_text(value: Any) -> str:
    """The text a user means by a cell: trimmed, ISO dates, whole numbers without '.0'."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.isoformat(timespec="seconds")
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    return _CONTROL.sub("", str(value)).strip()


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _build_table(
    lines: Iterable[tuple[int, Sequence[Any]]], *, max_rows: int, sheet_name: str
) -> Table:
    iterator = iter(lines)
    header_line = 0
    raw_headers: list[str] = []
    for line, record in iterator:
        texts = [cell_text(value) for value in record]
        if any(texts):
            header_line, raw_headers = line, texts
            break
    if not raw_headers:
        raise TableError("The file has no rows: it is empty.", code="empty")
    headers = _check_headers(raw_headers, header_line)
    width = len(headers)
    rows: list[Row] = []
    for line, record in iterator:
        texts = [cell_text(value) for value in record]
        if not any(texts):
            continue
        if len(texts) > width and any(texts[width:]):
            column = _column_letter(width + next(i for i, t in enumerate(texts[width:]) if t))
            raise TableError(
                f"Line {line} has a value in column {column}, which has no column name. Name the "
                "column or remove the value (in a CSV file, quote values that contain the "
                "delimiter).",
                code="extra_value",
                line=line,
                column=column,
            )
        if len(rows) >= max_rows:
            raise TableError(
                f"The file has more than {max_rows} rows; split it into several files.",
                code="too_many_rows",
                limit=max_rows,
            )
        texts += [""] * (width - len(texts))
        rows.append(Row(line=line, values=dict(zip(headers, texts[:width], strict=True))))
    return Table(headers=headers, rows=rows, sheet=sheet_name)


def _check_headers(raw: list[str], line: int) -> list[str]:
    while raw and not raw[-1]:
        raw = raw[:-1]
    if len(raw) > MAX_COLUMNS:
        raise TableError(
            f"The file has {len(raw)} columns; at most {MAX_COLUMNS} are read.",
            code="too_many_columns",
        )
    blanks = [_column_letter(i) for i, name in enumerate(raw) if not name]
    if blanks:
        raise TableError(
            f"Line {line} must hold a name for every column; column(s) {', '.join(blanks)} "
            "have none.",
            code="blank_header",
            line=line,
            columns=blanks,
        )
    if all(_looks_like_data(name) for name in raw):
        raise TableError(
            f"Line {line} holds numbers or dates, not column names: the first row of the sheet "
            "must name the columns.",
            code="no_header",
            line=line,
        )
    seen: dict[str, int] = {}
    for index, name in enumerate(raw):
        key = name.casefold()
        if key in seen:
            raise TableError(
                f"Columns {_column_letter(seen[key])} and {_column_letter(index)} are both named "
                f'"{name}"; every column needs a different name.',
                code="duplicate_header",
                name=name,
                columns=[_column_letter(seen[key]), _column_letter(index)],
            )
        seen[key] = index
    return raw


def _looks_like_data(text: str) -> bool:
    return bool(_NUMBERISH.match(text)) or bool(re.match(r"^\d{4}-\d{2}-\d{2}", text))


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"
