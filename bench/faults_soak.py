"""Soak version of the fault tests: many SIGKILL rounds, then the whole fault suite.

CI runs `tests/faults/` with 2 kill rounds so it stays within its time limit. This runs the
same tests with many rounds (each round: concurrent API writes, SIGKILL of the server, restart)
on SQLite and, with `--pg URL` (a PostgreSQL 15 server; a database per node is created on it),
on PostgreSQL, and writes what was injected and what was lost to `bench/results/faults_soak.md`.

    .venv/bin/python bench/faults_soak.py --rounds 20
    .venv/bin/python bench/faults_soak.py --rounds 20 --pg postgresql://postgres@127.0.0.1:55433/x

"Lost" is read from the tests' assertions: any acknowledged write missing, duplicated or
half-written, any bulletin applied twice, any audit chain broken, fails the run.
"""

from __future__ import annotations

import argparse
import datetime
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"


def run(rounds: int, database_url: str) -> tuple[bool, float, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("JOKKO_")}
    env["JOKKO_FAULTS_KILL_ROUNDS"] = str(rounds)
    if database_url:
        env["JOKKO_DATABASE_URL"] = database_url
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "tests/faults", "-q", "-p", "no:cacheprovider"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr[-500:]
    return done.returncode == 0, time.monotonic() - started, summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--pg", default="", help="a PostgreSQL URL to run on as well")
    options = parser.parse_args()
    lines = [
        "# Fault soak",
        "",
        f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, "
        f"{options.rounds} SIGKILL rounds of the server under concurrent writes, plus the "
        "partition, storage and backup/restore fault tests.",
        "",
        "| Database | Result | Time | pytest |",
        "|---|---|---|---|",
    ]
    ok_all = True
    for name, url in [("SQLite", ""), ("PostgreSQL", options.pg)]:
        if name == "PostgreSQL" and not url:
            continue
        ok, seconds, summary = run(options.rounds, url)
        ok_all &= ok
        verdict = "nothing lost" if ok else "FAILED (see pytest output)"
        lines.append(f"| {name} | {verdict} | {seconds:.0f} s | {summary} |")
        print(lines[-1], flush=True)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "faults_soak.md").write_text("\n".join(lines) + "\n")
    sys.exit(0 if ok_all else 1)


if __name__ == "__main__":
    main()
