"""k-anonymous microdata on hand-made data: every number below is worked out by hand.

The data (variables sex and citizenship, k = 3):

    female SN x5, male SN x3, female ML x2, female GN x1, unknown SN x2      (13 cases)

* ML (2 cases) and GN (1) are rarer than k in total: recoded to "other" -> female other x3;
* sex "unknown" (2 cases) is rarer than k: recoded to "other" -> other SN x2, still < k:
  those 2 cases are suppressed.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from jokko import opendata
from jokko.opendata.utility import table_distance
from tests.opendata.conftest import row, source

ROWS = (
    [row(sex="female", citizenship="SN")] * 5
    + [row(sex="male", citizenship="SN")] * 3
    + [row(sex="female", citizenship="ML")] * 2
    + [row(sex="female", citizenship="GN")]
    + [row(sex="", citizenship="SN")] * 2
)


def spec(**options: object) -> opendata.ReleaseSpec:
    settings = {"k": 3, "max_suppression_share": 0.2, "max_marginal_tvd": 0.5, **options}
    return opendata.ReleaseSpec.build(["sex", "citizenship"], **settings)


def released_rows(
    con: duckdb.DuckDBPyConnection, outcome: opendata.ReleaseOutcome, tmp_path: Path
) -> Counter:
    opendata.write_csv(con, outcome, tmp_path / "release.csv")
    with (tmp_path / "release.csv").open(encoding="utf-8") as handle:
        reader = csv.reader(handle)
        assert next(reader) == ["sex", "citizenship"]
        return Counter(tuple(r) for r in reader)


def test_rare_values_are_recoded_and_small_groups_suppressed(tmp_path: Path) -> None:
    con = source(ROWS)
    outcome = opendata.run(con, spec())

    assert outcome.published, outcome.reasons_text
    assert released_rows(con, outcome, tmp_path) == {
        ("female", "SN"): 5,
        ("male", "SN"): 3,
        ("female", "other"): 3,
    }
    report = outcome.disclosure
    assert report["recoded_values"] == {"citizenship": 2, "sex": 1}
    assert report["records_recoded"] == 5
    assert report["records_suppressed"] == 2
    assert report["suppressed_share"] == pytest.approx(2 / 13, abs=1e-6)
    assert report["before"] == {
        "records": 13,
        "combinations": 5,
        "smallest_group": 1,
        "unique_combinations": 1,
        "records_in_groups_below_k": 5,
        "share_in_groups_below_k": pytest.approx(5 / 13, abs=1e-6),
    }
    assert report["after"]["combinations"] == 3
    assert report["after"]["smallest_group"] == 3
    assert report["after"]["unique_combinations"] == 0


def test_utility_report_compares_with_the_generalised_truth() -> None:
    outcome = opendata.run(source(ROWS), spec())
    sex = outcome.utility["marginals"]["sex"]
    # truth female 8, male 3, unknown 2; released female 8, male 3.
    assert sex["max_abs"] == 2
    assert sex["tvd"] == pytest.approx(22 / 143, abs=1e-6)
    citizenship = outcome.utility["marginals"]["citizenship"]
    # truth SN 10, ML 2, GN 1; released SN 8, other 3: the 3 recoded cases moved cell.
    assert citizenship["max_abs"] == 3
    pair = outcome.utility["pairs"]["sex x citizenship"]
    assert pair["true_total"] == 13 and pair["released_total"] == 11


def test_too_much_suppression_is_refused_and_nothing_can_be_written(tmp_path: Path) -> None:
    con = source(ROWS)
    outcome = opendata.run(con, spec(max_suppression_share=0.1))
    assert not outcome.published
    assert [reason.code for reason in outcome.reasons] == ["too_much_suppression"]
    assert "2 of 13 cases" in outcome.reasons_text[0]
    with pytest.raises(ValueError):
        opendata.write_csv(con, outcome, tmp_path / "release.csv")
    assert not (tmp_path / "release.csv").exists()


def test_a_release_that_would_expose_a_group_smaller_than_k_is_refused() -> None:
    """No suppression allowed: the two "unknown"-sex cases would form a group of 2 < k."""
    outcome = opendata.run(source(ROWS), spec(max_suppression_share=0.0))
    assert not outcome.published
    assert outcome.disclosure["before"]["smallest_group"] < 3


def test_k_larger_than_every_group_leaves_nothing_and_is_refused() -> None:
    outcome = opendata.run(source(ROWS), spec(k=20, max_suppression_share=0.99))
    assert not outcome.published
    assert "nothing_left" in {reason.code for reason in outcome.reasons}


def test_marginal_distance_threshold_refuses() -> None:
    outcome = opendata.run(source(ROWS), spec(max_marginal_tvd=0.05))
    assert not outcome.published
    assert {reason.code for reason in outcome.reasons} == {"marginal_moved"}


def test_an_empty_source_is_refused() -> None:
    outcome = opendata.run(source([]), spec())
    assert not outcome.published
    assert "no_records" in {reason.code for reason in outcome.reasons}


def test_table_distance_by_hand() -> None:
    assert table_distance({"a": 6, "b": 4}, {"a": 6, "b": 4}) == {
        "max_abs": 0,
        "tvd": 0.0,
        "cells": 2,
        "true_total": 10,
        "released_total": 10,
    }
    moved = table_distance({"a": 6, "b": 4}, {"a": 6, "c": 4})
    assert moved["max_abs"] == 4 and moved["tvd"] == pytest.approx(0.4)
    assert table_distance({"a": 1}, {})["tvd"] == 1.0
