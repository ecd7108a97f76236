"""The same Splink model runs on Spark local mode and gives the same matches as DuckDB."""

from __future__ import annotations

import pytest

from jokko.linkage.evaluation import generate_linkage_dataset
from jokko.linkage.plain import link


@pytest.mark.slow
def test_spark_engine_gives_the_duckdb_matches() -> None:
    data = generate_linkage_dataset(200, 200, overlap=0.5, seed=12)
    on_duckdb = link(data.left, data.right, engine="duckdb")
    on_spark = link(data.left, data.right, engine="spark")
    assert len(on_duckdb) > 80
    assert {(m.left_id, m.right_id) for m in on_spark} == {
        (m.left_id, m.right_id) for m in on_duckdb
    }
    by_pair = {(m.left_id, m.right_id): m.score for m in on_duckdb}
    for match in on_spark:
        assert match.score == pytest.approx(by_pair[(match.left_id, match.right_id)], abs=1e-6)
