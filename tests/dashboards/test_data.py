"""The dashboards' data layer: one-scan tables equal one-table-at-a-time, the cache follows the
store (a refresh is seen at once), and a refresh warms the default views."""

from __future__ import annotations

import datetime
import json
from typing import Any

from jokko.analytics import store
from jokko.analytics.catalogue import INDICATORS
from jokko.analytics.filters import Filters
from jokko.dashboards import data
from jokko.dashboards.specs import BY_SLUG, DASHBOARDS

Y2025 = Filters(start=datetime.date(2025, 1, 1), end=datetime.date(2025, 12, 31))


def test_tables_in_one_scan_equal_each_table_on_its_own(hand_made: Any) -> None:
    with store.connect() as conn:
        for indicator in INDICATORS.values():
            bys = ["", *indicator.disaggregations]
            for filters in (Filters(), Y2025):
                for suppress, threshold in ((False, None), (True, 2), (True, 5)):
                    together = indicator.tables(
                        conn, filters, bys, suppress=suppress, threshold=threshold
                    )
                    for by in bys:
                        alone = indicator.table(
                            conn,
                            filters,
                            [by] if by else [],
                            suppress=suppress,
                            threshold=threshold,
                        )
                        assert together[by] == alone, (indicator.code, by, filters, suppress)


def test_a_refresh_is_seen_at_once_and_warms_the_default_views(
    hand_made: Any, make_case: Any
) -> None:
    survivors = BY_SLUG["survivors"]
    data.clear_cache()
    with store.connect() as conn:
        before = data.dashboard_data(conn, survivors, Filters(), suppress=False)
        again = data.dashboard_data(conn, survivors, Filters(), suppress=False)
    assert again is before  # cached: the store has not changed
    assert next(c for c in before["charts"] if c["slug"] == "sex")["total"] == 4
    make_case(name="Awa Ndiaye")
    store.refresh()  # the change log holds the new case; the signal warms the cache
    warmed = len(data._cache)
    assert warmed >= 2 * len(DASHBOARDS)
    with store.connect() as conn:
        after = data.dashboard_data(conn, survivors, Filters(), suppress=False)
    assert len(data._cache) == warmed  # served from the warmed cache
    assert next(c for c in after["charts"] if c["slug"] == "sex")["total"] == 5


def test_warming_can_be_switched_off(hand_made: Any, settings: Any) -> None:
    settings.JOKKO_DASHBOARD_WARM = False
    data.clear_cache()
    store.refresh(full=True)
    assert len(data._cache) == 0
    assert data.warm() == 0


def test_other_server_processes_read_the_figures_computed_at_refresh(hand_made: Any) -> None:
    """The figures warmed at refresh are also kept beside the store: a process that did not
    refresh (here: this one, its memory cleared) serves them without computing."""
    survivors = BY_SLUG["survivors"]
    store.refresh(full=True)
    data.clear_cache()
    # Mark the stored figures, to see that they (and not a new computation) are served.
    with store.writer() as conn:
        stored = conn.execute(
            f"SELECT figures FROM {data.FIGURES_TABLE} WHERE slug = 'survivors'"  # noqa: S608
        ).fetchone()
        assert stored is not None
        figures = json.loads(stored[0])
        figures["survivors_identified"]["sex"][1]["value"] = 1234
        conn.execute(
            f"UPDATE {data.FIGURES_TABLE} SET figures = ? WHERE slug = 'survivors'",  # noqa: S608
            [json.dumps(figures)],
        )
    with store.connect() as conn:
        shown = data.dashboard_data(conn, survivors, Filters(), suppress=False)
        filtered = data.dashboard_data(conn, survivors, Y2025, suppress=False)
    assert next(c for c in shown["charts"] if c["slug"] == "sex")["total"] == 1234
    # Any other filter is computed on the store itself.
    assert next(c for c in filtered["charts"] if c["slug"] == "sex")["total"] == 3
    # A new refresh replaces them.
    store.refresh(full=True)
    data.clear_cache()
    with store.connect() as conn:
        shown = data.dashboard_data(conn, survivors, Filters(), suppress=False)
    assert next(c for c in shown["charts"] if c["slug"] == "sex")["total"] == 4
