"""Fixtures of the report tests: a store per test, the hand-made data set of tests/analytics."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def store_file(settings: Any, tmp_path: Path) -> Path:
    """Every report test gets its own DuckDB file (never the node's real store)."""
    path = tmp_path / "analytics.duckdb"
    settings.JOKKO_ANALYTICS_PATH = path
    return path


@pytest.fixture
def hand_made(users: dict[str, Any], orgs: dict[str, Any]) -> Any:
    from jokko.analytics import store
    from tests.analytics.dataset import build

    data = build(users, orgs)
    store.refresh(full=True)
    return data


def pdf_text(content: bytes, tmp_path: Path) -> str:
    """The PDF's text as laid out (poppler's pdftotext), one table row per line."""
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    done = subprocess.run(
        ["/usr/bin/pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"],
        check=True,
        capture_output=True,
    )
    return done.stdout.decode("utf-8")


@pytest.fixture(autouse=True)
def _english_by_default(settings: Any) -> None:
    """These tests read English messages; a request that asks for a language still gets it."""
    settings.LANGUAGE_CODE = "en"
