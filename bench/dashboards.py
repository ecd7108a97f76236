# ruff: noqa: S608 - SQL built from this file's constants, never from input
"""Dashboards benchmark: ``.venv/bin/python bench/dashboards.py`` (not part of the tests).

Times every real dashboard of `jokko.dashboards` on the synthetic store of
`bench/analytics.py` (1M survivors / 10M events by default, generated inside DuckDB), against
a reference measured in the same run (a plain DuckDB scan, ``SELECT sex, count(*) FROM cases
GROUP BY sex``), so that ratios stay comparable across machines:

* **computed** (no cache): `jokko.dashboards.data.compute`, suppressed as an analyst sees it,
  all time and one quarter; and, for comparison, the same charts computed one
  `Indicator.table` at a time (what a dashboard would cost without `Indicator.tables`' one
  scan per indicator);
* **refresh + warm**: an incremental refresh through `jokko.analytics.store` (nothing changed),
  whose `refreshed` signal computes the default view of every dashboard (exact and suppressed);
* **page after refresh**: the whole page through Django (routing, session, template, labels) for
  a coordinator, default view (served from the warmed figures); and the same in "another
  process" (memory cleared before each request: the figures stored beside the store at refresh
  are read and finished);
* **page, new filter**: the page with a quarter not asked for before (figures computed on
  demand): the worst case a user meets.

Writes bench/results/dashboards.json and dashboards.md and prints the markdown.
Options: ``--persons 1000000 --events 10000000``.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
sys.path.insert(0, str(ROOT / "bench"))

import analytics as analytics_bench  # noqa: E402 (bench/analytics.py: the same synthetic store)


def _best(fn: Any, repeat: int = 3) -> float:
    return float(analytics_bench._best(fn, repeat))


def time_dashboards(store_file: Path) -> dict[str, Any]:
    import duckdb
    from django.test import Client
    from django.test.utils import setup_test_environment

    from jokko.accounts.models import Organisation, User
    from jokko.analytics import store
    from jokko.analytics.catalogue import INDICATORS
    from jokko.analytics.filters import Filters
    from jokko.dashboards import data
    from jokko.dashboards.specs import DASHBOARDS, FIGURES, FUNNEL

    conn = duckdb.connect(str(store_file), read_only=True)
    reference = _best(
        lambda: conn.execute("SELECT sex, count(*) FROM cases GROUP BY sex").fetchall()
    )
    quarter = Filters(start=datetime.date(2024, 4, 1), end=datetime.date(2024, 6, 30))

    def one_table_at_a_time(dashboard: Any, filters: Filters) -> None:
        for chart in dashboard.charts:
            if chart.kind in (FUNNEL, FIGURES):
                for code in chart.steps:
                    INDICATORS[code].table(conn, filters)
            else:
                INDICATORS[chart.indicator].table(conn, filters, [chart.by])

    rows: list[dict[str, Any]] = []
    for dashboard in DASHBOARDS:
        rows.append(
            {
                "dashboard": dashboard.slug,
                "charts": len(dashboard.charts),
                "indicators": len(dashboard.indicator_codes()),
                "computed_s": _best(
                    lambda d=dashboard: data.compute(conn, d, Filters(), suppress=True)
                ),
                "computed_quarter_s": _best(
                    lambda d=dashboard: data.compute(conn, d, quarter, suppress=True)
                ),
                "one_table_at_a_time_s": _best(
                    lambda d=dashboard: one_table_at_a_time(d, Filters())
                ),
            }
        )
        print(rows[-1], flush=True)
    conn.close()

    # Through the real refresh (nothing changed) and its warming of every default view.
    data.clear_cache()
    started = time.perf_counter()
    report = store.refresh(triggered_by="bench")
    refresh_and_warm = time.perf_counter() - started
    warmed_views = len(data._cache)

    setup_test_environment()
    organisation = Organisation.objects.create(name="Bench", kind="ministry", country="SN")
    user = User.objects.create_user(
        username="bench-coordinator",
        password=None,  # never logs in with a password: force_login below
        role="coordinator",
        organisation=organisation,
    )
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = "fr"
    quarters = iter(f"{year}-Q{q}" for year in range(2019, 2026) for q in (1, 2, 3, 4))
    for row in rows:
        path = (
            "/dashboards/" if row["dashboard"] == "overview" else f"/dashboards/{row['dashboard']}/"
        )

        def get(url: str) -> None:
            response = client.get(url)
            if response.status_code != 200:
                raise RuntimeError(f"{url}: HTTP {response.status_code}")

        row["page_after_refresh_s"] = _best(lambda p=path: get(p))
        # Another server process: nothing in memory, the figures stored at refresh are read.
        row["page_other_process_s"] = _best(lambda p=path: (data.clear_cache(), get(p)))
        # A quarter never asked for before, each time: the figures are computed on demand.
        row["page_new_filter_s"] = _best(lambda p=path: get(f"{p}?quarter={next(quarters)}"))
        print(row, flush=True)
    return {
        "reference_scan_s": reference,
        "dashboards": rows,
        "refresh_changes": report.changes,
        "refresh_and_warm_s": refresh_and_warm,
        "warmed_views": warmed_views,
    }


def markdown(result: dict[str, Any]) -> str:
    ref = result["scale"]["reference_scan_s"]
    lines = [
        f"Dashboards, {result['persons']:,} survivors / {result['events']:,} events "
        f"({result['machine']}, {result['date']}). Reference: plain DuckDB scan "
        f"`SELECT sex, count(*) FROM cases GROUP BY sex` = {ref * 1000:.1f} ms. "
        "Best of 3; page times through Django as a coordinator (session, template, labels).",
        "",
        "| dashboard | charts | computed, all time (ms) | x ref | computed, one quarter (ms) "
        "| one table at a time (ms) | page after refresh (ms) | same, another process (ms) "
        "| page, new filter (ms) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in result["scale"]["dashboards"]:
        lines.append(
            f"| {row['dashboard']} | {row['charts']} | {row['computed_s'] * 1000:.0f} | "
            f"{row['computed_s'] / ref:.0f} | {row['computed_quarter_s'] * 1000:.0f} | "
            f"{row['one_table_at_a_time_s'] * 1000:.0f} | "
            f"{row['page_after_refresh_s'] * 1000:.0f} | "
            f"{row['page_other_process_s'] * 1000:.0f} | {row['page_new_filter_s'] * 1000:.0f} |"
        )
    scale = result["scale"]
    lines += [
        "",
        f"Incremental refresh with nothing to apply, then warming the default view of every "
        f"dashboard ({scale['warmed_views']} views, exact and suppressed): "
        f"{scale['refresh_and_warm_s']:.2f} s.",
        "",
        f"Command: `{result['command']}`",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--events", type=int, default=10_000_000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="jokko-bench-dashboards-"))
    try:
        analytics_bench._setup(work)
        from django.conf import settings

        store_file = Path(settings.DATA_DIR) / "analytics.duckdb"
        started = time.perf_counter()
        counts = analytics_bench.build_synthetic_store(store_file, args.persons, args.events)
        print(f"generated {counts} in {time.perf_counter() - started:.1f} s", flush=True)
        scale = time_dashboards(store_file)
        events = sum(counts[t] for t in ("case_steps", "referrals", "services", "followups"))
        result = {
            "date": datetime.date.today().isoformat(),
            "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}",
            "command": f"python bench/dashboards.py --persons {args.persons} "
            f"--events {args.events}",
            "persons": counts["cases"],
            "events": events,
            "rows": counts,
            "scale": scale,
        }
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / "dashboards.json").write_text(json.dumps(result, indent=1, default=str))
        table = markdown(result)
        (RESULTS / "dashboards.md").write_text(table + "\n")
        print(table)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
