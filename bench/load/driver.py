"""Load test of a Jokko node: a seeded database, gunicorn on loopback, Locust users, a summary.

Used by `bench/run.py load` (the measured run, up to 1M persons) and by
`tests/load/test_load_smoke.py` (a few users for a few seconds in CI). Pure orchestration: no
Django import here, because each part runs in its own process with its own settings, and
Locust must run apart from any test process (it patches the standard library with gevent).

Figures are computed from one line per request written by the Locust users (exact
percentiles, not Locust's rounded ones). Every request type is reported with two references
measured in the same run under the same load: a static file (WhiteNoise, no database) and the
anonymous login page (Django, a template, no query), so ratios travel across machines.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
LOAD_DIR = ROOT / "bench" / "load"
BIN = Path(sys.executable).parent
# Where seeded databases are kept between runs: loading 1M persons takes about 20 minutes.
DEFAULT_CACHE = Path(os.environ.get("JOKKO_LOAD_CACHE", ROOT / "var" / "bench-load"))
REFERENCES = ("ref: static file", "ref: login page")
# Request types every run must exercise (the log-in steps and the references included).
REQUEST_TYPES = (
    "log in",
    "login page (GET)",
    "search persons",
    "open a case",
    "case list",
    "register a survivor",
    "record a step (screening)",
    "search suspects",
    "open an incident",
    "incident list",
    "record an incident",
    "indicator catalogue (page)",
    "indicator (page)",
    "indicator (API)",
    "analysis page",
    *REFERENCES,
)


@dataclass(frozen=True)
class Node:
    """The environment of one seeded node: its database URL and data directory (keys)."""

    database_url: str
    data_dir: Path

    def env(self) -> dict[str, str]:
        env = {
            **os.environ,
            "JOKKO_DATABASE_URL": self.database_url,
            "JOKKO_DATA_DIR": str(self.data_dir),
            "DJANGO_SETTINGS_MODULE": "jokko.settings",
        }
        # A load test measures the server, not the pytest settings of the caller.
        env.pop("PYTEST_CURRENT_TEST", None)
        return env


def _jokko(node: Node, *args: str) -> None:
    subprocess.run([str(BIN / "jokko"), *args], env=node.env(), check=True)


def seed(node: Node, persons: int, cases: int) -> None:
    """Migrate, seed the demo node (`cases` cases through the real actions), bulk-load persons.

    A `ready` file in the data directory marks a complete load, so an interrupted load is
    redone rather than measured half-full.
    """
    marker = node.data_dir / "ready"
    if marker.exists():
        # A cached node from an older commit: bring its schema up to this code's.
        _jokko(node, "migrate", "-v0")
        return
    node.data_dir.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    _jokko(node, "migrate", "-v0")
    _jokko(node, "seed_demo", "--cases", str(cases), "--extra-persons", str(persons))
    _jokko(node, "analytics_refresh", "--full")
    marker.write_text(json.dumps({"persons": persons, "seconds": time.monotonic() - started}))


def seed_info(node: Node) -> dict[str, Any]:
    """What the `ready` marker says: persons asked for, seconds the load took, and `stopped`
    when the bulk load was stopped before it reached the size asked for (a deadline)."""
    marker = node.data_dir / "ready"
    if not marker.exists():
        return {}
    info: dict[str, Any] = json.loads(marker.read_text())
    return info


def write_fixture(node: Node, users_per_role: int, persons: int, out: Path) -> Path:
    """Create the load users and describe the node to them (`fixture.py`, in the node's env)."""
    subprocess.run(
        [sys.executable, str(LOAD_DIR / "fixture.py"), str(out), str(users_per_role), str(persons)],
        env=node.env(),
        check=True,
    )
    return out


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_up(url: str, process: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with status {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (loopback)
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    raise RuntimeError(f"gunicorn did not answer {url} within {timeout:.0f} s")


@contextlib.contextmanager
def gunicorn(node: Node, log_dir: Path, workers: int | None = None) -> Iterator[str]:
    """Serve the node with `deploy/gunicorn.conf.py` on a free loopback port; yield its URL."""
    port = free_port()
    env = {
        **node.env(),
        "JOKKO_BIND": f"127.0.0.1:{port}",
        "JOKKO_ACCESS_LOG": str(log_dir / "access.log"),
        "JOKKO_ERROR_LOG": str(log_dir / "error.log"),
    }
    if workers is not None:
        env["JOKKO_WEB_WORKERS"] = str(workers)
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "-c", str(ROOT / "deploy" / "gunicorn.conf.py"), "jokko.wsgi"],
        env=env,
        cwd=ROOT,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_until_up(url + "/accounts/login/", process, timeout=120)
        yield url
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def run_locust(
    url: str,
    fixture: Path,
    out_dir: Path,
    *,
    users: int,
    run_time: str,
    max_requests: int,
    think: tuple[float, float] = (1.0, 3.0),
) -> list[dict[str, Any]]:
    """Run the simulated users headless against `url`; return one record per request."""
    record = out_dir / "requests.jsonl"
    record.unlink(missing_ok=True)
    env = {
        **os.environ,
        "JOKKO_LOAD_FIXTURE": str(fixture),
        "JOKKO_LOAD_RECORD": str(record),
        "JOKKO_LOAD_MAX_REQUESTS": str(max_requests),
        "JOKKO_LOAD_THINK": f"{think[0]},{think[1]}",
    }
    result = subprocess.run(
        [
            str(BIN / "locust"),
            "-f",
            str(LOAD_DIR / "locustfile.py"),
            "--headless",
            "--host",
            url,
            "--users",
            str(users),
            "--spawn-rate",
            str(max(1, users // 2)),
            "--run-time",
            run_time,
            "--stop-timeout",
            "20",
            "--only-summary",
            "--loglevel",
            "WARNING",
        ],
        env=env,
        cwd=out_dir,
        capture_output=True,
        text=True,
        check=False,
    )
    (out_dir / "locust.log").write_text(result.stdout + result.stderr)
    # Locust exits with 1 when any request failed: that is reported, not raised.
    if result.returncode not in (0, 1) or not record.exists():
        raise RuntimeError(f"locust failed ({result.returncode}):\n{result.stderr[-3000:]}")
    return [json.loads(line) for line in record.read_text().splitlines() if line.strip()]


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty sequence."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), int(-(-q * len(ordered) // 100))))
    return ordered[rank - 1]


def _stats(rows: Sequence[dict[str, Any]], seconds: float) -> dict[str, Any]:
    times = [row["ms"] for row in rows]
    return {
        "requests": len(rows),
        "failures": sum(1 for row in rows if row["failed"]),
        "server_errors": sum(1 for row in rows if row["status"] >= 500),
        "req_per_s": len(rows) / seconds if seconds > 0 else 0.0,
        "p50_ms": percentile(times, 50),
        "p95_ms": percentile(times, 95),
        "p99_ms": percentile(times, 99),
        "mean_ms": sum(times) / len(times),
    }


def summarise(records: Sequence[dict[str, Any]], warmup_s: float = 0.0) -> dict[str, Any]:
    """Throughput, latency percentiles and errors per request type and overall.

    Requests that end in the first `warmup_s` seconds (users logging in, caches filling) are
    left out of latency and throughput, but not out of the error counts nor out of the list of
    request types exercised. The overall figure leaves out the two reference types (they are
    the yardstick, not the workload). Each type's p50 is also given as a ratio to each
    reference's p50.
    """
    if not records:
        raise ValueError("no request was made")
    start = min(row["end"] for row in records)
    measured = [row for row in records if row["end"] >= start + warmup_s] or list(records)
    ends = [row["end"] for row in measured]
    seconds = max(ends) - min(ends) if len(measured) > 1 else 0.0
    by_name: dict[str, list[dict[str, Any]]] = {}
    for row in measured:
        by_name.setdefault(row["name"], []).append(row)
    types = {name: _stats(rows, seconds) for name, rows in sorted(by_name.items())}
    refs = {name: types[name]["p50_ms"] for name in REFERENCES if name in types}
    for stats in types.values():
        for ref, ref_p50 in refs.items():
            key = "p50_over_static" if ref == REFERENCES[0] else "p50_over_login_page"
            stats[key] = stats["p50_ms"] / ref_p50 if ref_p50 > 0 else None
    workload = [row for row in measured if row["name"] not in REFERENCES]
    errors = [row for row in records if row["failed"]]
    exercised = {row["name"] for row in records}
    return {
        "seconds": seconds,
        "warmup_s": warmup_s,
        "requests_total": len(records),
        "failures_total": len(errors),
        "server_errors_total": sum(1 for row in records if row["status"] >= 500),
        "overall": _stats(workload or measured, seconds),
        "types": types,
        "missing_types": [name for name in REQUEST_TYPES if name not in exercised],
        "error_samples": sorted({f"{row['name']}: {row.get('error', '')}" for row in errors})[:10],
    }


def measure(
    node: Node,
    persons: int,
    *,
    users: int,
    run_time: str,
    max_requests: int,
    think: tuple[float, float] = (1.0, 3.0),
    warmup_s: float = 0.0,
    workers: int | None = None,
    work_dir: Path | None = None,
) -> dict[str, Any]:
    """One load run on an already seeded node: fixture, gunicorn, Locust, summary."""
    out = work_dir or Path(tempfile.mkdtemp(prefix="jokko-load-"))
    out.mkdir(parents=True, exist_ok=True)
    # Enough logins for every simulated user of any role to have its own.
    fixture = write_fixture(node, users_per_role=users, persons=persons, out=out / "fixture.json")
    with gunicorn(node, out, workers=workers) as url:
        records = run_locust(
            url,
            fixture,
            out,
            users=users,
            run_time=run_time,
            max_requests=max_requests,
            think=think,
        )
    summary = summarise(records, warmup_s)
    summary["persons_in_database"] = json.loads(fixture.read_text())["persons_in_database"]
    summary["work_dir"] = str(out)
    return summary
