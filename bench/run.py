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
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent / "load"))
from pg import temporary_postgres
from record import commit
from update_readme import main as update_readme

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"


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


def _load_node(backend: str, persons: int, cache: Path) -> Iterator[Any]:
    """The cached seeded node of one backend (the PostgreSQL cluster started around it)."""
    import driver
    from pgcluster import kept_postgres

    base = cache / f"{backend}-{persons}"
    if backend == "sqlite":
        yield driver.Node(f"sqlite:///{base / 'data' / 'jokko.sqlite3'}", base / "data")
        return
    with kept_postgres(base / "pgdata") as url:
        yield driver.Node(url, base / "data")


def load(args: argparse.Namespace) -> list[dict[str, Any]]:
    """Seed (once, cached) and load-test a node per backend; one row per backend."""
    import driver

    rows = []
    for backend in args.backends:
        for node in _load_node(backend, args.persons, Path(args.cache)):
            print(f"== load: {backend}, {args.persons:,} persons", flush=True)
            driver.seed(node, args.persons, args.cases)
            summary = driver.measure(
                node,
                args.persons,
                users=args.users,
                run_time=args.run_time,
                max_requests=args.max_requests,
                think=(args.think[0], args.think[1]),
                warmup_s=args.warmup,
                workers=args.workers,
            )
            rows.append(
                {
                    "backend": backend,
                    # What was measured: the persons actually in the database.
                    "persons": summary["persons_in_database"],
                    "persons_requested": args.persons,
                    "users": args.users,
                    "run_time": args.run_time,
                    "think": args.think,
                    "workers": args.workers or 2 * (os.cpu_count() or 1) + 1,
                    "threads": 2,
                    "cpus": os.cpu_count(),
                    "load_average": list(os.getloadavg()),
                    "seed": driver.seed_info(node),
                    "summary": summary,
                }
            )
            overall = summary["overall"]
            print(
                f"   {overall['req_per_s']:.1f} req/s, p50 {overall['p50_ms']:.0f} ms, "
                f"p95 {overall['p95_ms']:.0f} ms, p99 {overall['p99_ms']:.0f} ms, "
                f"{summary['failures_total']} failed",
                flush=True,
            )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="bench", required=True)
    p = sub.add_parser("people", help="person search and registration")
    p.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    p.add_argument("--backends", nargs="+", default=["sqlite", "postgres"])
    q = sub.add_parser("pprl", help="privacy-preserving linkage: encode and match at N x N")
    q.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    a = sub.add_parser("all", help="every benchmark, one record (bench/results/record.*)")
    a.add_argument("--quick", action="store_true", help="short sizes (about 15 minutes)")
    a.add_argument("--only", nargs="+", help="only these benchmarks (names in bench/record.py)")
    ld = sub.add_parser("load", help="load test: gunicorn + Locust users on N persons")
    ld.add_argument("--persons", type=int, default=1_000_000)
    ld.add_argument("--backends", nargs="+", default=["sqlite", "postgres"])
    ld.add_argument("--users", type=int, default=20)
    ld.add_argument("--run-time", default="60s", help="Locust --run-time, e.g. 60s, 5m")
    ld.add_argument("--max-requests", type=int, default=100_000, help="stop after this many")
    ld.add_argument("--think", type=float, nargs=2, default=[1.0, 3.0], metavar=("MIN", "MAX"))
    ld.add_argument("--warmup", type=float, default=10.0, help="seconds left out of latency")
    ld.add_argument("--cases", type=int, default=600, help="demo cases seeded with the persons")
    ld.add_argument("--workers", type=int, help="gunicorn workers (default: the deploy config)")
    ld.add_argument("--cache", default=str(ROOT / "var" / "bench-load"), help="seeded nodes")
    ld.add_argument("--results", default=str(RESULTS), help="where load.{json,md} go")
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
        "commit": commit(),
        "command": "python bench/run.py " + " ".join(sys.argv[1:]),
    }
    if args.bench == "all":
        import record

        result = record.run_all(args.quick, args.only)
        update_readme()
        print(record.markdown(result))
        return
    if args.bench == "load":
        from report import markdown as load_markdown

        rows = load(args)
        out = Path(args.results)
        out.mkdir(parents=True, exist_ok=True)
        (out / "load.json").write_text(json.dumps({"meta": meta, "rows": rows}, indent=2) + "\n")
        (out / "load.md").write_text(load_markdown(rows, meta))
        print(load_markdown(rows, meta))
        return
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
    # Inside `run.py all` the record updates the README once, at the end.
    if not os.environ.get("JOKKO_BENCH_IN_RECORD"):
        update_readme()
    print(_markdown(rows, meta))


if __name__ == "__main__":
    main()
