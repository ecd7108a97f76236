"""The persons CSV reader: a file is taken whole or refused with every bad line named."""

from __future__ import annotations

from pathlib import Path

import pytest

from jokko.linkage.records import (
    InputError,
    PersonRecord,
    read_persons_csv,
    split_name,
    write_persons_csv,
)

HEADER = "id,given_name,family_name,other_names,sex,birth_date,nationality,birth_place\n"


def _csv(tmp_path: Path, body: str, header: str = HEADER, encoding: str = "utf-8") -> Path:
    path = tmp_path / "persons.csv"
    path.write_bytes((header + body).encode(encoding))
    return path


def test_reads_latin_and_arabic_names_aliases_and_partial_dates(tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        "sn-1,Mamadou,Diallo,Mamadu Jallow|ممادو,m,1990-04-12,sn,Kédougou\n"
        "mr-7,محمد,ولد أحمد,,M,1985,MR,نواكشوط\n"
        "ml-3,,Traoré,,,,,\n",
    )
    records = read_persons_csv(path)
    assert records[0] == PersonRecord(
        "sn-1", "Mamadou", "Diallo", ("Mamadu Jallow", "ممادو"), "M", "1990-04-12", "SN", "Kédougou"
    )
    assert records[1].family_name == "ولد أحمد"
    assert records[1].birth_year == 1985
    assert records[2].birth_date == "" and records[2].birth_year is None


def test_every_bad_line_is_reported_with_its_number(tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        "1,Awa,Ndiaye,,F,1990-02-30,SN,\n"  # line 2: no 30 February
        "2,Awa,Ndiaye,,X,1990,SN,\n"  # line 3: bad sex
        "3,Awa,Ndiaye,,F,12/04/1990,SN,\n"  # line 4: not ISO
        "1,Fatou,Sarr,,F,,SN,\n"  # line 5: id of line 2 again
        "5,,,,F,,SN,\n"  # line 6: no name at all
        "6,Awa,Ndiaye,,F,,Senegal,\n"  # line 7: not ISO alpha-2
        "7,Awa,Ndiaye,,F,1850,SN,\n"  # line 8: out of range
        ",Awa,Ndiaye,,F,,SN,\n",  # line 9: no id
    )
    with pytest.raises(InputError) as caught:
        read_persons_csv(path)
    lines = {error.line: error.message for error in caught.value.errors}
    assert sorted(lines) == [2, 3, 4, 6, 7, 8, 9]  # line 5's id is refused once line 2 is bad
    assert "1990-02-30" in lines[2]
    assert "sex 'X'" in lines[3]
    assert "Senegal" in lines[7]
    assert "line 2:" in str(caught.value)


def test_duplicate_ids_are_refused(tmp_path: Path) -> None:
    path = _csv(tmp_path, "a,Awa,Ndiaye,,F,,SN,\nb,Awa,Sarr,,F,,SN,\na,Ousmane,Ba,,M,,SN,\n")
    with pytest.raises(InputError) as caught:
        read_persons_csv(path)
    assert [(e.line, e.message) for e in caught.value.errors] == [
        (4, "id 'a' already used on line 2")
    ]


def test_missing_columns_are_named(tmp_path: Path) -> None:
    path = _csv(tmp_path, "1,Awa,Ndiaye\n", header="id,given_name,family_name\n")
    with pytest.raises(InputError) as caught:
        read_persons_csv(path)
    assert caught.value.errors[0].line == 1
    assert "other_names, sex, birth_date, nationality, birth_place" in str(caught.value)


def test_extra_fields_are_an_error_not_a_silent_drop(tmp_path: Path) -> None:
    path = _csv(tmp_path, "1,Awa,Ndiaye,,F,,SN,,surplus\n")
    with pytest.raises(InputError, match="line 2: more fields than the header has"):
        read_persons_csv(path)


def test_non_utf8_file_is_refused(tmp_path: Path) -> None:
    path = _csv(tmp_path, "1,Aïssatou,Bâ,,F,,SN,Kédougou\n", encoding="latin-1")
    with pytest.raises(InputError, match="not UTF-8"):
        read_persons_csv(path)


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot open"):
        read_persons_csv(tmp_path / "absent.csv")


def test_write_then_read_round_trips(tmp_path: Path) -> None:
    records = [
        PersonRecord("1", "Fatimetou", "Mint Sidi", ("فاطمة منت سيدي",), "F", "2001", "MR", ""),
        PersonRecord("2", "Jean", 'Diatta, dit "Jo"', (), "M", "1999-12-31", "SN", "Ziguinchor"),
    ]
    path = tmp_path / "out.csv"
    assert write_persons_csv(path, records) == 2
    assert read_persons_csv(path) == records


@pytest.mark.parametrize(
    ("full_name", "expected"),
    [
        ("Mamadou Diallo", ("Mamadou", "Diallo")),
        ("Mamadou Saliou Diallo", ("Mamadou Saliou", "Diallo")),
        ("Mame Diarra Ndiaye", ("Mame Diarra", "Ndiaye")),
        ("DIALLO Mamadou", ("Mamadou", "DIALLO")),
        ("MAMADOU DIALLO", ("MAMADOU", "DIALLO")),
        ("Mohamed Ould Ahmed", ("Mohamed", "Ould Ahmed")),
        ("Mohamed Lemine Ould Sidi", ("Mohamed Lemine", "Ould Sidi")),
        ("Fatimetou mint Sidi", ("Fatimetou", "mint Sidi")),
        ("Attaher Ag Intalla", ("Attaher", "Ag Intalla")),
        ("محمد ولد أحمد", ("محمد", "ولد أحمد")),
        ("Awa", ("Awa", "")),
    ],
)
def test_split_name(full_name: str, expected: tuple[str, str]) -> None:
    """One rule for every caller: generated data, deduplication and cross-border encodings."""
    assert split_name(full_name) == expected
