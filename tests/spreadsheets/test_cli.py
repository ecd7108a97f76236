"""`jokko import persons|cases|incidents`: all rows or none, row-level report on stderr, exit 2."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.spreadsheets.helpers import counts, csv_bytes


def _run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_cases_with_a_mapping(tmp_path: Path, users: dict[str, Any]) -> None:
    from jokko.cases.models import Case

    sheet = tmp_path / "cas.csv"
    sheet.write_bytes(
        csv_bytes(
            [
                ["Survivant", "Type", "Qui", "Quand", "Où"],
                ["Awa Camara", "tip", "ngo", "02/01/2025", "Kédougou"],
                ["Binta Sow", "som", "police", "03/01/2025", "Kidira"],
            ]
        )
    )
    out, _err = _run(
        "import_cases",
        str(sheet),
        "--user",
        "worker",
        "--mapping",
        "Survivant=name,Type=case_type,Qui=identification_source",
        "--mapping",
        "Quand=identified_on,Où=place_code",
    )
    assert "2 cases imported" in out
    assert Case.objects.filter(organisation=users["worker"].organisation).count() == 2


def test_import_persons_by_header_names(tmp_path: Path, users: dict[str, Any]) -> None:
    from jokko.people.models import Person

    sheet = tmp_path / "personnes.csv"
    sheet.write_bytes(csv_bytes([["Nom", "Sexe"], ["Awa Camara", "F"], ["Ali Sy", "M"]]))
    out, _err = _run("import_persons", str(sheet), "--user", "coordinator")
    assert "2 persons imported" in out
    assert Person.objects.count() == 2


def test_errors_exit_2_and_write_nothing(tmp_path: Path, users: dict[str, Any]) -> None:
    from jokko.spreadsheets.models import ImportBatch

    sheet = tmp_path / "operations.csv"
    sheet.write_bytes(
        csv_bytes(
            [
                ["Type", "Date", "Lieu", "Infractions"],
                ["arrest", "05/01/2025", "Kidira", "tip"],
                ["arrest", "32/01/2025", "Kidira", "vol"],
            ]
        )
    )
    before = counts()
    err = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command(
            "import_incidents",
            str(sheet),
            "--user",
            "investigator",
            stdout=io.StringIO(),
            stderr=err,
        )
    assert error.value.returncode == 2
    report = err.getvalue()
    assert "line 3, column Date" in report and "line 3, column Infractions" in report
    assert counts() == before
    assert ImportBatch.objects.get().content is None  # the file's copy is not kept


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--user", "nobody"], "No active user"),
        (["--user", "analyst"], "may not import"),
        (["--user", "worker", "--mapping", "Nom"], "COLUMN=FIELD"),
        (["--user", "worker", "--mapping", "Nom=name,Absent=case_type"], "not usable"),
    ],
)
def test_refusals(tmp_path: Path, users: dict[str, Any], args: list[str], message: str) -> None:
    sheet = tmp_path / "cas.csv"
    sheet.write_bytes(csv_bytes([["Nom"], ["Awa"]]))
    before = counts()
    with pytest.raises(CommandError) as error:
        call_command("import_cases", str(sheet), *args, stdout=io.StringIO(), stderr=io.StringIO())
    assert error.value.returncode == 2
    assert message in str(error.value)
    assert counts() == before


def test_reimport_is_refused(tmp_path: Path, users: dict[str, Any]) -> None:
    sheet = tmp_path / "p.csv"
    sheet.write_bytes(csv_bytes([["Nom"], ["Awa"]]))
    _run("import_persons", str(sheet), "--user", "worker")
    before = counts()
    with pytest.raises(CommandError) as error:
        _run("import_persons", str(sheet), "--user", "worker")
    assert "already imported" in str(error.value)
    assert counts() == before
