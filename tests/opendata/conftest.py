"""Helpers for the pure release library tests: a DuckDB source from hand-written rows."""

from __future__ import annotations

import datetime
from typing import Any

import duckdb

from jokko import opendata


def row(**values: Any) -> dict[str, Any]:
    """A source row: empty fields unless given (identified 2024-05-01 by default)."""
    base: dict[str, Any] = {column: None for column in opendata.SOURCE_COLUMNS}
    base["identified_on"] = datetime.date(2024, 5, 1)
    base.update(values)
    return base


def source(rows: list[dict[str, Any]]) -> duckdb.DuckDBPyConnection:
    con = opendata.connect()
    opendata.load_rows(con, rows)
    return con
