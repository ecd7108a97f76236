"""Acceptance: a release on 1M generated cases passes k-anonymity, checked by an independent
count (a `collections.Counter` over the rows of the published CSV, not the library's own
report); and a release that would expose a group smaller than k is refused and writes nothing.

Both go through the command a data manager runs: ``jokko release --from-csv``.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.opendata.generated import write_generated_csv

CASES = 1_000_000
K = 11
PUBLISHED_VARIABLES = "year,country_of_identification,sex,age_band,exploitation"
TOO_DETAILED = "year,country_of_identification,citizenship,sex,age_band,exploitation,case_type"


@pytest.fixture(scope="module")
def million_cases(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_generated_csv(tmp_path_factory.mktemp("source") / "cases.csv", CASES, seed=2026)


def test_a_release_of_a_million_cases_is_k_anonymous(million_cases: Path, tmp_path: Path) -> None:
    out = tmp_path / "release"
    call_command(
        "release",
        "--from-csv", str(million_cases),
        "--k", str(K),
        "--variables", PUBLISHED_VARIABLES,
        "--out", str(out),
    )  # fmt: skip

    with (out / "release.csv").open(encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        groups = Counter(tuple(values) for values in reader)
    assert header == PUBLISHED_VARIABLES.split(",")
    released = sum(groups.values())
    # The independent check: every combination of published values is shared by >= k rows.
    assert min(groups.values()) >= K
    # Nothing more than 5 % was suppressed to get there, and nothing was invented.
    assert 0.95 * CASES <= released <= CASES
    # Only generalised values: years, ISO countries, bands, top-level codes; no dates or towns.
    assert all(len(year) == 4 or year == "unknown" for year, *_ in groups)
    assert all(len(country) == 2 or country in ("unknown", "other") for _, country, *_ in groups)

    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["disclosure"]["records_in"] == CASES
    assert report["disclosure"]["records_released"] == released
    assert report["disclosure"]["after"]["smallest_group"] == min(groups.values())
    assert report["disclosure"]["after"]["combinations"] == len(groups)
    assert report["disclosure"]["before"]["smallest_group"] < K  # there was work to do


def test_a_release_exposing_groups_smaller_than_k_is_refused_and_writes_nothing(
    million_cases: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Seven variables make so many small groups that k-anonymity would have to suppress far
    more than the 5 % allowed; with suppression forbidden, any group below k refuses it too."""
    out = tmp_path / "release"
    for max_suppression in ("0.05", "0"):
        with pytest.raises(SystemExit) as exited:
            call_command(
                "release",
                "--from-csv", str(million_cases),
                "--k", str(K),
                "--variables", TOO_DETAILED,
                "--max-suppression", max_suppression,
                "--out", str(out),
            )  # fmt: skip
        assert exited.value.code == 2
        assert "would suppress" in capsys.readouterr().err
        assert not out.exists()
