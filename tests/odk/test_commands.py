"""`jokko import kobo`, `jokko import odk` and `jokko export xlsform`."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from pyxform.xls2xform import convert

from jokko.cases.models import Case
from jokko.cli import django_arguments
from jokko.odk.models import Submission
from tests.odk import samples
from tests.odk.test_malformed import BILLION_LAUGHS

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_two_word_commands_reach_ours() -> None:
    assert django_arguments(["import", "kobo", "f.json"])[0] == "import_kobo"
    assert django_arguments(["export", "xlsform"])[0] == "export_xlsform"


def test_import_kobo_creates_reports_duplicates_and_exits_2_on_rejection(
    users: dict[str, Any], tmp_path: Path
) -> None:
    good = [samples.kobo_record(samples.IDENTIFICATION_ANSWERS) for _ in range(3)]
    bad_answers = {k: dict(v) for k, v in samples.IDENTIFICATION_ANSWERS.items()}
    bad_answers["survivor"]["sex"] = "dragon"
    bad = samples.kobo_record(bad_answers)
    export = tmp_path / "kobo.json"
    export.write_bytes(samples.kobo_json(*good, good[0], bad))
    with pytest.raises(CommandError) as failed:
        _run("import_kobo", str(export), "--form", "identification", "--user", "worker")
    assert failed.value.returncode == 2
    assert Case.objects.count() == 3
    assert Submission.objects.filter(status="rejected").count() == 1

    export.write_bytes(samples.kobo_json(*good))
    output = _run("import_kobo", str(export), "--form", "identification", "--user", "worker")
    assert "0 created, 3 already received, 0 rejected" in output
    assert Case.objects.count() == 3


def test_import_kobo_refuses_a_truncated_file(users: dict[str, Any], tmp_path: Path) -> None:
    export = tmp_path / "kobo.json"
    export.write_bytes(samples.kobo_json(samples.kobo_record(samples.IDENTIFICATION_ANSWERS))[:-9])
    out = io.StringIO()
    with pytest.raises(CommandError) as failed:
        call_command(
            "import_kobo", str(export), "--form", "identification", "--user", "worker", stdout=out
        )
    assert failed.value.returncode == 2
    assert "truncated" in out.getvalue()
    assert Case.objects.count() == 0


def test_import_kobo_needs_a_user_who_may_receive(users: dict[str, Any], tmp_path: Path) -> None:
    export = tmp_path / "kobo.json"
    export.write_bytes(samples.kobo_json(samples.kobo_record(samples.IDENTIFICATION_ANSWERS)))
    with pytest.raises(CommandError, match="may not receive"):
        _run("import_kobo", str(export), "--form", "identification", "--user", "analyst")
    with pytest.raises(CommandError, match="No active user"):
        _run("import_kobo", str(export), "--form", "identification", "--user", "nobody")
    assert Case.objects.count() == 0


def test_import_odk_directory_like_a_briefcase_export(
    users: dict[str, Any], tmp_path: Path
) -> None:
    for index in range(3):
        folder = tmp_path / "instances" / f"uuid{index}"
        folder.mkdir(parents=True)
        (folder / "submission.xml").write_bytes(samples.odk_xml(samples.IDENTIFICATION_ANSWERS))
    (tmp_path / "instances" / "bomb.xml").write_bytes(BILLION_LAUGHS)
    out = io.StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("import_odk", str(tmp_path), "--user", "coordinator", stdout=out)
    assert failed.value.returncode == 2
    assert "3 created, 0 already received, 1 rejected" in out.getvalue()
    assert "DTD or entity" in out.getvalue()
    assert Case.objects.count() == 3
    output = _run("import_odk", str(tmp_path / "instances" / "uuid0"), "--user", "coordinator")
    assert "0 created, 1 already received, 0 rejected" in output


def test_export_xlsform_writes_a_form_pyxform_converts(tmp_path: Path) -> None:
    out, xform = tmp_path / "identification.xlsx", tmp_path / "identification.xml"
    _run("export_xlsform", "--form", "identification", "--out", str(out), "--xform", str(xform))
    warnings: list[str] = []
    convert(out.read_bytes(), warnings=warnings, file_type=".xlsx")
    assert warnings == []
    assert 'id="jokko_identification"' in xform.read_text("utf-8")
    assert json.dumps("SN-TC-KIDIRA")[1:-1] in xform.read_text("utf-8")
