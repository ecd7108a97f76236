"""Fixtures of the dashboards tests: a store of their own, the hand-made data set of analytics."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from jokko.analytics import store
from tests.analytics.dataset import build


@pytest.fixture(autouse=True)
def store_file(settings: Any, tmp_path: Path) -> Path:
    """Every test gets its own DuckDB file (never the node's real store)."""
    path = tmp_path / "analytics.duckdb"
    settings.JOKKO_ANALYTICS_PATH = path
    return path


@pytest.fixture(autouse=True)
def _english_by_default(settings: Any) -> None:
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def hand_made(users: dict[str, Any], orgs: dict[str, Any]) -> Any:
    """The analytics data set (tests/analytics/dataset.py), in a freshly rebuilt store."""
    data = build(users, orgs)
    store.refresh(full=True)
    return data
