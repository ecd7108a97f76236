"""`jokko encode` and `jokko match` end to end, as a user runs them: real processes and files."""

from __future__ import annotations

import csv
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from jokko.linkage.evaluation import generate_linkage_dataset, precision_recall
from jokko.linkage.records import write_persons_csv

JOKKO = str(Path(sys.executable).parent / "jokko")
HEADER = "id,given_name,family_name,other_names,sex,birth_date,nationality,birth_place\n"


def _run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [JOKKO, *map(str, args)], capture_output=True, text=True, timeout=300, check=False
    )


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Two persons files, a secret, and both encoded with it."""
    folder = tmp_path_factory.mktemp("pprl-cli")
    data = generate_linkage_dataset(500, 500, seed=23)
    paths = {name: folder / name for name in ("a.csv", "b.csv", "net.secret", "a.clk", "b.clk")}
    write_persons_csv(paths["a.csv"], data.left)
    write_persons_csv(paths["b.csv"], data.right)
    (folder / "truth.csv").write_text("".join(f"{a},{b}\n" for a, b in sorted(data.truth)))
    paths["truth.csv"] = folder / "truth.csv"
    assert _run("encode", "--new-secret", paths["net.secret"]).returncode == 0
    for name in ("a", "b"):
        result = _run(
            "encode",
            "--in",
            paths[f"{name}.csv"],
            "--secret-file",
            paths["net.secret"],
            "--out",
            paths[f"{name}.clk"],
        )
        assert result.returncode == 0, result.stderr
        assert "500 record(s) encoded" in result.stderr
    return paths


def test_new_secret_is_private_and_never_overwritten(files: dict[str, Path]) -> None:
    secret = files["net.secret"]
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    assert len(secret.read_bytes().strip()) == 64
    before = secret.read_bytes()
    result = _run("encode", "--new-secret", secret)
    assert result.returncode == 2
    assert "already exists" in result.stderr
    assert secret.read_bytes() == before


def test_encode_then_match_links_the_two_files(files: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "matches.csv"
    result = _run("match", "--left", files["a.clk"], "--right", files["b.clk"], "--out", out)
    assert result.returncode == 0, result.stderr
    assert "match(es) written" in result.stderr
    with open(out, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and list(rows[0]) == ["left_id", "right_id", "score"]
    truth = {tuple(line.split(",")) for line in files["truth.csv"].read_text().splitlines()}
    precision, recall, _ = precision_recall([(r["left_id"], r["right_id"]) for r in rows], truth)  # type: ignore[arg-type]
    assert precision >= 0.9 and recall >= 0.85
    # One partner per record by default; --all-pairs gives at least as many rows.
    assert len({r["left_id"] for r in rows}) == len(rows)
    every = tmp_path / "every.csv"
    assert (
        _run(
            "match",
            "--left",
            files["a.clk"],
            "--right",
            files["b.clk"],
            "--out",
            every,
            "--all-pairs",
        ).returncode
        == 0
    )
    assert len(every.read_text().splitlines()) >= len(rows) + 1


def test_the_clk_file_holds_no_name(files: dict[str, Path]) -> None:
    data = files["a.clk"].read_bytes().lower()
    with open(files["a.csv"], encoding="utf-8", newline="") as handle:
        names = {
            word.lower()
            for row in csv.DictReader(handle)
            for word in (row["given_name"] + " " + row["family_name"]).split()
            if len(word) >= 5
        }
    assert names
    assert not [name for name in names if name.encode() in data]


def test_malformed_csv_is_refused_with_line_numbers(tmp_path: Path, files: dict[str, Path]) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        HEADER
        + "p1,Awa,Ndiaye,,F,1990-02-30,SN,\n"
        + "p2,Moussa,Diop,,M,1988,SN,Dakar\n"
        + "p3,,,,X,,SEN,\n",
        encoding="utf-8",
    )
    out = tmp_path / "bad.clk"
    result = _run("encode", "--in", bad, "--secret-file", files["net.secret"], "--out", out)
    assert result.returncode == 2
    assert "line 2" in result.stderr and "line 4" in result.stderr
    assert "line 3" not in result.stderr
    assert not out.exists()


@pytest.mark.parametrize(
    "content", [None, b"", b"short secret\n"], ids=["missing", "empty", "short"]
)
def test_missing_or_short_secret_is_refused(
    tmp_path: Path, files: dict[str, Path], content: bytes | None
) -> None:
    secret = tmp_path / "k"
    if content is not None:
        secret.write_bytes(content)
    out = tmp_path / "a.clk"
    result = _run("encode", "--in", files["a.csv"], "--secret-file", secret, "--out", out)
    assert result.returncode == 2
    assert "secret file" in result.stderr
    assert not out.exists()


def test_files_made_with_another_secret_are_refused(tmp_path: Path, files: dict[str, Path]) -> None:
    other = tmp_path / "other.secret"
    assert _run("encode", "--new-secret", other).returncode == 0
    foreign = tmp_path / "b-other.clk"
    assert (
        _run(
            "encode", "--in", files["b.csv"], "--secret-file", other, "--out", foreign, "--quiet"
        ).returncode
        == 0
    )
    out = tmp_path / "matches.csv"
    result = _run("match", "--left", files["a.clk"], "--right", foreign, "--out", out)
    assert result.returncode == 2
    assert "different secrets" in result.stderr
    assert not out.exists()


def test_corrupt_or_missing_clk_is_refused(tmp_path: Path, files: dict[str, Path]) -> None:
    truncated = tmp_path / "truncated.clk"
    truncated.write_bytes(files["b.clk"].read_bytes()[:-100])
    out = tmp_path / "matches.csv"
    for right, message in (
        (truncated, "corrupt or truncated"),
        (files["b.csv"], "not a Jokko"),
        (tmp_path / "absent.clk", "cannot read"),
    ):
        result = _run("match", "--left", files["a.clk"], "--right", right, "--out", out)
        assert result.returncode == 2
        assert message in result.stderr
        assert not out.exists()


def test_bad_threshold_is_refused(tmp_path: Path, files: dict[str, Path]) -> None:
    out = tmp_path / "m.csv"
    result = _run(
        "match",
        "--left",
        files["a.clk"],
        "--right",
        files["b.clk"],
        "--out",
        out,
        "--threshold",
        "2",
    )
    assert result.returncode == 2
    assert "--threshold" in result.stderr
    assert not out.exists()
