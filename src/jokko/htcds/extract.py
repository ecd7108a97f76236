"""Turn the published HTCDS field standard (.ods) into the machine-readable copy Jokko ships.

Why: HTCDS 2.0 is published as a spreadsheet, not as a schema. Copying field names and
picklist values by hand would drift from the standard; instead this script reads
"HTCDS Field Standards 2.0.ods" (with odfpy, a development dependency) and writes
``standard/htcds-2.0-fields.json``, from which :mod:`jokko.htcds.schema` derives the JSON Schema.
A test compares the committed copy with the .ods whenever the standard is available.

Run it as ``jokko htcds_extract --ods "HTCDS Field Standards 2.0.ods"``.

The HTCDS is (c) IOM, published under CC BY 4.0 (https://github.com/UNMigration/HTCDS); IOM
does not endorse Jokko. No Django import here.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

STANDARD_PATH = Path(__file__).resolve().parent / "standard" / "htcds-2.0-fields.json"

ATTRIBUTION: dict[str, str] = {
    "title": "Human Trafficking Case Data Standard (HTCDS)",
    "version": "2.0",
    "author": "International Organization for Migration (IOM)",
    "source": "https://github.com/UNMigration/HTCDS (HTCDS Field Standards 2.0.ods)",
    "licence": "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)",
    "changes": (
        "Machine-readable copy extracted by jokko.htcds.extract; values are unchanged except "
        "that surrounding white space and empty picklist entries are dropped. IOM does not "
        "endorse Jokko."
    ),
}

# Column headers of the field standard sheet (row 1), mapped to the keys of the JSON copy.
COLUMNS: dict[str, str] = {
    "Section": "section",
    "Status": "status",
    "Core": "core",
    "Field Name Prefix": "prefix",
    "Field Name": "short_name",
    "Field Label": "label",
    "Field Name including Prefix": "name",
    "Field Type": "type",
    "Salesforce Standard or Custom": "salesforce",
    "Value Names (if picklist)": "value_names",
    "Value Labels (if picklist)": "value_labels",
    "Description": "description",
    "Notes": "notes",
}
MAX_REPEATED_COLUMNS = 64  # trailing empty cells are stored as one cell repeated 16k times
FIELD_NAME = re.compile(r"^[a-z]{3}_[A-Za-z0-9]+$")
VALUE_NAME = re.compile(r"^[A-Za-z0-9_]+$")


class ExtractError(ValueError):
    """The file is not the HTCDS field standard we know how to read."""


def _cell_text(cell: Any) -> str:
    from odf import teletype
    from odf.text import P

    return "\n".join(teletype.extractText(p) for p in cell.getElementsByType(P))


def read_rows(path: Path) -> list[list[str]]:
    """Every row of the first sheet as a list of cell texts (paragraphs joined by newlines)."""
    from odf.opendocument import load
    from odf.table import Table, TableCell, TableRow

    try:
        document = load(str(path))
    except Exception as exc:  # odfpy raises zipfile/xml errors of many kinds
        raise ExtractError(f"{path} is not a readable OpenDocument spreadsheet: {exc}") from exc
    tables = document.spreadsheet.getElementsByType(Table)
    if not tables:
        raise ExtractError(f"{path} contains no sheet")
    rows: list[list[str]] = []
    for row in tables[0].getElementsByType(TableRow):
        cells: list[str] = []
        for cell in row.getElementsByType(TableCell):
            repeat = int(cell.getAttribute("numbercolumnsrepeated") or 1)
            cells.extend([_cell_text(cell)] * min(repeat, MAX_REPEATED_COLUMNS))
        rows.append(cells)
    return rows


def _clean(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())


def _lines(text: str) -> list[str]:
    return [_clean(line) for line in text.split("\n") if _clean(line)]


def _values(names_text: str, labels_text: str) -> tuple[list[dict[str, str]], str]:
    """Picklist values, or ("", rule) when the cell states a rule such as an ISO standard."""
    names = _lines(names_text)
    if not names:
        return [], ""
    if not all(VALUE_NAME.match(name) for name in names):
        return [], _clean(names_text)
    labels = _lines(labels_text)
    if len(labels) != len(names):
        labels = names
    return [{"name": n, "label": label} for n, label in zip(names, labels, strict=True)], ""


def fields_from_rows(rows: list[list[str]]) -> list[dict[str, Any]]:
    """The field records of the standard, in published order."""
    header_index = next(
        (i for i, row in enumerate(rows) if "Field Name including Prefix" in row), -1
    )
    if header_index < 0:
        raise ExtractError("no 'Field Name including Prefix' column: not the HTCDS field standard")
    header = rows[header_index]
    positions = {key: header.index(title) for title, key in COLUMNS.items() if title in header}
    missing = [title for title, key in COLUMNS.items() if key not in positions]
    if missing:
        raise ExtractError(f"columns missing from the field standard: {', '.join(missing)}")

    def cell(row: list[str], key: str) -> str:
        position = positions[key]
        return row[position] if position < len(row) else ""

    fields: list[dict[str, Any]] = []
    section = ""
    for row in rows[header_index + 1 :]:
        name = _clean(cell(row, "name"))
        if _clean(cell(row, "section")) and not name:
            section = _clean(cell(row, "section"))
            continue
        if not FIELD_NAME.match(name):
            continue  # example questions ("N/A") and blank rows
        values, rule = _values(cell(row, "value_names"), cell(row, "value_labels"))
        fields.append(
            {
                "name": name,
                "prefix": _clean(cell(row, "prefix")) or name[:4],
                "short_name": _clean(cell(row, "short_name")),
                "section": section,
                "label": _clean(cell(row, "label")),
                "type": _clean(cell(row, "type")),
                "status": _clean(cell(row, "status")),
                "core": _clean(cell(row, "core")).lower() == "core",
                "salesforce": _clean(cell(row, "salesforce")),
                "values": values,
                "value_rule": rule,
                "description": "\n".join(_lines(cell(row, "description"))),
                "notes": "\n".join(_lines(cell(row, "notes"))),
            }
        )
    if not fields:
        raise ExtractError("no field found in the field standard")
    return fields


def extract(path: Path) -> dict[str, Any]:
    """The machine-readable copy of the standard read from the .ods at ``path``."""
    return {"attribution": ATTRIBUTION, "fields": fields_from_rows(read_rows(path))}


def dumps(standard: dict[str, Any]) -> str:
    return json.dumps(standard, indent=2, ensure_ascii=False) + "\n"


def load_standard() -> dict[str, Any]:
    """The committed copy (what the schema, exporter and importer use)."""
    data: dict[str, Any] = json.loads(STANDARD_PATH.read_text(encoding="utf-8"))
    return data


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Extract the HTCDS field standard to JSON.")
    parser.add_argument("--ods", required=True, type=Path)
    parser.add_argument("--out", type=Path, default=STANDARD_PATH)
    options = parser.parse_args(argv)
    standard = extract(options.ods)
    options.out.parent.mkdir(parents=True, exist_ok=True)
    options.out.write_text(dumps(standard), encoding="utf-8")
    print(f"wrote {len(standard['fields'])} fields to {options.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
