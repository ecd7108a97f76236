"""`jokko export htcds` and `jokko import htcds` in-process (tests/htcds/test_two_nodes.py
runs them as separate processes)."""

from __future__ import annotations

import datetime
import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from jokko.cases.models import Case
from tests.htcds.helpers import rich_case

pytestmark = pytest.mark.django_db


def _export(tmp_path: Path, *args: str) -> dict[str, Any]:
    out = tmp_path / "out.json"
    call_command("export_htcds", "--out", str(out), *args, stdout=StringIO(), stderr=StringIO())
    data: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return data


def test_export_filters_and_scoping(
    tmp_path: Path, users: dict[str, Any], orgs: dict[str, Any], make_case: Any
) -> None:
    assisted = rich_case(users, orgs)
    old = make_case(
        name="Binta Ba",
        worker=users["other_worker"],
        identified_on=datetime.date.today() - datetime.timedelta(days=400),
    )
    every = _export(tmp_path, "--user", "coordinator")
    assert [r["x_SourceId"] for r in every["records"]] == [assisted.reference, old.reference]
    since = (datetime.date.today() - datetime.timedelta(days=30)).isoformat()
    recent = _export(tmp_path, "--user", "coordinator", "--since", since)
    assert [r["x_SourceId"] for r in recent["records"]] == [assisted.reference]
    identified = _export(tmp_path, "--user", "coordinator", "--status", "identified")
    assert [r["x_SourceId"] for r in identified["records"]] == [old.reference]
    chosen = _export(tmp_path, "--user", "coordinator", "--case", old.reference)
    assert [r["x_SourceId"] for r in chosen["records"]] == [old.reference]
    mine = _export(tmp_path, "--user", "other_worker")
    assert [r["x_SourceId"] for r in mine["records"]] == [old.reference]
    # Naming a case one may not see exports nothing (and says nothing about it).
    hidden = _export(tmp_path, "--user", "other_worker", "--case", assisted.reference)
    assert hidden["records"] == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--user", "analyst"], "may not export"),
        (["--user", "nobody"], "no active user"),
        (["--user", "coordinator", "--since", "yesterday"], "YYYY-MM-DD"),
    ],
)
def test_export_refusals(
    tmp_path: Path, users: dict[str, Any], args: list[str], message: str
) -> None:
    with pytest.raises(CommandError, match=message) as caught:
        call_command("export_htcds", "--out", str(tmp_path / "x.json"), *args)
    assert caught.value.returncode == 2
    assert not (tmp_path / "x.json").exists()


def test_import_reports_and_refuses(tmp_path: Path, users: dict[str, Any]) -> None:
    good = tmp_path / "good.json"
    good.write_text(
        json.dumps(
            {
                "records": [
                    {"x_SourceId": "A", "prs_Gender": "Masculine", "vic_AgeWhenTrafficked": 9}
                ]
            }
        )
    )
    out = StringIO()
    call_command(
        "import_htcds", str(good), "--source-system", "p", "--user", "coordinator", stdout=out
    )
    text = out.getvalue()
    assert "1 created" in text and "unmapped vic_AgeWhenTrafficked: 9" in text
    with pytest.raises(CommandError, match="coordinators only") as caught:
        call_command("import_htcds", str(good), "--source-system", "p", "--user", "worker")
    assert caught.value.returncode == 2
    latin = tmp_path / "latin.json"
    latin.write_bytes('{"records": [{"prs_FirstName": "Aïda"}]}'.encode("latin-1"))
    with pytest.raises(CommandError, match="not UTF-8"):
        call_command("import_htcds", str(latin), "--source-system", "p", "--user", "coordinator")
    assert Case.objects.count() == 1
