"""Differentially private count tables. OpenDP cannot be seeded, so noise is checked
statistically, over hundreds of cells, with tolerances far wider than the sampling error."""

from __future__ import annotations

import datetime
import statistics

import duckdb
import pytest

from jokko import opendata
from tests.opendata.conftest import row, source

FIRST, LAST = 1700, 2199  # 500 public years: 500 cells of 40 cases each
PER_YEAR = 40


def yearly_source() -> duckdb.DuckDBPyConnection:
    rows = [
        row(identified_on=datetime.date(year, 6, 1))
        for year in range(FIRST, LAST + 1)
        for _ in range(PER_YEAR)
    ]
    return source(rows)


def errors(epsilon: float) -> tuple[list[int], opendata.ReleaseOutcome]:
    spec = opendata.ReleaseSpec.build(
        ["year"],
        kind="dp",
        epsilon=epsilon,
        dp_min_count=0,
        year_range=(FIRST, LAST),
        max_marginal_tvd=1.0,
    )
    con = yearly_source()
    outcome = opendata.run(con, spec)
    released = {value: count for _, value, count, _ in con.execute(outcome.rows_sql).fetchall()}
    return [released[str(year)] - PER_YEAR for year in range(FIRST, LAST + 1)], outcome


def test_noise_is_centred_and_its_spread_matches_the_laplace_scale() -> None:
    noise, outcome = errors(epsilon=1.0)
    assert outcome.published
    assert any(error != 0 for error in noise), "no noise at all"
    # One table, epsilon 1, sensitivity 1: scale 1, standard deviation sqrt(2) = 1.41.
    assert outcome.disclosure["tables"]["year"]["scale"] == pytest.approx(1.0)
    assert abs(statistics.fmean(noise)) < 0.5
    assert 0.9 < statistics.pstdev(noise) < 2.1


def test_a_smaller_epsilon_means_proportionally_more_noise() -> None:
    small_noise, _ = errors(epsilon=2.0)  # scale 0.5
    large_noise, outcome = errors(epsilon=0.2)  # scale 5: sd 7.1 (clipping at 0 is 5.6 sds away)
    assert outcome.disclosure["tables"]["year"]["scale"] == pytest.approx(5.0)
    assert abs(statistics.fmean(large_noise)) < 2.5
    assert 4.5 < statistics.pstdev(large_noise) < 10
    assert statistics.pstdev(large_noise) > 4 * statistics.pstdev(small_noise)


def test_budget_is_split_evenly_across_tables_and_accounted_by_opendp() -> None:
    con = source([row(sex="female", citizenship="SN")] * 50)
    spec = opendata.ReleaseSpec.build(
        ["sex", "citizenship", "case_type", "year"], kind="dp", epsilon=2.0, max_marginal_tvd=1.0
    )
    outcome = opendata.run(con, spec)
    tables = outcome.disclosure["tables"]
    assert set(tables) == {"sex", "citizenship", "case_type", "year"}
    assert all(t["epsilon"] == pytest.approx(0.5) for t in tables.values())
    assert all(t["scale"] == pytest.approx(2.0) for t in tables.values())
    assert outcome.disclosure["epsilon_spent"] == pytest.approx(2.0)


def test_public_domain_post_processing_and_small_count_suppression() -> None:
    """Every public value appears (even with no case); noisy counts are non-negative integers;
    those under the threshold are published as suppressed with no count."""
    con = source([row(sex="female")] * 200 + [row(sex="x")] * 30)
    spec = opendata.ReleaseSpec.build(["sex"], kind="dp", epsilon=1.0, dp_min_count=10)
    outcome = opendata.run(con, spec)
    assert outcome.published, outcome.reasons_text
    rows = con.execute(outcome.rows_sql).fetchall()
    values = [value for _, value, _, _ in rows]
    assert values == [*opendata.catalogue()["sex"].domain, "other"]
    by_value = {value: (count, suppressed) for _, value, count, suppressed in rows}
    assert 150 < by_value["female"][0] < 250
    assert 0 < by_value["other"][0] < 80  # "x" is outside the public domain: counted as other
    for count, suppressed in by_value.values():
        assert (count is None) == bool(suppressed)
        assert count is None or (isinstance(count, int) and count >= 10)
    assert by_value["transgender_masculine"] == (None, 1)  # true 0: suppressed (noise < 10)
    assert outcome.utility["marginals"]["sex"]["true_total"] == 230


def test_pairwise_tables_cover_every_public_combination_and_share_the_budget() -> None:
    con = source([row(sex="female", case_type="tip")] * 300 + [row(sex="male", case_type="som")])
    spec = opendata.ReleaseSpec.build(
        ["sex", "case_type"], kind="dp", epsilon=3.0, dp_pairs=True, max_marginal_tvd=1.0
    )
    outcome = opendata.run(con, spec)
    tables = outcome.disclosure["tables"]
    assert set(tables) == {"sex", "case_type", "sex x case_type"}
    assert all(t["epsilon"] == pytest.approx(1.0) for t in tables.values())
    sex_cells = len(opendata.catalogue()["sex"].domain) + 1
    type_cells = len(opendata.catalogue()["case_type"].domain) + 1
    assert tables["sex x case_type"]["cells"] == sex_cells * type_cells
    rows = con.execute(outcome.rows_sql).fetchall()
    pair = {value: count for table, value, count, _ in rows if table == "sex x case_type"}
    assert 250 < pair["female|tip"] < 350
    assert pair["male|som"] is None  # a single case: its noisy count is suppressed (below 10)
    assert outcome.utility["pairs"]["sex x case_type"]["true_total"] == 301
