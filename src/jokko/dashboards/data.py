"""A dashboard's figures, computed from the indicator catalogue on the analytical store.

Why a cache: a dashboard is a dozen indicator tables over millions of rows; the store only
changes when a refresh commits, so the figures for one (store version, dashboard, filters,
suppression) never change in between. Results are kept in this process under the store's
version (`jokko.analytics.store.version`) and today's date (overdue work depends on it), and
the default view of every dashboard (no filter, exact and suppressed, from one set of queries)
is computed again as soon as a refresh commits (`warm`, connected to `store.refreshed`), so
"the first page after a refresh" is already computed when someone asks for it.

Why one query per indicator: `Indicator.tables` groups every single disaggregation of one
indicator in one scan (GROUPING SETS), so the survivors dashboard reads `cases` twice (once
for the scalar breakdowns, once for the forms of exploitation, a list) instead of seven times.
"""

from __future__ import annotations

import datetime
import json
import logging
import threading
from collections import OrderedDict
from typing import Any

import duckdb
from django.conf import settings

from jokko.analytics import store
from jokko.analytics.catalogue import INDICATORS, Aggregate
from jokko.analytics.filters import Filters
from jokko.analytics.suppress import node_threshold
from jokko.dashboards.specs import DASHBOARDS, FIGURES, FUNNEL, Dashboard

log = logging.getLogger(__name__)

CACHE_SIZE = 256
# Beside the store's tables: the default view of every dashboard as computed at the last
# refresh, so that every server process (not only the one that refreshed) serves it at once.
FIGURES_TABLE = "dashboard_figures"
_cache: OrderedDict[tuple[Any, ...], dict[str, Any]] = OrderedDict()
_lock = threading.Lock()


Raw = dict[str, dict[str, tuple[list[dict[str, Any]], dict[str, Any]]]]


def raw_figures(conn: duckdb.DuckDBPyConnection, dashboard: Dashboard, filters: Filters) -> Raw:
    """Every table the dashboard needs, before suppression: {code: {by: (rows, overall)}}."""
    needs: dict[str, list[str]] = {}
    for chart in dashboard.charts:
        if chart.indicator:
            needs.setdefault(chart.indicator, []).append(chart.by)
        for code in chart.steps:
            needs.setdefault(code, []).append("")
    return {code: INDICATORS[code].raw_tables(conn, filters, bys) for code, bys in needs.items()}


def compute(
    conn: duckdb.DuckDBPyConnection,
    dashboard: Dashboard,
    filters: Filters,
    *,
    suppress: bool,
    threshold: int | None = None,
    figures: Raw | None = None,
) -> dict[str, Any]:
    """Every chart of `dashboard`: {"charts": [{slug, kind, indicator, by, rows, total, ...}]}.

    Rows are {"key", "value", "suppressed"} (labels are added by the page, in its language).
    Funnel and figure rows are the totals of their indicators, keyed by indicator code.
    `figures` (from `raw_figures`) saves the queries when the other view was computed.
    """
    if figures is None:
        figures = raw_figures(conn, dashboard, filters)
    tables = {
        code: {
            by: INDICATORS[code].finish(rows, overall, suppress=suppress, threshold=threshold)
            for by, (rows, overall) in per_by.items()
        }
        for code, per_by in figures.items()
    }
    charts: list[dict[str, Any]] = []
    for chart in dashboard.charts:
        entry: dict[str, Any] = {
            "slug": chart.slug,
            "kind": chart.kind,
            "indicator": chart.indicator,
            "by": chart.by,
        }
        if chart.kind in (FUNNEL, FIGURES):
            entry["rows"] = [
                {
                    "key": code,
                    "value": tables[code][""]["total"],
                    "suppressed": bool(tables[code][""]["total_suppressed"]),
                    "aggregate": INDICATORS[code].aggregate.value,
                }
                for code in chart.steps
            ]
            entry["total"] = None
            entry["aggregate"] = Aggregate.COUNT.value
        else:
            indicator = INDICATORS[chart.indicator]
            table = tables[chart.indicator][chart.by]
            entry["rows"] = [
                {
                    "key": row[chart.by],
                    "value": row["value"],
                    "suppressed": bool(row.get("suppressed", False)),
                }
                for row in table["rows"]
            ]
            entry["total"] = table["total"]
            entry["total_suppressed"] = bool(table["total_suppressed"])
            entry["aggregate"] = indicator.aggregate.value
        entry["ignored_filters"] = ignored_filters(chart_codes(entry), filters)
        charts.append(entry)
    return {"dashboard": dashboard.slug, "charts": charts}


def chart_codes(entry: dict[str, Any]) -> list[str]:
    if entry["indicator"]:
        return [entry["indicator"]]
    return [row["key"] for row in entry["rows"]]


def ignored_filters(codes: list[str], filters: Filters) -> list[str]:
    """Filters in use that some of these indicators cannot honour (said under the chart)."""
    used = [name for name, value in _filter_names(filters).items() if value]
    return [name for name in used if any(name not in INDICATORS[code].filters for code in codes)]


def _filter_names(filters: Filters) -> dict[str, Any]:
    return {
        "start": filters.start,
        "end": filters.end,
        "region": filters.region,
        "exploitation_type": filters.exploitation_type,
        "organisation": filters.organisation_id,
    }


def dashboard_data(
    conn: duckdb.DuckDBPyConnection,
    dashboard: Dashboard,
    filters: Filters,
    *,
    suppress: bool,
    threshold: int | None = None,
) -> dict[str, Any]:
    """`compute`, cached under the store's version (see the module docstring)."""
    limit = node_threshold() if threshold is None else threshold
    figures_key = (
        str(store.store_path()),
        store.version(conn),
        datetime.date.today(),
        dashboard.slug,
        filters,
    )
    key = (*figures_key, suppress, limit)
    with _lock:
        cached = _cache.get(key)
        if cached is not None:
            _cache.move_to_end(key)
            return cached
        figures = _cache.get(figures_key)
    if figures is None and filters == Filters():
        figures = _stored_figures(conn, dashboard, figures_key)
    if figures is None:
        figures = raw_figures(conn, dashboard, filters)
    result = compute(conn, dashboard, filters, suppress=suppress, threshold=limit, figures=figures)
    with _lock:
        # The figures before suppression serve the other view (exact or suppressed).
        _cache[figures_key] = figures
        _cache[key] = result
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return result


def clear_cache() -> None:
    with _lock:
        _cache.clear()


def _stored_figures(
    conn: duckdb.DuckDBPyConnection, dashboard: Dashboard, figures_key: tuple[Any, ...]
) -> Raw | None:
    """The figures `warm` stored for this store version and day, if any."""
    _path, (watermark, refreshed_at), day, _slug, _filters = figures_key
    try:
        found = conn.execute(
            f"SELECT figures FROM {FIGURES_TABLE} WHERE watermark IS NOT DISTINCT FROM ? "  # noqa: S608
            "AND refreshed_at IS NOT DISTINCT FROM ? AND day = ? AND slug = ?",
            [watermark, refreshed_at, day, dashboard.slug],
        ).fetchone()
    except duckdb.CatalogException:  # never warmed
        return None
    if found is None:
        return None
    stored = json.loads(found[0])
    return {
        code: {by: (pair[0], pair[1]) for by, pair in per_by.items()}
        for code, per_by in stored.items()
    }


def _store_figures(version: tuple[Any, ...], day: datetime.date, computed: dict[str, Raw]) -> None:
    with store.writer() as conn:
        if store.version(conn) != version:  # another refresh came in between: its own warm
            return
        conn.execute(
            f"CREATE TABLE IF NOT EXISTS {FIGURES_TABLE} (watermark BIGINT, "
            "refreshed_at TIMESTAMP, day DATE, slug VARCHAR, figures VARCHAR)"
        )
        conn.execute("BEGIN TRANSACTION")
        conn.execute(f"DELETE FROM {FIGURES_TABLE}")  # noqa: S608
        for slug, figures in computed.items():
            conn.execute(
                f"INSERT INTO {FIGURES_TABLE} VALUES (?, ?, ?, ?, ?)",  # noqa: S608
                [version[0], version[1], day, slug, json.dumps(figures)],
            )
        conn.execute("COMMIT")


def warm(**_: Any) -> int:
    """Compute every dashboard's default view (exact and suppressed) on the new store.

    Connected to `store.refreshed`. The figures are kept in this process and in a table beside
    the store's (`FIGURES_TABLE`), which every other server process reads. A store busy with a
    reader is left alone: pages compute on demand instead. Returns how many views were made.
    """
    if not getattr(settings, "JOKKO_DASHBOARD_WARM", True):
        return 0
    day = datetime.date.today()
    try:
        with store.connect() as conn:
            version = store.version(conn)
            done = 0
            computed: dict[str, Raw] = {}
            for dashboard in DASHBOARDS:
                computed[dashboard.slug] = raw_figures(conn, dashboard, Filters())
                for suppress in (False, True):
                    compute_key = (str(store.store_path()), version, day, dashboard.slug)
                    with _lock:
                        _cache[(*compute_key, Filters())] = computed[dashboard.slug]
                    dashboard_data(conn, dashboard, Filters(), suppress=suppress)
                    done += 1
        _store_figures(version, day, computed)
    except store.StoreBusy as exc:  # a reader holds the file: pages compute on demand
        log.info("dashboards not warmed: %s", exc)
        return 0
    return done
