"""`read_table` reads what partners really upload and refuses, clearly, what is not a table."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from openpyxl import Workbook

from jokko.tabular import Row, TableError, read_table, write_xlsx


def xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_utf8_csv_with_accents() -> None:
    table = read_table("Nom,Ville\nAïcha Diallo,Kédougou\n".encode(), "survivants.csv")
    assert table.headers == ["Nom", "Ville"]
    assert table.rows == [Row(line=2, values={"Nom": "Aïcha Diallo", "Ville": "Kédougou"})]


def test_utf8_bom_is_not_part_of_the_first_header() -> None:
    table = read_table("\ufeffNom;Âge\r\nFatou;14\r\n".encode(), "liste.csv")
    assert table.headers == ["Nom", "Âge"]  # semicolons (French Excel) detected too
    assert table.rows[0].values == {"Nom": "Fatou", "Âge": "14"}


def test_latin1_is_refused_with_the_encoding_named() -> None:
    with pytest.raises(TableError) as error:
        read_table("Nom\nKédougou\n".encode("latin-1"), "liste.csv")
    assert error.value.code == "encoding"
    assert "UTF-8" in str(error.value) and "line 2" in str(error.value)


def test_utf16_is_refused_with_the_encoding_named() -> None:
    with pytest.raises(TableError) as error:
        read_table("Nom\tVille\nAïcha\tKidira\n".encode("utf-16"), "liste.csv")
    assert error.value.code == "encoding"
    assert "UTF-16" in str(error.value)


def test_xlsx_values_not_formulas_dates_and_whole_numbers() -> None:
    data = xlsx(
        [
            ["Nom ", "Âge", "Date d'identification", "Total"],
            ["  Mariama  ", 25.0, dt.datetime(2024, 3, 5), "=1+1"],
            [None, None, None, None],
            ["Awa", 12.5, dt.date(2023, 12, 31), None],
        ]
    )
    table = read_table(data, "cas.xlsx")
    assert table.headers == ["Nom", "Âge", "Date d'identification", "Total"]
    first, second = table.rows
    # The formula has no cached value (never opened in Excel): read as empty, never as "=1+1".
    assert first == Row(
        line=2,
        values={"Nom": "Mariama", "Âge": "25", "Date d'identification": "2024-03-05", "Total": ""},
    )
    assert second.line == 4  # the empty row 3 is skipped, not renumbered
    assert second.values["Âge"] == "12.5"
    assert second.values["Date d'identification"] == "2023-12-31"


def test_empty_rows_keep_line_numbers_in_csv() -> None:
    table = read_table(b"\n\nNom\n\nA\n,\nB\n", "x.csv")
    assert [(row.line, row.values["Nom"]) for row in table.rows] == [(5, "A"), (7, "B")]


def test_quoted_multiline_cell_counts_as_one_spreadsheet_row() -> None:
    table = read_table(b'Nom,Note\nA,"deux\nlignes"\nB,x\n', "x.csv")
    assert [row.line for row in table.rows] == [2, 3]
    assert table.rows[0].values["Note"] == "deux\nlignes"


@pytest.mark.parametrize(
    ("data", "filename", "code"),
    [
        (b"Nom\nA\n", "liste.pdf", "file_type"),
        (b"Nom\nA\n", "liste", "file_type"),
        (b"Nom\nA\n", "liste.xlsx", "not_xlsx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "liste.xls", "xls"),
        (b"", "vide.csv", "empty"),
        (b"  \r\n\n", "vide.csv", "empty"),
        (b",,\n,,\n", "vide.csv", "empty"),
        (b"1,2,3\n4,5,6\n", "x.csv", "no_header"),
        (b"Nom,,Age\nA,b,3\n", "x.csv", "blank_header"),
        (b"Nom,Age,nom\nA,3,B\n", "x.csv", "duplicate_header"),
        (b"Nom,Age\nA,3,surplus\n", "x.csv", "extra_value"),
    ],
)
def test_not_a_table(data: bytes, filename: str, code: str) -> None:
    with pytest.raises(TableError) as error:
        read_table(data, filename)
    assert error.value.code == code
    assert str(error.value)


def test_trailing_blank_headers_without_data_are_ignored() -> None:
    table = read_table(b"Nom,Age,,\nA,3,,\n", "x.csv")
    assert table.headers == ["Nom", "Age"]


def test_ten_megabytes_of_junk_is_refused_before_parsing() -> None:
    junk = b"\x00\xff" * 5_000_000
    for name in ("junk.csv", "junk.xlsx"):
        with pytest.raises(TableError) as error:
            read_table(junk, name)
        assert error.value.code == "too_big"
        assert "10.0 MB" in str(error.value) and "5.0 MB" in str(error.value)


def test_too_many_rows() -> None:
    data = b"Nom\n" + b"x\n" * 11
    with pytest.raises(TableError) as error:
        read_table(data, "x.csv", max_rows=10)
    assert error.value.code == "too_many_rows"
    assert len(read_table(data, "x.csv", max_rows=11).rows) == 11


def test_truncated_xlsx_is_refused() -> None:
    data = xlsx([["Nom"], ["A"]])
    with pytest.raises(TableError) as error:
        read_table(data[: len(data) // 2], "cut.xlsx")
    assert error.value.code == "corrupt"


def test_corrupt_sheet_xml_is_refused() -> None:
    source = zipfile.ZipFile(io.BytesIO(xlsx([["Nom"], ["A"]])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = content[: len(content) // 2]
            target.writestr(item, content)
    with pytest.raises(TableError) as error:
        read_table(out.getvalue(), "broken.xlsx")
    assert error.value.code == "corrupt"


def test_zip_bomb_is_refused_from_the_directory_without_inflating() -> None:
    source = zipfile.ZipFile(io.BytesIO(xlsx([["Nom"], ["A"]])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item.filename, source.read(item.filename))
        # 200 MB of zeros compress to ~200 KB.
        with target.open("xl/media/bomb.bin", "w") as bomb:
            chunk = b"\0" * 1_000_000
            for _ in range(200):
                bomb.write(chunk)
    data = out.getvalue()
    assert len(data) < 1_000_000
    with pytest.raises(TableError) as error:
        read_table(data, "bomb.xlsx")
    assert error.value.code == "zip_bomb"


def test_zip_that_is_not_a_workbook() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        target.writestr("readme.txt", "hello")
    with pytest.raises(TableError) as error:
        read_table(out.getvalue(), "x.xlsx")
    assert error.value.code == "not_xlsx"


def test_chosen_sheet_and_missing_sheet() -> None:
    workbook = Workbook()
    first = workbook.active
    assert first is not None
    first.append(["Autre"])
    second = workbook.create_sheet("Cas")
    second.append(["Nom"])
    second.append(["Binta"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read_table(buffer.getvalue(), "x.xlsx", sheet="Cas")
    assert table.sheet == "Cas" and table.rows[0].values == {"Nom": "Binta"}
    with pytest.raises(TableError):
        read_table(buffer.getvalue(), "x.xlsx", sheet="Absent")


def test_exported_workbook_reads_back() -> None:
    data = write_xlsx(["Nom", "Né le"], [["Ousmane", dt.date(2009, 6, 1)]], title="Personnes")
    table = read_table(data, "export.xlsx")
    assert table.rows == [Row(line=2, values={"Nom": "Ousmane", "Né le": "2009-06-01"})]


def test_stray_nul_in_utf8_is_dropped_not_called_utf16() -> None:
    table = read_table(b"Nom,Ville\nA\x00wa,Kidira\x07\n", "x.csv")
    assert table.rows[0].values == {"Nom": "Awa", "Ville": "Kidira"}
