"""Fixtures of the maps tests: a store in a temporary directory, per test."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def store_file(settings: Any, tmp_path: Path) -> Path:
    """Every maps test gets its own DuckDB file (never the node's real store)."""
    path = tmp_path / "analytics.duckdb"
    settings.JOKKO_ANALYTICS_PATH = path
    return path


@pytest.fixture(autouse=True)
def _english_by_default(settings: Any) -> None:
    """These tests read English messages; a request that asks for a language still gets it."""
    settings.LANGUAGE_CODE = "en"
