"""Timing of the maps' queries on a large synthetic store (not collected by pytest).

Run: JOKKO_DATA_DIR=$(mktemp -d) .venv/bin/python -m tests.maps.bench_maps [cases]

It fills an in-memory DuckDB with the store's schema: `cases` survivors (default 1,000,000)
spread over the gazetteer's towns with routes, and a fifth as many incidents, over three years,
then times each function the map page calls (best of three).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from typing import Any

import django


def main(cases: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jokko.settings")
    django.setup()
    import datetime

    from jokko.analytics.filters import Filters
    from jokko.gazetteer import places
    from jokko.maps import data
    from tests.maps.store import empty_store

    conn = empty_store()
    towns = [p for p in places.all_places() if p.kind == "town"]
    conn.execute(
        "CREATE TEMP TABLE towns (i INTEGER, code VARCHAR, region VARCHAR, country VARCHAR)"
    )
    conn.executemany(
        "INSERT INTO towns VALUES (?, ?, ?, ?)",
        [(i, t.code, t.region, t.country) for i, t in enumerate(towns)],
    )
    n_towns = len(towns)
    conn.execute(
        """INSERT INTO cases (case_id, person_no, person_key, identified_on, place_code,
            region_code, country, origin_code, origin_country, transit_codes, destination_code,
            destination_country, exploitation_types)
        SELECT g, g % $people, 'k' || g,
            DATE '2024-01-01' + CAST(g % 1095 AS INTEGER),
            t.code, t.region, t.country,
            CASE WHEN g % 3 = 0 THEN o.code END, CASE WHEN g % 3 = 0 THEN o.country END,
            CASE WHEN g % 6 = 0 THEN [x.code] ELSE [] END,
            CASE WHEN g % 3 = 0 THEN t.code END, CASE WHEN g % 3 = 0 THEN t.country END,
            ['sexual_exploitation']
        FROM range($cases) r(g)
        JOIN towns t ON t.i = (g * 7919) % $towns
        JOIN towns o ON o.i = (g * 104729) % $towns
        JOIN towns x ON x.i = (g * 15485863) % $towns""",
        {"people": cases * 9 // 10 + 1, "cases": cases, "towns": n_towns},
    )
    conn.execute(
        """INSERT INTO incidents (incident_id, kind, occurred_on, place_code, region_code, country)
        SELECT g, CASE WHEN g % 2 = 0 THEN 'boat_interception' ELSE 'arrest' END,
            DATE '2024-01-01' + CAST(g % 1095 AS INTEGER), t.code, t.region, t.country
        FROM range($incidents) r(g) JOIN towns t ON t.i = (g * 31) % $towns""",
        {"incidents": cases // 5, "towns": n_towns},
    )
    filters = Filters()
    today = datetime.date(2026, 12, 7)
    runs: list[tuple[str, Callable[[], Any]]] = [
        ("hotspot_points (suppressed)", lambda: data.hotspot_points(conn, filters, suppress=True)),
        ("route_flows (suppressed)", lambda: data.route_flows(conn, filters, suppress=True)),
        (
            "region_identifications",
            lambda: data.region_identifications(conn, filters, suppress=True),
        ),
        (
            "emerging_hotspots",
            lambda: data.emerging_hotspots(conn, filters, suppress=True, today=today),
        ),
    ]
    print(f"{cases:,} cases, {cases // 5:,} incidents, {n_towns} towns")
    for name, run in runs:
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            result = run()
            best = min(best, time.perf_counter() - start)
        size = len(result) if isinstance(result, list) else len(result["places"])
        print(f"{name:32s} {best * 1000:8.1f} ms  ({size} rows)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
