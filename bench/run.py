"""Run Jokko's benchmarks and write `bench/results/<name>.{json,md}`.

Each measurement runs in its own process with its own database, because Django settings are
per process. See bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pg import temporary_postgres
from update_readme import main as update_readme

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"


def _commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def _machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def _run_worker(backend: str, size: int, database_url: str) -> dict[str, Any]:
    data_dir = tempfile.mkdtemp(prefix="jokko-bench-")
    env = {
        **os.environ,
        "JOKKO_DATABASE_URL": database_url,
        "JOKKO_DATA_DIR": data_dir,
        "DJANGO_SETTINGS_MODULE": "jokko.settings",
    }
    print(f"== people: {backend}, {size:,} persons", flush=True)
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "people_worker.py"), str(size)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"worker failed:\n{result.stderr[-4000:]}")
    row: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    row["backend"] = backend
    print(json.dumps(row, indent=1), flush=True)
    return row


def people(sizes: list[int], backends: list[str]) -> list[dict[str, Any]]:
    rows = []
    for backend in backends:
        for size in sizes:
            if backend == "sqlite":
                path = Path(tempfile.mkdtemp(prefix="jokko-bench-db-")) / "bench.sqlite3"
                rows.append(_run_worker(backend, size, f"sqlite:///{path}"))
            else:
                with temporary_postgres() as url:
                    rows.append(_run_worker(backend, size, url))
    return rows


def _markdown(rows: list[dict[str, Any]], meta: dict[str, str]) -> str:
    lines = [
        f"Machine: {meta['machine']} · date: {meta['date']} · commit: {meta['commit']}",
        f"Command: `{meta['command']}`",
        "",
        "| backend | persons | load (persons/s) | exact search p50 / p95 ms "
        "| fuzzy search p50 / p95 ms | fuzzy recall@20 | pk lookup p50 ms (ref) "
        "| exact ÷ ref | fuzzy ÷ ref "
        "| registrations/s | one-row insert/s (ref) | registration cost ÷ ref |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['backend']} | {r['persons']:,} | {r['load_per_s']:,.0f} "
            f"| {r['exact_p50_ms']:.2f} / {r['exact_p95_ms']:.2f} "
            f"| {r['fuzzy_p50_ms']:.2f} / {r['fuzzy_p95_ms']:.2f} | {r['fuzzy_recall']:.2f} "
            f"| {r['ref_pk_p50_ms']:.3f} | {r['exact_p50_ms'] / r['ref_pk_p50_ms']:.0f}x "
            f"| {r['fuzzy_p50_ms'] / r['ref_pk_p50_ms']:.0f}x "
            f"| {r['registrations_per_s']:.1f} | {r['ref_insert_per_s']:.0f} "
            f"| {r['ref_insert_per_s'] / r['registrations_per_s']:.1f}x |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="bench", required=True)
    p = sub.add_parser("people", help="person search and registration")
    p.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    p.add_argument("--backends", nargs="+", default=["sqlite", "postgres"])
    q = sub.add_parser("pprl", help="privacy-preserving linkage: encode and match at N x N")
    q.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    sub.add_parser(
        "linkage",
        help="linkage quality (Jokko, Splink standard, CLK) and plaintext scale; "
        "options: see bench/linkage_quality.py --help",
    )
    if sys.argv[1:2] == ["linkage"]:
        import linkage_quality

        linkage_quality.main(sys.argv[2:])
        return
    args = parser.parse_args()
    meta = {
        "machine": _machine(),
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": _commit(),
        "command": "python bench/run.py " + " ".join(sys.argv[1:]),
    }
    if args.bench == "pprl":
        import linkage_scale

        rows = [linkage_scale.measure(size) for size in args.sizes]
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / "pprl.json").write_text(json.dumps({"meta": meta, "rows": rows}, indent=2))
        (RESULTS / "pprl.md").write_text(linkage_scale.markdown(rows, meta))
        print(linkage_scale.markdown(rows, meta))
        return
    rows = people(args.sizes, args.backends)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "people.json").write_text(json.dumps({"meta": meta, "rows": rows}, indent=2) + "\n")
    (RESULTS / "people.md").write_text(_markdown(rows, meta))
    update_readme()
    print(_markdown(rows, meta))


if __name__ == "__main__":
    main()
