"""`jokko link` end to end, as a user runs it: a real process, real files."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

from jokko.linkage.evaluation import (
    generate_dedupe_dataset,
    generate_linkage_dataset,
    precision_recall,
)
from jokko.linkage.records import write_persons_csv

JOKKO = str(Path(sys.executable).parent / "jokko")
HEADER = "id,given_name,family_name,other_names,sex,birth_date,nationality,birth_place\n"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [JOKKO, "link", *args], capture_output=True, text=True, timeout=300, check=False
    )


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_link_two_files(tmp_path: Path) -> None:
    data = generate_linkage_dataset(400, 400, seed=31)
    write_persons_csv(tmp_path / "a.csv", data.left)
    write_persons_csv(tmp_path / "b.csv", data.right)
    out = tmp_path / "matches.csv"
    result = _run(
        "--left", str(tmp_path / "a.csv"), "--right", str(tmp_path / "b.csv"), "--out", str(out)
    )
    assert result.returncode == 0, result.stderr
    rows = _rows(out)
    assert list(rows[0]) == ["left_id", "right_id", "score"]
    predicted = {(row["left_id"], row["right_id"]) for row in rows}
    precision, recall, _ = precision_recall(predicted, data.truth)
    assert precision >= 0.9 and recall >= 0.9
    assert all(0.0 <= float(row["score"]) <= 1.0 for row in rows)
    assert f"{len(rows)} match(es) written" in result.stderr
    assert "scoring" in result.stderr  # the progress bar, on stderr


def test_dedupe_one_file_with_a_threshold(tmp_path: Path) -> None:
    data = generate_dedupe_dataset(500, duplicate_rate=0.2, seed=32)
    write_persons_csv(tmp_path / "a.csv", data.records)
    out = tmp_path / "dupes.csv"
    result = _run(
        "--dedupe", str(tmp_path / "a.csv"), "--out", str(out), "--threshold", "0.9", "--quiet"
    )
    assert result.returncode == 0, result.stderr
    rows = _rows(out)
    ids = {r.id for r in data.records}
    assert rows and all(row["left_id"] in ids and row["right_id"] in ids for row in rows)
    assert all(float(row["score"]) >= 0.9 for row in rows)
    precision, _, _ = precision_recall(
        ((r["left_id"], r["right_id"]) for r in rows), data.truth, symmetric=True
    )
    assert precision >= 0.95


def test_malformed_rows_are_reported_with_line_numbers_and_nothing_is_written(
    tmp_path: Path,
) -> None:
    left = tmp_path / "a.csv"
    left.write_text(
        HEADER
        + "1,Awa,Ndiaye,,F,1990-01-01,SN,\n"
        + "2,Fatou,Sarr,,female,1990,SN,\n"
        + "3,Moussa,Diop,,M,1990-13-01,SN,\n",
        encoding="utf-8",
    )
    right = tmp_path / "b.csv"
    right.write_text(HEADER + "9,Awa,Ndiaye,,F,1990,SN,\n", encoding="utf-8")
    out = tmp_path / "matches.csv"
    result = _run("--left", str(left), "--right", str(right), "--out", str(out))
    assert result.returncode == 2
    assert "line 3: sex 'female' is not M, F or empty" in result.stderr
    assert "line 4: birth_date '1990-13-01'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()
    assert set(tmp_path.iterdir()) == {left, right}  # no output, no temporary file left


def test_bad_arguments_exit_2(tmp_path: Path) -> None:
    persons = tmp_path / "a.csv"
    persons.write_text(HEADER, encoding="utf-8")
    out = str(tmp_path / "m.csv")
    assert _run("--left", str(persons), "--out", out).returncode == 2
    assert _run("--dedupe", str(persons), "--right", str(persons), "--out", out).returncode == 2
    assert _run("--dedupe", str(persons), "--out", out, "--threshold", "1.5").returncode == 2
    assert _run("--dedupe", str(persons), "--out", out, "--engine", "sqlite").returncode == 2
    assert _run("--dedupe", str(tmp_path / "absent.csv"), "--out", out).returncode == 2
    assert not (tmp_path / "m.csv").exists()
