# ruff: noqa: S608 - SQL built from this file's constants and integer sizes, never from input
"""Analytical store benchmark: ``.venv/bin/python bench/analytics.py`` (not part of the tests).

Two parts, each timed against a reference measured in the same run so that ratios stay
comparable across machines:

1. **Indicators at scale.** 1M survivors / 10M events (status steps, referrals, services,
   follow-ups) plus incidents, trainings and reports are generated synthetically straight into
   the store's DuckDB tables (the same schema `jokko.analytics.store` builds). Every catalogue
   indicator is computed (total, and by its first disaggregation), and a "dashboard" — the set
   of queries a survivors/referrals dashboard runs (by quarter, form, sex, age band,
   nationality, region; referral funnel and median time per step; services; returns; school)
   — is timed as one page would run it. Reference: a plain DuckDB scan
   (``SELECT sex, count(*) FROM cases GROUP BY sex``).
2. **Incremental vs full refresh through the real code.** N cases (default 20,000, with
   persons, status history and services) are bulk-loaded into a throwaway SQLite operational
   database; `store.refresh(full=True)` is timed; then 1,000 cases are changed through the ORM
   (signals write the change log) and `store.refresh()` is timed — once on a store of N cases
   and once on the 1M-case store of part 1 (the changed rows replace rows there), which shows
   that refresh time follows what changed, not the size of the store. Reference: the same
   1,000 cases read through the ORM (``list(Case.objects.filter(pk__in=...))``).

Writes bench/results/analytics.json and analytics.md, prints the markdown table.
Options: ``--persons 1000000 --events 10000000 --orm-cases 20000 --changes 1000``.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import json
import os
import platform
import re
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"


def _setup(data_dir: Path) -> None:
    os.environ["JOKKO_DATA_DIR"] = str(data_dir)
    os.environ["JOKKO_DATABASE_URL"] = f"sqlite:///{data_dir / 'bench.sqlite3'}"
    os.environ.setdefault("JOKKO_NODE_COUNTRY", "SN")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jokko.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _best(fn: Callable[[], Any], repeat: int = 3) -> float:
    """Best of `repeat` wall times (the machine is shared: the best is the least disturbed)."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


# --------------------------------------------------------------------------------------------
# Part 1: synthetic store at scale


def _places_table(conn: Any) -> int:
    import pyarrow as pa

    from jokko.gazetteer import places

    towns = [p for p in places.all_places() if p.kind == "town"]
    table = pa.table(
        {
            "idx": list(range(len(towns))),
            "code": [p.code for p in towns],
            "region": [p.region for p in towns],
            "country": [p.country for p in towns],
        }
    )
    conn.register("_places", table)
    conn.execute("CREATE TEMP TABLE places AS SELECT * FROM _places")
    conn.unregister("_places")
    return len(towns)


class _SignedHashes:
    """A DuckDB connection whose SQL may use hash(...) as a signed integer (list indexes)."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn

    def execute(self, statement: str, params: list[Any] | None = None) -> Any:
        signed = re.sub(r"hash\(([^()]*)\)", r"CAST(hash(\1) >> 1 AS BIGINT)", statement)
        return self.conn.execute(signed, params or [])


def build_synthetic_store(path: Path, persons: int, events: int) -> dict[str, int]:
    """Fill the store's tables with generated rows, entirely inside DuckDB (seconds, not hours)."""
    import duckdb

    from jokko.analytics import store

    if path.exists():
        path.unlink()
    raw = duckdb.connect(str(path))
    store._create_schema(raw)
    conn = _SignedHashes(raw)
    n_places = _places_table(raw)
    forms = [
        "sexual_exploitation",
        "forced_labour_gold_mining",
        "forced_begging_talibe",
        "domestic_servitude",
        "forced_labour_fishing",
        "child_marriage",
    ]
    statuses = ["identified", "screened", "assistance", "return", "reintegration", "closed"]
    nats = ["SN", "NG", "ML", "GN", "GM", "MR", "NE", "BF", "CI", "SL"]
    bands = ["0-11", "12-17", "18-24", "25-34", "35-49", "50+", "unknown"]
    conn.execute(
        f"""
        INSERT INTO cases BY NAME
        SELECT i AS case_id,
               md5(CAST(i AS VARCHAR))[:32] AS person_key,
               1 + hash(i, 1) % 40 AS organisation_id,
               'shelter' AS organisation_kind,
               {statuses}[1 + hash(i, 2) % 6] AS status,
               'tip' AS case_type,
               'police' AS identification_source,
               DATE '2019-01-01' + CAST(hash(i, 3) % 2500 AS INTEGER) AS identified_on,
               year(identified_on) AS year,
               CAST(year(identified_on) AS VARCHAR) || '-Q'
                   || CAST(quarter(identified_on) AS VARCHAR) AS quarter,
               p.code AS place_code, p.region AS region_code, p.country AS country,
               NULL AS origin_code, NULL AS destination_code,
               [] AS transit_codes,
               CASE WHEN hash(i, 4) % 5 = 0
                    THEN [{forms}[1 + hash(i, 5) % 6], {forms}[1 + hash(i, 6) % 6]]
                    ELSE [{forms}[1 + hash(i, 5) % 6]] END AS exploitation_types,
               [] AS means_of_control,
               CASE WHEN hash(i, 7) % 3 = 0 THEN 'male' ELSE 'female' END AS sex,
               {bands}[1 + hash(i, 8) % 7] AS age_band,
               {nats}[1 + hash(i, 9) % 10] AS nationality,
               NULL AS closed_on,
               age_band IN ('0-11', '12-17') AS is_child,
               NULL AS origin_country, NULL AS destination_country,
               i AS person_no
        FROM range(1, {persons} + 1) t(i)
        JOIN places p ON p.idx = hash(i, 10) % {n_places}
        """
    )
    per_case = max(1, events // persons)  # 10 events per survivor at 1M / 10M
    steps = max(1, per_case * 4 // 10)
    referrals = max(1, per_case * 2 // 10)
    services = max(1, per_case * 3 // 10)
    followups = max(1, per_case - steps - referrals - services)
    conn.execute(
        f"""
        INSERT INTO case_steps BY NAME
        SELECT *, (epoch(s.at) - epoch(lag(s.at) OVER (PARTITION BY s.case_id
                   ORDER BY s.at, s.event_id))) / 86400.0 AS days_since_previous
        FROM (
            SELECT c.case_id, {statuses}[k] AS step,
                   CAST(c.identified_on AS TIMESTAMP)
                       + to_days(CAST((k - 1) * (1 + hash(c.case_id, k) % 9) AS INTEGER)) AS at,
                   c.case_id * 10 + k AS event_id, NULL AS from_step
            FROM cases c, range(1, {steps} + 1) r(k)
        ) s
        """
    )
    conn.execute(
        f"""
        INSERT INTO referrals BY NAME
        SELECT c.case_id * 10 + k AS referral_id, c.case_id,
               ['medical', 'shelter', 'legal_aid', 'psychosocial'][1 + hash(c.case_id, k, 1) % 4]
                   AS service_type,
               1 + hash(c.case_id, k, 2) % 40 AS to_organisation_id,
               ['sent', 'accepted', 'completed', 'refused'][1 + hash(c.case_id, k, 3) % 4]
                   AS status,
               CAST(c.identified_on AS TIMESTAMP) + to_hours(CAST(hash(c.case_id, k, 4) % 200
                   AS INTEGER)) AS created_at,
               created_at + to_hours(CAST(1 + hash(c.case_id, k, 5) % 300 AS INTEGER))
                   AS responded_at,
               NULL AS completed_at,
               c.identified_on + 14 AS due_on,
               (epoch(responded_at) - epoch(created_at)) / 86400.0 AS response_days
        FROM cases c, range(1, {referrals} + 1) s(k)
        """
    )
    conn.execute(
        f"""
        INSERT INTO services BY NAME
        SELECT c.case_id * 10 + k AS service_id, c.case_id,
               ['medical', 'shelter', 'legal_aid', 'psychosocial', 'education']
                   [1 + hash(c.case_id, k, 6) % 5] AS service_type,
               c.identified_on + CAST(hash(c.case_id, k, 7) % 60 AS INTEGER) AS delivered_on,
               1 + hash(c.case_id, k, 8) % 40 AS provider_id, NULL AS referral_id
        FROM cases c, range(1, {services} + 1) s(k)
        """
    )
    conn.execute(
        f"""
        INSERT INTO followups BY NAME
        SELECT c.case_id * 10 + k AS followup_id, c.case_id,
               ['schooling', 'livelihood', 'family_reunification'][1 + hash(c.case_id, k, 9) % 3]
                   AS kind,
               'done' AS status, c.identified_on + 90 AS due_on, c.identified_on + 95 AS done_on,
               kind = 'schooling' AS in_school
        FROM cases c, range(1, {followups} + 1) s(k)
        """
    )
    conn.execute(
        """
        INSERT INTO returns BY NAME
        SELECT case_id AS return_id, case_id, 'travelled' AS status, nationality
                   AS destination_country, identified_on + 45 AS travelled_on,
               NULL AS destination_place_code
        FROM cases WHERE status IN ('return', 'reintegration') AND nationality <> 'SN'
        """
    )
    small = max(1000, persons // 20)
    conn.execute(
        f"""
        INSERT INTO incidents BY NAME
        SELECT i AS incident_id, ['boat_interception', 'raid_rescue', 'arrest'][1 + hash(i) % 3]
                   AS kind,
               DATE '2019-01-01' + CAST(hash(i, 1) % 2500 AS INTEGER) AS occurred_on,
               p.code AS place_code, p.region AS region_code, p.country AS country,
               [['tip', 'som'][1 + hash(i, 2) % 2]] AS offences,
               CAST(hash(i, 3) % 4 AS INTEGER) AS suspects,
               CAST(hash(i, 4) % 6 AS INTEGER) AS survivors,
               CAST(hash(i, 5) % 90 AS INTEGER) AS migrants, 1 AS unit_id
        FROM range(1, {small} + 1) t(i) JOIN places p ON p.idx = hash(i, 6) % {n_places}
        """
    )
    conn.execute(
        f"""
        INSERT INTO reports BY NAME
        SELECT i AS report_id, ['hotline', 'committee', 'sms'][1 + hash(i) % 3] AS channel,
               'normal' AS urgency, ['new', 'case', 'dismissed', 'duplicate'][1 + hash(i, 1) % 4]
                   AS status,
               p.code AS place_code,
               TIMESTAMP '2019-01-01' + to_hours(CAST(hash(i, 2) % 60000 AS INTEGER))
                   AS received_at,
               NULL AS triaged_at, CASE WHEN status = 'case' THEN i END AS case_id,
               NULL AS incident_id, p.region AS region_code, p.country AS country,
               'tip' AS suspected_offence
        FROM range(1, {small * 2} + 1) t(i) JOIN places p ON p.idx = hash(i, 3) % {n_places}
        """
    )
    conn.execute(
        f"""
        INSERT INTO prosecutions BY NAME
        SELECT i AS prosecution_id, DATE '2019-01-01' + CAST(hash(i) % 2500 AS INTEGER)
                   AS opened_on,
               'decided' AS status, [['tip', 'som'][1 + hash(i, 1) % 2]] AS offences,
               1 AS defendants
        FROM range(1, {small // 5} + 1) t(i);
        INSERT INTO verdicts BY NAME
        SELECT prosecution_id AS verdict_id, prosecution_id,
               ['convicted', 'acquitted'][1 + hash(prosecution_id) % 2] AS outcome,
               opened_on + 200 AS decided_on, offences[1] AS offence
        FROM prosecutions;
        INSERT INTO trainings BY NAME
        SELECT i AS event_id, ['legal', 'investigation', 'victims'][1 + hash(i) % 3] AS topic,
               ['police', 'magistrates', 'mixed'][1 + hash(i, 1) % 3] AS audience,
               ['SN', 'MR', 'ML'][1 + hash(i, 2) % 3] AS country,
               DATE '2019-01-01' + CAST(hash(i, 3) % 2500 AS INTEGER) AS start_on,
               hash(i, 4) % 10 = 0 AS is_tot, NULL AS place_code, NULL AS end_on,
               NULL AS region_code
        FROM range(1, {small // 50} + 1) t(i);
        INSERT INTO attendances BY NAME
        SELECT 1 + hash(i) % {small // 50} AS event_id, md5('p' || CAST(i AS VARCHAR))[:32]
                   AS participant_key,
               CASE WHEN hash(i, 1) % 2 = 0 THEN 'female' ELSE 'male' END AS sex,
               'agency' AS agency, ['SN', 'MR', 'ML'][1 + hash(i, 2) % 3] AS country,
               'trainee' AS role, i AS attendance_id, TRUE AS completed
        FROM range(1, {small * 2} + 1) t(i);
        """
    )
    conn.execute("INSERT INTO store_meta VALUES (?, 0, now(), now(), 'SN')", [store.SCHEMA_VERSION])
    counts = {
        table: int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
        for table in store.TABLES
    }
    conn.execute("CHECKPOINT")
    raw.close()
    return counts


DASHBOARD: list[tuple[str, str | None]] = [
    ("survivors_identified", None),
    ("survivors_identified", "quarter"),
    ("survivors_identified", "exploitation_type"),
    ("survivors_identified", "sex"),
    ("survivors_identified", "age_band"),
    ("survivors_identified", "nationality"),
    ("survivors_identified", "region"),
    ("survivors_referred", None),
    ("survivors_assisted", None),
    ("voluntary_returns", None),
    ("survivors_in_school", None),
    ("referral_response_days", "service_type"),
    ("case_step_days", "step"),
    ("services_delivered", "service_type"),
]
"""What a survivors/referral dashboard page computes (the dashboards app's own set may differ)."""


def time_indicators(path: Path) -> dict[str, Any]:
    import duckdb

    from jokko.analytics.catalogue import INDICATORS
    from jokko.analytics.filters import Filters

    conn = duckdb.connect(str(path), read_only=True)
    reference = _best(
        lambda: conn.execute("SELECT sex, count(*) FROM cases GROUP BY sex").fetchall()
    )
    year = Filters(start=datetime.date(2024, 1, 1), end=datetime.date(2024, 12, 31))
    rows = []
    for code, indicator in INDICATORS.items():
        by = indicator.disaggregations[0]
        total = _best(functools.partial(indicator.compute, conn, Filters()))
        grouped = _best(functools.partial(indicator.compute, conn, year, by=by))
        suppressed = _best(functools.partial(indicator.table, conn, year, by))
        rows.append(
            {
                "indicator": code,
                "total_s": total,
                "by": by,
                "by_year_s": grouped,
                "suppressed_table_s": suppressed,
            }
        )

    def dashboard() -> None:
        for code, by in DASHBOARD:
            INDICATORS[code].table(conn, year, [by] if by else [])

    page = _best(dashboard)
    conn.close()
    return {"reference_scan_s": reference, "indicators": rows, "dashboard_s": page}


# --------------------------------------------------------------------------------------------
# Part 2: incremental vs full refresh through jokko.analytics.store


def load_operational(cases: int) -> list[int]:
    """Bulk-load `cases` survivors with a case, 3 status steps and 2 services each."""
    from django.db import transaction

    from jokko.accounts.models import Organisation, User
    from jokko.cases.models import Case, CaseEvent, ServiceDelivery
    from jokko.people.models import Person

    shelter = Organisation.objects.create(name="Centre", kind="shelter", country="SN")
    user = User.objects.create_user(username="bench", role="case_worker", organisation=shelter)
    batch = 5000
    ids: list[int] = []
    for start in range(0, cases, batch):
        size = min(batch, cases - start)
        with transaction.atomic():
            persons = Person.objects.bulk_create(
                [
                    Person(
                        pseudonym=f"P-{start + k:08d}",
                        owner_organisation=shelter,
                        roles=",survivor,",
                        sex="female" if k % 3 else "male",
                        birth_year=1990 + k % 30,
                        nationality=["SN", "NG", "ML", "GN"][k % 4],
                    )
                    for k in range(size)
                ]
            )
            made = Case.objects.bulk_create(
                [
                    Case(
                        reference=f"B-{start + k:08d}",
                        person=person,
                        organisation=shelter,
                        status="assistance",
                        case_type="tip",
                        identification_source="police",
                        identified_on=datetime.date(2024, 1, 1) + datetime.timedelta(days=k % 365),
                        place_code="SN-KE-KEDOUGOU",
                        exploitation_types=["sexual_exploitation"],
                    )
                    for k, person in enumerate(persons)
                ]
            )
            CaseEvent.objects.bulk_create(
                [
                    CaseEvent(case=case, to_status=step)
                    for case in made
                    for step in ("identified", "screened", "assistance")
                ]
            )
            ServiceDelivery.objects.bulk_create(
                [
                    ServiceDelivery(
                        case=case,
                        service_type=service,
                        delivered_on=case.identified_on,
                        provider=shelter,
                        recorded_by=user,
                    )
                    for case in made
                    for service in ("medical", "shelter")
                ]
            )
            ids += [case.pk for case in made]
    return ids


def change_cases(ids: list[int]) -> None:
    """Change each case through the ORM (signals write the change log), one transaction."""
    from django.db import transaction

    from jokko.cases.models import Case

    with transaction.atomic():
        for case in Case.objects.filter(pk__in=ids):
            case.status = "reintegration" if case.status != "reintegration" else "assistance"
            case.save(update_fields=["status"])


def time_refresh(orm_cases: int, changes: int, big_store: Path) -> dict[str, Any]:
    from django.conf import settings

    from jokko.analytics import store
    from jokko.analytics.models import Change
    from jokko.cases.models import Case

    started = time.perf_counter()
    ids = load_operational(orm_cases)
    load_s = time.perf_counter() - started
    Change.objects.all().delete()
    changed = ids[:: max(1, len(ids) // changes)][:changes]
    reference = _best(lambda: list(Case.objects.filter(pk__in=changed)))

    settings.JOKKO_ANALYTICS_PATH = Path(settings.DATA_DIR) / "small.duckdb"
    full = store.refresh(full=True)
    change_cases(changed)
    incremental = store.refresh()

    # The same kind of change applied to the 1M-case store: only those rows are rewritten.
    settings.JOKKO_ANALYTICS_PATH = big_store
    change_cases(changed)
    incremental_big = store.refresh()
    return {
        "orm_cases": orm_cases,
        "operational_load_s": load_s,
        "changes": changes,
        "reference_orm_read_s": reference,
        "full_rebuild_s": full.duration_s,
        "full_rebuild_rows": full.total_rows,
        "incremental_s": incremental.duration_s,
        "incremental_rows": incremental.total_rows,
        "incremental_on_big_store_s": incremental_big.duration_s,
        "incremental_on_big_store_rows": incremental_big.total_rows,
        "full_rebuild_per_case_ms": 1000 * full.duration_s / orm_cases,
    }


# --------------------------------------------------------------------------------------------


def markdown(result: dict[str, Any]) -> str:
    scale = result["scale"]
    ref = scale["reference_scan_s"]
    lines = [
        f"Analytical store, {result['persons']:,} survivors / {result['events']:,} events "
        f"({result['machine']}, {result['date']}). Reference: plain DuckDB scan "
        f"`SELECT sex, count(*) FROM cases GROUP BY sex` = {ref * 1000:.1f} ms.",
        "",
        "| indicator | total (ms) | x ref | by (one year) | ms | suppressed table (ms) |",
        "|---|---:|---:|---|---:|---:|",
    ]
    for row in scale["indicators"]:
        lines.append(
            f"| {row['indicator']} | {row['total_s'] * 1000:.1f} | {row['total_s'] / ref:.1f} "
            f"| {row['by']} | {row['by_year_s'] * 1000:.1f} | "
            f"{row['suppressed_table_s'] * 1000:.1f} |"
        )
    lines += [
        "",
        f"Dashboard query set ({len(DASHBOARD)} suppressed tables, one year): "
        f"**{scale['dashboard_s'] * 1000:.0f} ms** ({scale['dashboard_s'] / ref:.0f} x ref; "
        "goal < 1 s).",
        "",
    ]
    r = result["refresh"]
    lines += [
        f"Refresh through `jokko.analytics.store` ({r['orm_cases']:,} operational cases in "
        f"SQLite, {r['changes']:,} changed cases; reference: reading those cases through the "
        f"ORM = {r['reference_orm_read_s'] * 1000:.1f} ms):",
        "",
        "| refresh | rows written | seconds | x ref | vs full rebuild |",
        "|---|---:|---:|---:|---:|",
        f"| full rebuild, {r['orm_cases']:,} cases | {r['full_rebuild_rows']:,} | "
        f"{r['full_rebuild_s']:.2f} | {r['full_rebuild_s'] / r['reference_orm_read_s']:.0f} | 1 |",
        f"| incremental, {r['changes']:,} changed cases | {r['incremental_rows']:,} | "
        f"{r['incremental_s']:.2f} | {r['incremental_s'] / r['reference_orm_read_s']:.0f} | "
        f"{r['incremental_s'] / r['full_rebuild_s']:.3f} |",
        f"| incremental, {r['changes']:,} changed cases, on the {result['persons']:,}-case store "
        f"| {r['incremental_on_big_store_rows']:,} | {r['incremental_on_big_store_s']:.2f} | "
        f"{r['incremental_on_big_store_s'] / r['reference_orm_read_s']:.0f} | "
        f"{r['incremental_on_big_store_s'] / r['full_rebuild_s']:.3f} |",
        "",
        f"A full rebuild costs {r['full_rebuild_per_case_ms']:.2f} ms per case through the ORM "
        f"(about {r['full_rebuild_per_case_ms'] * result['persons'] / 1000:.0f} s for "
        f"{result['persons']:,} cases, extrapolated).",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--orm-cases", type=int, default=20_000)
    parser.add_argument("--changes", type=int, default=1_000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="jokko-bench-analytics-"))
    try:
        _setup(work)
        big = work / "big.duckdb"
        started = time.perf_counter()
        counts = build_synthetic_store(big, args.persons, args.events)
        generated_s = time.perf_counter() - started
        print(f"generated {counts} in {generated_s:.1f} s", flush=True)
        scale = time_indicators(big)
        print(f"dashboard set: {scale['dashboard_s']:.3f} s", flush=True)
        refresh = time_refresh(args.orm_cases, args.changes, big)
        events = sum(counts[t] for t in ("case_steps", "referrals", "services", "followups"))
        result = {
            "date": datetime.date.today().isoformat(),
            "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}",
            "command": "python bench/analytics.py "
            f"--persons {args.persons} --events {args.events} --orm-cases {args.orm_cases} "
            f"--changes {args.changes}",
            "persons": counts["cases"],
            "events": events,
            "rows": counts,
            "generation_s": generated_s,
            "store_mb": round(big.stat().st_size / 1e6, 1),
            "scale": scale,
            "refresh": refresh,
            "median_indicator_ms": statistics.median(
                row["total_s"] * 1000 for row in scale["indicators"]
            ),
        }
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / "analytics.json").write_text(json.dumps(result, indent=1, default=str))
        table = markdown(result)
        (RESULTS / "analytics.md").write_text(table + "\n")
        print(table)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
