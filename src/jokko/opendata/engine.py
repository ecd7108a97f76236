"""Running a release over a source table in DuckDB: k-anonymous microdata or DP aggregates.

The source (see `jokko.opendata.variables.SOURCE_COLUMNS`) is loaded into a DuckDB table named
``source``; every step below is a GROUP BY over it, so a million cases take seconds.

k-anonymous microdata (`release_kanon`)
---------------------------------------
The threat: someone who knows a few facts about a survivor (a neighbour knows she is a Guinean
woman of 21-23 identified in Senegal in 2024) looks her up in the published file and learns the
rest (form of exploitation, relation to the recruiter). k-anonymity makes every combination of
published values describe at least k cases, so any such lookup returns at least k candidates.

1. **Generalise** each case to the spec's variables (year, country, age band... see
   `variables`) and count the *equivalence classes*: the distinct combinations and their sizes.
2. **Recode rare values**: a value of an unordered variable held by fewer than k cases in total
   (a rare citizenship) can never be in a class of k, so it is merged into ``other`` rather than
   suppressing its cases one by one. Ordered variables (year, age band) are never recoded.
3. **Suppress** every case still in a class smaller than k (whole records are removed, never
   partially blanked), and count them.
4. **Refuse** when suppression would remove more than ``max_suppression_share`` of the cases (the
   file would be biased against rare, often the most vulnerable, profiles), when any marginal
   moved more than ``max_marginal_tvd``, when nothing is left, or — a check that should never
   fire, kept because a release must never contain a group smaller than k — when a class below
   k survived.

The published rows are re-expanded from the class counts and sorted by value, so the file's row
order carries nothing from the source (no insertion order, no hidden identifier).

DP aggregates (`release_dp`)
----------------------------
One table of counts per chosen variable (and, with ``dp_pairs``, one per pair of variables,
its cells written ``value|value``), over the variables' *public* domains (values known in
advance, never read from the data; other values are counted under ``other``). Noise comes from
OpenDP's ``make_laplace`` on integer vectors (the discrete Laplace mechanism).

Privacy accounting: neighbouring datasets differ by adding or removing one case. A case falls
in exactly one cell of each table (one-way or pairwise), so one table's vector of counts moves
by at most 1 in L1 norm: its sensitivity is 1, and OpenDP's privacy map of the measurement at
``d_in=1`` is its epsilon. The total budget ``epsilon`` is split evenly across the ``m``
tables (``epsilon / m`` each, noise scale ``m / epsilon``); by sequential composition the
release as a whole is ``epsilon``-differentially private. The report lists the epsilon OpenDP
computes per table and their sum. Post-processing (negative counts raised to 0, counts under
``dp_min_count`` published as suppressed) uses only the noisy output, so it costs no privacy.

The utility and disclosure reports compare with the exact truth: they are for the coordinator
deciding whether to publish and are never part of the published file.
"""

# SQL is assembled from identifiers of the variable catalogue (validated by ReleaseSpec) and
# integers; every value read from data is passed as a parameter.
# ruff: noqa: S608

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Hashable, Iterable, Mapping
from pathlib import Path
from typing import Any

import duckdb
import opendp.prelude as dp

from jokko.opendata.spec import Reason, ReleaseKind, ReleaseOutcome, ReleaseSpec
from jokko.opendata.utility import utility_report, variable_pairs
from jokko.opendata.variables import OTHER, SOURCE_COLUMNS, Variable, catalogue

Progress = Callable[[str], None]
"""Called with the name of each step as it starts (the CLI turns it into a progress bar)."""

KANON_STEPS = ("generalise", "recode", "suppress", "report")
DP_STEPS = ("generalise", "noise", "report")

dp.enable_features("contrib")


class SourceError(ValueError):
    """The source file or rows do not have the expected columns or types."""


def _noop(_: str) -> None:
    return None


# --- loading the source -----------------------------------------------------------------------


def connect() -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection (nothing of the source ever touches the disk)."""
    return duckdb.connect(":memory:")


def load_csv(con: duckdb.DuckDBPyConnection, path: str | Path) -> int:
    """Load a source CSV (header = `SOURCE_COLUMNS`) into table ``source``; returns its rows."""
    try:
        with Path(path).open(encoding="utf-8-sig") as handle:
            header = next(csv.reader(io.StringIO(handle.readline())))
    except (OSError, UnicodeDecodeError, StopIteration) as error:
        raise SourceError(f"Cannot read {path}: {error}") from error
    missing = [column for column in SOURCE_COLUMNS if column not in header]
    if missing:
        raise SourceError(f"{path}: missing columns {', '.join(missing)}")
    casts = ", ".join(
        f"TRY_CAST(nullif(trim({name}), '') AS {kind}) AS {name}"
        for name, kind in SOURCE_COLUMNS.items()
    )
    try:
        con.execute(
            f"CREATE OR REPLACE TABLE source AS SELECT {casts} "
            "FROM read_csv(?, header = true, all_varchar = true)",
            [str(path)],
        )
    except duckdb.Error as error:
        raise SourceError(f"{path}: {error}") from error
    return _count(con, "source")


def load_rows(con: duckdb.DuckDBPyConnection, rows: Iterable[Mapping[str, Any]]) -> int:
    """Load source rows (dicts with the `SOURCE_COLUMNS` keys) into table ``source``."""
    import pyarrow as pa

    materialised = list(rows)
    columns = {name: [row.get(name) for row in materialised] for name in SOURCE_COLUMNS}
    types = {"DATE": pa.date32(), "VARCHAR": pa.string(), "INTEGER": pa.int32()}
    table = pa.table(
        {
            name: pa.array(values, type=types[SOURCE_COLUMNS[name]])
            for name, values in columns.items()
        }
    )
    con.register("source_rows", table)
    con.execute("CREATE OR REPLACE TABLE source AS SELECT * FROM source_rows")
    con.unregister("source_rows")
    return _count(con, "source")


def _count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
    return int(row[0]) if row else 0


# --- shared steps ------------------------------------------------------------------------------


def _variables(spec: ReleaseSpec) -> list[Variable]:
    known = catalogue(spec.year_range)
    return [known[name] for name in spec.variables]


def _generalise(con: duckdb.DuckDBPyConnection, spec: ReleaseSpec) -> None:
    """Table ``truth``: the equivalence classes (generalised combinations) and their sizes.

    Each variable reads one source column, so its generalisation is computed once per distinct
    source value (a few thousand dates, a few dozen code lists) into a small lookup table, and
    the million cases are only joined and counted.
    """
    variables = _variables(spec)
    joins, selects = [], []
    for index, variable in enumerate(variables):
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE map_{index} AS SELECT raw, "
            f"{variable.expression('raw')} AS value "
            f"FROM (SELECT DISTINCT {variable.column} AS raw FROM source)"
        )
        joins.append(
            f"LEFT JOIN map_{index} "
            f"ON source.{variable.column} IS NOT DISTINCT FROM map_{index}.raw"
        )
        selects.append(f"map_{index}.value AS {variable.name}")
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE truth AS SELECT {', '.join(selects)}, "
        f"count(*)::BIGINT AS n FROM source {' '.join(joins)} GROUP BY ALL"
    )


def _tables(
    con: duckdb.DuckDBPyConnection, table: str, columns: tuple[str, ...]
) -> dict[Hashable, int]:
    rows = con.execute(
        f"SELECT {', '.join(columns)}, sum(n)::BIGINT FROM {table} GROUP BY ALL"
    ).fetchall()
    if len(columns) == 1:
        return {row[0]: int(row[1]) for row in rows}
    return {tuple(row[:-1]): int(row[-1]) for row in rows}


def _class_stats(con: duckdb.DuckDBPyConnection, table: str, k: int) -> dict[str, Any]:
    row = con.execute(
        f"SELECT count(*), coalesce(min(n), 0), count(*) FILTER (WHERE n = 1), "
        f"coalesce(sum(n) FILTER (WHERE n < {int(k)}), 0), coalesce(sum(n), 0) FROM {table}"
    ).fetchone()
    assert row is not None
    classes, smallest, unique, in_small, records = (int(value) for value in row)
    return {
        "records": records,
        "combinations": classes,
        "smallest_group": smallest,
        "unique_combinations": unique,
        "records_in_groups_below_k": in_small,
        "share_in_groups_below_k": round(in_small / records, 6) if records else 0.0,
    }


# --- k-anonymous microdata --------------------------------------------------------------------


def release_kanon(
    con: duckdb.DuckDBPyConnection, spec: ReleaseSpec, progress: Progress = _noop
) -> ReleaseOutcome:
    """k-anonymous microdata from table ``source`` (see the module docstring for the steps)."""
    names = tuple(spec.variables)
    k = spec.k
    progress("generalise")
    _generalise(con, spec)
    before = _class_stats(con, "truth", k)

    progress("recode")
    recoded: dict[str, list[str]] = {}
    for variable in _variables(spec):
        if not variable.recodable:
            continue
        rare = con.execute(
            f"SELECT {variable.name} FROM truth GROUP BY 1 HAVING sum(n) < ? ORDER BY 1", [k]
        ).fetchall()
        values = [row[0] for row in rare if row[0] != OTHER]
        if values:
            recoded[variable.name] = values
    params = {f"rare_{name}": values for name, values in recoded.items()}
    selects = ", ".join(
        f"CASE WHEN list_contains($rare_{name}, {name}) THEN '{OTHER}' ELSE {name} END AS {name}"
        if name in recoded
        else name
        for name in names
    )
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE recoded AS SELECT {selects}, sum(n)::BIGINT AS n "
        "FROM truth GROUP BY ALL",
        params,
    )
    records_recoded = 0
    if recoded:
        condition = " OR ".join(f"list_contains($rare_{name}, {name})" for name in recoded)
        row = con.execute(
            f"SELECT coalesce(sum(n), 0) FROM truth WHERE {condition}", params
        ).fetchone()
        records_recoded = int(row[0]) if row else 0

    progress("suppress")
    con.execute(f"CREATE OR REPLACE TEMP TABLE released AS SELECT * FROM recoded WHERE n >= {k}")
    after = _class_stats(con, "released", k)
    total = before["records"]
    suppressed = total - after["records"]
    suppressed_share = suppressed / total if total else 0.0

    progress("report")
    utility = utility_report(
        {
            name: (_tables(con, "truth", (name,)), _tables(con, "released", (name,)))
            for name in names
        },
        {
            pair: (_tables(con, "truth", pair), _tables(con, "released", pair))
            for pair in variable_pairs(names)
        },
    )
    disclosure = {
        "k": k,
        "quasi_identifiers": list(names),
        "records_in": total,
        "records_released": after["records"],
        "records_suppressed": suppressed,
        "suppressed_share": round(suppressed_share, 6),
        "records_recoded": records_recoded,
        # How many values were merged per variable, not which: the list of values rarer than
        # k would itself tell a reader that a rare citizenship or sex occurs in the caseload.
        "recoded_values": {name: len(values) for name, values in recoded.items()},
        "before": before,
        "after": after,
    }

    reasons: list[Reason] = []
    if total == 0:
        reasons.append(Reason("no_records", "There are no cases to release."))
    elif after["records"] == 0:
        reasons.append(
            Reason(
                "nothing_left",
                f"No combination of the chosen variables is shared by {k} cases or more.",
                {"k": k},
            )
        )
    if total and suppressed_share > spec.max_suppression_share:
        reasons.append(
            Reason(
                "too_much_suppression",
                f"k-anonymity with k={k} would suppress {suppressed} of {total} cases "
                f"({suppressed_share:.1%}), more than the maximum of "
                f"{spec.max_suppression_share:.1%}: choose fewer or coarser variables.",
                {
                    "k": k,
                    "suppressed": suppressed,
                    "total": total,
                    "share": round(suppressed_share * 100, 1),
                    "max": round(spec.max_suppression_share * 100, 1),
                },
            )
        )
    if after["records"] and after["smallest_group"] < k:
        reasons.append(
            Reason(
                "group_below_k",
                f"A group of {after['smallest_group']} cases is smaller than k={k}.",
                {"smallest": after["smallest_group"], "k": k},
            )
        )
    _check_tvd(spec, utility, reasons)
    return ReleaseOutcome(
        spec=spec,
        published=not reasons,
        reasons=reasons,
        disclosure=disclosure,
        utility=utility,
        header=list(names),
        rows_sql=(
            f"SELECT {', '.join(names)} FROM "
            f"(SELECT {', '.join(names)}, unnest(range(n)) FROM released) "
            f"ORDER BY {', '.join(names)}"
        ),
    )


def _check_tvd(spec: ReleaseSpec, utility: dict[str, Any], reasons: list[Reason]) -> None:
    worst = utility["worst_marginal_tvd"]
    if worst > spec.max_marginal_tvd:
        offenders = [
            name for name, row in utility["marginals"].items() if row["tvd"] > spec.max_marginal_tvd
        ]
        reasons.append(
            Reason(
                "marginal_moved",
                f"The counts by {', '.join(offenders)} moved by {worst:.1%} (total variation), "
                f"more than the maximum of {spec.max_marginal_tvd:.1%}.",
                {
                    "variables": ", ".join(offenders),
                    "tvd": round(worst * 100, 1),
                    "max": round(spec.max_marginal_tvd * 100, 1),
                },
            )
        )


# --- differentially private aggregates --------------------------------------------------------


def dp_table_measurement(size: int, epsilon: float) -> tuple[dp.Measurement, float]:
    """OpenDP's Laplace measurement on a vector of ``size`` integer counts with L1 sensitivity 1.

    Returns the measurement and the epsilon OpenDP's privacy map gives for ``d_in=1``.
    """
    space = dp.vector_domain(dp.atom_domain(T=int), size=size), dp.l1_distance(T=int)
    measurement = dp.m.make_laplace(*space, scale=1.0 / epsilon)
    return measurement, float(measurement.map(1))


def release_dp(
    con: duckdb.DuckDBPyConnection, spec: ReleaseSpec, progress: Progress = _noop
) -> ReleaseOutcome:
    """Differentially private count tables from table ``source`` (see the module docstring)."""
    variables = _variables(spec)
    progress("generalise")
    _generalise(con, spec)
    total = _count_records(con)

    progress("noise")
    published_tables: list[tuple[Variable, ...]] = [(variable,) for variable in variables]
    if spec.dp_pairs:
        published_tables += [
            (a, b) for index, a in enumerate(variables) for b in variables[index + 1 :]
        ]
    epsilon_per_table = spec.epsilon / len(published_tables)
    rows: list[tuple[str, str, int, bool]] = []
    marginals: dict[str, tuple[dict[Hashable, int], dict[Hashable, int]]] = {}
    pairs: dict[tuple[str, str], tuple[dict[Hashable, int], dict[Hashable, int]]] = {}
    tables: dict[str, Any] = {}
    spent = 0.0
    for table_variables in published_tables:
        names = tuple(variable.name for variable in table_variables)
        table_name = " x ".join(names)
        # Cells: every combination of public values (plus "other"), never read from the data.
        cells: list[tuple[str, ...]] = [()]
        for variable in table_variables:
            cells = [(*cell, value) for cell in cells for value in (*variable.domain, OTHER)]
        truth: dict[Hashable, int] = {cell: 0 for cell in cells}
        for key, count in _tables(con, "truth", names).items():
            values = key if isinstance(key, tuple) else (key,)
            cell = tuple(
                value if value in variable.domain else OTHER
                for variable, value in zip(table_variables, values, strict=True)
            )
            truth[cell] += count
        measurement, table_epsilon = dp_table_measurement(len(cells), epsilon_per_table)
        noisy = measurement([truth[cell] for cell in cells])
        spent += table_epsilon
        released: dict[Hashable, int] = {}
        suppressed_cells = 0
        for cell, value in zip(cells, noisy, strict=True):
            count = max(0, int(value))
            suppressed = count < spec.dp_min_count
            suppressed_cells += suppressed
            released[cell] = 0 if suppressed else count
            rows.append((table_name, "|".join(cell), released[cell], suppressed))
        if len(names) == 1:
            marginals[names[0]] = (
                {cell[0]: n for cell, n in truth.items()},  # type: ignore[index]
                {cell[0]: n for cell, n in released.items()},  # type: ignore[index]
            )
        else:
            pairs[(names[0], names[1])] = (truth, released)
        tables[table_name] = {
            "cells": len(cells),
            "epsilon": round(table_epsilon, 9),
            "scale": round(1.0 / epsilon_per_table, 9),
            "suppressed_cells": suppressed_cells,
        }

    progress("report")
    utility = utility_report(marginals, pairs)
    disclosure = {
        "mechanism": "discrete Laplace (OpenDP make_laplace), sensitivity 1 per table",
        "epsilon": spec.epsilon,
        "epsilon_spent": round(spent, 9),
        "epsilon_per_table": round(epsilon_per_table, 9),
        "tables": tables,
        "records_in": total,
        "min_count": spec.dp_min_count,
        "suppressed_cells": sum(t["suppressed_cells"] for t in tables.values()),
    }
    reasons: list[Reason] = []
    if total == 0:
        reasons.append(Reason("no_records", "There are no cases to release."))
    if spent > spec.epsilon * (1 + 1e-9):
        reasons.append(
            Reason(
                "budget_exceeded",
                f"The tables spend epsilon {spent:.4f}, more than the budget {spec.epsilon}.",
                {"spent": round(spent, 4), "epsilon": spec.epsilon},
            )
        )
    _check_tvd(spec, utility, reasons)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE dp_rows "
        "(table_name VARCHAR, value VARCHAR, count BIGINT, suppressed BOOLEAN)"
    )
    if rows:
        con.executemany("INSERT INTO dp_rows VALUES (?, ?, ?, ?)", rows)
    return ReleaseOutcome(
        spec=spec,
        published=not reasons,
        reasons=reasons,
        disclosure=disclosure,
        utility=utility,
        header=["table", "value", "count", "suppressed"],
        rows_sql=(
            'SELECT table_name AS "table", value, '
            "CASE WHEN suppressed THEN NULL ELSE count END AS count, "
            "CASE WHEN suppressed THEN 1 ELSE 0 END AS suppressed FROM dp_rows"
        ),
    )


def _count_records(con: duckdb.DuckDBPyConnection) -> int:
    row = con.execute("SELECT coalesce(sum(n), 0) FROM truth").fetchone()
    return int(row[0]) if row else 0


# --- entry points -----------------------------------------------------------------------------


def run(
    con: duckdb.DuckDBPyConnection, spec: ReleaseSpec, progress: Progress = _noop
) -> ReleaseOutcome:
    """Run the release the spec asks for on table ``source``."""
    if spec.kind is ReleaseKind.DP:
        return release_dp(con, spec, progress)
    return release_kanon(con, spec, progress)


def write_csv(con: duckdb.DuckDBPyConnection, outcome: ReleaseOutcome, path: str | Path) -> None:
    """Write a *published* release to ``path`` (refused outcomes raise, so nothing is written)."""
    if not outcome.published:
        raise ValueError("a refused release has no file")
    con.execute(f"COPY ({outcome.rows_sql}) TO '{_path_literal(path)}' (HEADER, DELIMITER ',')")


def csv_bytes(con: duckdb.DuckDBPyConnection, outcome: ReleaseOutcome) -> bytes:
    """The published release as CSV bytes (for small releases stored in the database)."""
    if not outcome.published:
        raise ValueError("a refused release has no file")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(outcome.header)
    for row in con.execute(outcome.rows_sql).fetchall():
        writer.writerow("" if value is None else value for value in row)
    return buffer.getvalue().encode("utf-8")


def _path_literal(path: str | Path) -> str:
    return str(path).replace("'", "''")
