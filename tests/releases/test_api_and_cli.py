"""The releases API and the `jokko release` command on the node's cases."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from jokko.accounts.models import ApiToken
from jokko.releases.models import Release
from tests.releases.helpers import CASE_VARIABLES, make_cases

pytestmark = pytest.mark.django_db


def api(user: Any) -> tuple[Client, dict[str, str]]:
    client = Client()
    client.cookies["django_language"] = "en"
    _, raw = ApiToken.issue(user)
    return client, {"Authorization": f"Bearer {raw}"}


def test_api_create_list_detail_and_csv(users: dict[str, Any]) -> None:
    make_cases(users["worker"], 12)
    client, headers = api(users["coordinator"])
    body = {"variables": CASE_VARIABLES, "k": 11}
    created = client.post(
        "/api/v1/releases", json.dumps(body), content_type="application/json", headers=headers
    )
    assert created.status_code == 201, created.content
    data = created.json()
    assert (
        data["status"] == "published" and data["disclosure_report"]["after"]["smallest_group"] == 12
    )
    listed = client.get("/api/v1/releases", headers=headers).json()
    assert [item["id"] for item in listed] == [data["id"]]
    detail = client.get(f"/api/v1/releases/{data['id']}", headers=headers).json()
    assert detail["sha256"] == data["sha256"]
    csv_response = client.get(f"/api/v1/releases/{data['id']}/csv", headers=headers)
    assert csv_response.status_code == 200
    assert csv_response.content.decode().splitlines()[1] == "2025,SN,male,tip"


def test_api_bad_spec_is_a_422_with_field_errors(users: dict[str, Any]) -> None:
    client, headers = api(users["coordinator"])
    body = {"variables": ["year"], "k": 0, "epsilon": 50}
    response = client.post(
        "/api/v1/releases", json.dumps(body), content_type="application/json", headers=headers
    )
    assert response.status_code == 422
    assert response.json()["detail"] == {
        "k": ["k must be at least 2."],
        "epsilon": ["Epsilon must be greater than 0 and at most 10.0."],
    }
    assert not Release.objects.exists()


def test_cli_release_of_the_node_cases(users: dict[str, Any], tmp_path: Path) -> None:
    make_cases(users["worker"], 12)
    out = tmp_path / "out"
    call_command(
        "release", "--k", "11", "--variables", ",".join(CASE_VARIABLES), "--out", str(out),
        "--user", "coordinator",
    )  # fmt: skip
    release = Release.objects.get()
    assert release.content is not None
    assert (out / "release.csv").read_bytes() == bytes(release.content)
    assert json.loads((out / "report.json").read_text())["sha256"] == release.sha256


def test_cli_refused_release_exits_2_and_writes_nothing(
    users: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_cases(users["worker"], 5)
    out = tmp_path / "out"
    with pytest.raises(SystemExit) as exited:
        call_command("release", "--k", "11", "--out", str(out), "--user", "coordinator")
    assert exited.value.code == 2
    assert "Release refused" in capsys.readouterr().err
    assert not out.exists()
    assert Release.objects.get().status == "refused"


def test_cli_needs_a_coordinator(users: dict[str, Any], tmp_path: Path) -> None:
    with pytest.raises(CommandError):
        call_command("release", "--out", str(tmp_path / "o"), "--user", "analyst")
    with pytest.raises(CommandError):
        call_command("release", "--out", str(tmp_path / "o"))
    assert not Release.objects.exists()


def test_cli_dp_release_from_a_generated_file(tmp_path: Path) -> None:
    from tests.opendata.generated import write_generated_csv

    source = write_generated_csv(tmp_path / "cases.csv", 20_000, seed=7)
    out = tmp_path / "out"
    call_command(
        "release", "--from-csv", str(source), "--kind", "dp", "--epsilon", "1",
        "--variables", "year,sex,age_band", "--dp-pairs", "--out", str(out),
    )  # fmt: skip
    lines = (out / "release.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "table,value,count,suppressed"
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert set(report["disclosure"]["tables"]) == {
        "year", "sex", "age_band", "year x sex", "year x age_band", "sex x age_band",
    }  # fmt: skip
    assert report["disclosure"]["epsilon_spent"] == pytest.approx(1.0)
    assert not Release.objects.exists()  # a file release never touches the node's database
