"""The load test, small: gunicorn with the production configuration and a few simulated users.

`python bench/run.py load` runs for real (seed, gunicorn with `deploy/gunicorn.conf.py` on
loopback, Locust users of every role, results files) on a few thousand persons for about 15
seconds, on the database the suite runs on (SQLite, or the PostgreSQL of JOKKO_DATABASE_URL in
a database of its own). Nothing here is timed: performance goals live in the benchmarks; this
checks that under concurrent use every request type works, nothing fails or errors, and the
results carry what the performance record reads.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlparse, urlunparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench" / "load"))

from driver import REQUEST_TYPES  # noqa: E402

PERSONS = 3000
STAT_FIELDS = {"requests", "failures", "server_errors", "req_per_s", "p50_ms", "p95_ms", "p99_ms"}


def _own_postgres_database(url: str) -> str:
    """A fresh database next to the suite's one on the same PostgreSQL server."""
    import psycopg

    parsed = urlparse(url)
    name = f"{parsed.path.lstrip('/') or 'jokko'}_load_smoke"
    admin = urlunparse(parsed._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return urlunparse(parsed._replace(path=f"/{name}"))


@pytest.fixture(scope="module")
def load_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    work = tmp_path_factory.mktemp("load")
    env = {**os.environ}
    suite_db = os.environ.get("JOKKO_DATABASE_URL", "")
    backend = "sqlite"
    if suite_db.startswith(("postgres://", "postgresql://")):
        backend = "postgres"
        env["JOKKO_BENCH_PG_URL"] = _own_postgres_database(suite_db)
    command = [
        sys.executable,
        str(ROOT / "bench" / "run.py"),
        "load",
        "--persons",
        str(PERSONS),
        "--cases",
        "30",
        "--backends",
        backend,
        "--users",
        "6",
        "--run-time",
        "15s",
        "--think",
        "0.2",
        "1.0",
        "--warmup",
        "3",
        "--workers",
        "2",
        "--cache",
        str(work / "cache"),
        "--results",
        str(work / "results"),
    ]
    result = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=900, check=False
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    data = json.loads((work / "results" / "load.json").read_text())
    return {
        "backend": backend,
        "data": data,
        "markdown": (work / "results" / "load.md").read_text(),
    }


pytestmark = pytest.mark.slow


def test_every_request_type_ran_without_a_failure_or_server_error(load_run: dict[str, Any]) -> None:
    (row,) = load_run["data"]["rows"]
    summary = row["summary"]
    assert summary["missing_types"] == []
    assert summary["failures_total"] == 0, summary["error_samples"]
    assert summary["server_errors_total"] == 0
    assert summary["overall"]["requests"] > 0
    assert all(t["failures"] == 0 and t["server_errors"] == 0 for t in summary["types"].values())


def test_the_server_saw_the_writes_and_logged_no_query_string(load_run: dict[str, Any]) -> None:
    """Gunicorn's own access log (the production format) agrees: registrations, steps and
    incidents were redirected after saving, nothing answered 5xx, and searched names stayed
    out of the log."""
    (row,) = load_run["data"]["rows"]
    log = (Path(row["summary"]["work_dir"]) / "access.log").read_text()
    lines = log.splitlines()
    assert any('"POST /cases/new/ HTTP/1.1" 302' in line for line in lines)
    assert any('/screening/ HTTP/1.1" 302' in line for line in lines)
    assert any('"POST /incidents/new/ HTTP/1.1" 302' in line for line in lines)
    assert any('"GET /people/search/ HTTP/1.1" 200' in line for line in lines)
    assert not [line for line in lines if '" 5' in line]
    assert "?q=" not in log and "q=" not in log


def test_results_carry_what_the_record_reads(load_run: dict[str, Any]) -> None:
    data = load_run["data"]
    assert {"machine", "date", "commit", "command"} <= set(data["meta"])
    (row,) = data["rows"]
    assert row["backend"] == load_run["backend"]
    summary = row["summary"]
    assert row["persons_requested"] == PERSONS and row["users"] == 6
    # The persons bulk-loaded plus the demo cases' survivors and suspects.
    assert row["persons"] == summary["persons_in_database"] > PERSONS
    assert row["seed"]["persons"] == PERSONS and row["seed"]["seconds"] > 0
    assert STAT_FIELDS <= set(summary["overall"])
    for name in REQUEST_TYPES:
        if name in summary["types"]:
            assert STAT_FIELDS <= set(summary["types"][name])
    static = summary["types"]["ref: static file"]
    assert static["p50_over_static"] == pytest.approx(1.0)
    assert "search persons" in load_run["markdown"]
    assert f"**{load_run['backend']}**, {row['persons']:,} persons" in load_run["markdown"]
