"""Plaintext probabilistic record linkage: `link` two sets of persons, `dedupe` one.

Why plaintext here: inside one node the persons are the node's own, so linkage can see the
names (cross-border linkage uses `jokko.linkage.pprl` instead). The model is Jokko's Splink
model (`jokko.linkage.splink_model`) on the columns of `jokko.linkage.features`.

Engines: ``"duckdb"`` (default, in process, no extension to download) or ``"spark"`` (pyspark
local mode, same model for scale-out). The model is trained once on DuckDB and the learnt
parameters are given to the Spark linker, so both engines score with the same numbers.

``threshold`` is a match probability. `link` keeps, by default, one match per record (the
best-scoring pairs first): a person appears once in a register, so a second candidate for
the same record is a namesake. `dedupe` keeps every pair above the threshold, each with the
evidence a reviewer reads ("phonetic match", "same year"...).
"""

from __future__ import annotations

import logging
import math
import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import pyarrow as pa

from jokko.linkage import splink_model
from jokko.linkage.features import feature_columns
from jokko.linkage.records import Match, PersonRecord

__all__ = [
    "DEDUPE_THRESHOLD",
    "DEFAULT_THRESHOLD",
    "Engine",
    "ScoredPair",
    "dedupe",
    "link",
    "spark_session",
]

Engine = Literal["duckdb", "spark"]
# Match probabilities are posterior to a prior of one chance in (left x right) per pair, so
# a pair that wins its one-to-one assignment is usually right well below 0.5; these defaults
# were chosen on generated data of seeds and sizes other than the tests' (see
# bench/linkage_quality.py): the highest precision at which recall stays >= 0.95.
DEFAULT_THRESHOLD = 0.02
# Deduplication feeds a reviewer who confirms or rejects each pair: recall matters more.
DEDUPE_THRESHOLD = 0.1
Progress = Callable[[str], None]
# Above this many records in all, DuckDB scores the candidate pairs in chunks (each side split
# in ``ceil(sqrt(records / CHUNK_RECORDS))``): at 1M x 1M unchunked prediction grew past
# 17 GB of memory; a chunk holds only its own pairs.
CHUNK_RECORDS = 400_000


@dataclass(frozen=True, slots=True)
class ScoredPair:
    """A candidate duplicate: two record ids, the match probability and why.

    ``evidence`` maps each comparison (name, birth, sex, nationality, birth_place) to the
    human-readable level the pair reached, e.g. ``{"name": "phonetic match", "birth": "same
    year", ...}``.
    """

    left_id: str
    right_id: str
    score: float
    evidence: dict[str, str] = field(default_factory=dict)


def _table(records: Iterable[PersonRecord]) -> pa.Table:
    columns = feature_columns(records)
    schema = pa.schema(
        [
            (name, pa.int32() if name == "birth_year" else pa.list_(pa.string()))
            if name in ("name_ph_all", "name_keys", "birth_year")
            else (name, pa.string())
            for name in columns
        ]
    )
    return pa.Table.from_pydict(columns, schema=schema)


def _check_ids(records: Sequence[PersonRecord], what: str) -> None:
    seen: set[str] = set()
    for record in records:
        if record.id in seen:
            raise ValueError(f"{what}: id {record.id!r} is used twice")
        seen.add(record.id)


def _prior() -> splink_model.ModelParameters:
    return splink_model.ModelParameters(0.0001, dict(splink_model.PRIOR_M), {})


def spark_session(work_dir: str | None = None) -> Any:
    """A local Spark session for Splink: two cores, one shuffle partition, no UI, loopback
    only, Splink's bundled similarity jar (nothing is downloaded). For a cluster, build your
    own session and pass it to `splink.SparkAPI` with `splink_model.settings(...,
    dialect="spark")`."""
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    checkpoints = work_dir or tempfile.mkdtemp(prefix="jokko-spark-")
    session = (
        SparkSession.builder.master("local[2]")
        .appName("jokko-linkage")
        .config("spark.jars", similarity_jar_location())
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.default.parallelism", "2")
        # Small local jobs: planning and code generation cost more than they save.
        .config("spark.sql.adaptive.enabled", "false")
        .config("spark.sql.codegen.wholeStage", "false")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.local.dir", checkpoints)
        .getOrCreate()
    )
    session.sparkContext.setCheckpointDir(checkpoints)
    session.sparkContext.setLogLevel("ERROR")
    return session


def _duckdb_api() -> Any:
    import duckdb
    from splink import DuckDBAPI

    connection = duckdb.connect(":memory:", config={"autoinstall_known_extensions": False})
    threads = os.environ.get("JOKKO_LINKAGE_THREADS")
    if threads:
        connection.execute(f"SET threads = {int(threads)}")
    return DuckDBAPI(connection)


def _linker(
    tables: list[pa.Table],
    link_type: splink_model.LinkType,
    engine: Engine,
    parameters: splink_model.ModelParameters,
    work_dir: str | None = None,
) -> Any:
    from splink import Linker

    if engine == "spark":
        from splink import SparkAPI

        db_api = SparkAPI(spark_session=spark_session(work_dir), break_lineage_method="persist")
    else:
        db_api = _duckdb_api()
    names = ["persons_left", "persons_right"] if len(tables) == 2 else ["persons"]
    registered = [
        db_api.register(table, dataset_display_name=name)
        for table, name in zip(tables, names, strict=True)
    ]
    return Linker(
        registered if len(registered) > 1 else registered[0],
        splink_model.settings(link_type, dialect=engine, parameters=parameters),
        log_level=logging.WARNING,
    )


def _gamma_labels() -> dict[str, dict[int, str]]:
    """Splink's comparison vector value of each level → its label (null level is -1)."""
    labels: dict[str, dict[int, str]] = {}
    for spec in splink_model.COMPARISONS:
        non_null = [level for level in spec.levels if not level.is_null]
        mapping = {len(non_null) - 1 - i: level.label for i, level in enumerate(non_null)}
        mapping[-1] = "missing"
        labels[spec.name] = mapping
    return labels


def _predict(
    tables: list[pa.Table],
    link_type: splink_model.LinkType,
    engine: Engine,
    threshold: float,
    progress: Progress | None,
) -> pa.Table:
    n_records = sum(table.num_rows for table in tables)
    if progress:
        progress("training the model")
    trainer = _linker(tables, link_type, "duckdb", _prior())
    parameters = splink_model.train(trainer, n_records=n_records, tables=tables)
    if progress:
        progress("scoring candidate pairs")
    columns = ["unique_id_l", "unique_id_r", "match_probability"] + [
        f"gamma_{spec.name}" for spec in splink_model.COMPARISONS
    ]
    if link_type == "link_only":
        columns.append("source_dataset_l")
    if engine == "duckdb":
        linker = _linker(tables, link_type, engine, parameters)
        chunks = math.ceil(math.sqrt(n_records / CHUNK_RECORDS))
        predictions = linker.inference.predict(
            threshold_match_probability=threshold,
            num_chunks_left=chunks if chunks > 1 else None,
            num_chunks_right=chunks if chunks > 1 else None,
        )
        return predictions.as_pyarrow_table().select(columns)
    with tempfile.TemporaryDirectory(prefix="jokko-spark-") as work_dir:
        linker = _linker(tables, link_type, engine, parameters, work_dir)
        try:
            predictions = linker.inference.predict(threshold_match_probability=threshold)
            return predictions.as_pyarrow_table().select(columns)
        finally:
            linker._db_api.spark.stop()


def link(
    left: Sequence[PersonRecord],
    right: Sequence[PersonRecord],
    *,
    engine: Engine = "duckdb",
    threshold: float = DEFAULT_THRESHOLD,
    one_to_one: bool = True,
    progress: Progress | None = None,
) -> list[Match]:
    """Pairs (left record, right record) that are probably the same person, best first.

    ``threshold`` is the minimum match probability. With ``one_to_one`` (default) each record
    is matched at most once, the highest-scoring pairs winning.
    """
    _check_ids(left, "left")
    _check_ids(right, "right")
    if not left or not right:
        return []
    table = _predict([_table(left), _table(right)], "link_only", engine, threshold, progress)
    rows = table.to_pydict()
    matches: list[Match] = []
    for id_l, id_r, score, source in zip(
        rows["unique_id_l"],
        rows["unique_id_r"],
        rows["match_probability"],
        rows["source_dataset_l"],
        strict=True,
    ):
        if source == "persons_left":
            matches.append(Match(id_l, id_r, float(score)))
        else:
            matches.append(Match(id_r, id_l, float(score)))
    matches.sort(key=lambda m: (-m.score, m.left_id, m.right_id))
    if not one_to_one:
        return matches
    used_left: set[str] = set()
    used_right: set[str] = set()
    kept: list[Match] = []
    for match in matches:
        if match.left_id not in used_left and match.right_id not in used_right:
            used_left.add(match.left_id)
            used_right.add(match.right_id)
            kept.append(match)
    return kept


def dedupe(
    records: Sequence[PersonRecord],
    *,
    engine: Engine = "duckdb",
    threshold: float = DEDUPE_THRESHOLD,
    progress: Progress | None = None,
) -> list[ScoredPair]:
    """Pairs of records of ``records`` that are probably the same person, best first, each
    with its evidence (see `ScoredPair`). ``left_id < right_id`` in every pair."""
    _check_ids(records, "records")
    if len(records) < 2:
        return []
    table = _predict([_table(records)], "dedupe_only", engine, threshold, progress)
    labels = _gamma_labels()
    rows = table.to_pydict()
    pairs: list[ScoredPair] = []
    for index, (id_l, id_r) in enumerate(
        zip(rows["unique_id_l"], rows["unique_id_r"], strict=True)
    ):
        evidence = {
            spec.name: labels[spec.name].get(int(rows[f"gamma_{spec.name}"][index]), "?")
            for spec in splink_model.COMPARISONS
        }
        left_id, right_id = (id_l, id_r) if id_l < id_r else (id_r, id_l)
        pairs.append(
            ScoredPair(left_id, right_id, float(rows["match_probability"][index]), evidence)
        )
    pairs.sort(key=lambda p: (-p.score, p.left_id, p.right_id))
    return pairs
