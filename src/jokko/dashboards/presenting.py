"""Turning a dashboard's figures into what the page, its script and the CSV show.

Suppressed cells are shown as "< 5" (the node's threshold), never as 0 or blank: a reader must
see that a count exists but is too small to publish. Empty medians (nothing to measure) are
shown as a dash.
"""

from __future__ import annotations

import copy
import datetime
import re
from typing import Any

from django.utils.translation import gettext as _

from jokko.analytics.catalogue import INDICATORS
from jokko.analytics.filters import Filters
from jokko.dashboards import labels
from jokko.dashboards.specs import FIGURES, FUNNEL, LINE, Dashboard

QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")


def quarter_bounds(code: str) -> tuple[datetime.date, datetime.date]:
    """First and last day of a quarter written 2025-Q3; a clear error otherwise."""
    match = QUARTER.match(code.strip().upper())
    if not match:
        raise ValueError(_("A quarter is written like 2025-Q3."))
    year, quarter = int(match.group(1)), int(match.group(2))
    start = datetime.date(year, 3 * quarter - 2, 1)
    following = (
        datetime.date(year + 1, 1, 1) if quarter == 4 else datetime.date(year, 3 * quarter + 1, 1)
    )
    return start, following - datetime.timedelta(days=1)


def recent_quarters(today: datetime.date, count: int = 8) -> list[tuple[str, str]]:
    """The current quarter and the ones before it, newest first: (code, label)."""
    year, quarter = today.year, (today.month - 1) // 3 + 1
    out: list[tuple[str, str]] = []
    for _i in range(count):
        out.append(
            (f"{year}-Q{quarter}", _("Q%(quarter)s %(year)s") % {"quarter": quarter, "year": year})
        )
        quarter -= 1
        if quarter == 0:
            year, quarter = year - 1, 4
    return out


def display(value: Any, suppressed: bool, aggregate: str, threshold: int) -> str:
    if suppressed:
        return f"< {threshold}"
    if value is None:
        return "\u2013"  # en dash: nothing to measure
    if aggregate == "ratio":
        return f"{value * 100:.1f} %"
    if aggregate == "median":  # days, to a tenth, always written the same way
        return f"{value:.1f}"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.1f}"
    return str(int(value)) if isinstance(value, float) else str(value)


def present(dashboard: Dashboard, data: dict[str, Any], threshold: int) -> list[dict[str, Any]]:
    """The charts with titles, labels and displayed values (a copy: the cache stays as it was)."""
    charts = copy.deepcopy(data["charts"])
    organisation_ids = {
        int(row["key"])
        for chart in charts
        if chart["by"] in labels.ORGANISATION_DIMS
        for row in chart["rows"]
        if row["key"] is not None
    }
    organisations = labels.organisation_names(organisation_ids) if organisation_ids else {}
    specs = {chart.slug: chart for chart in dashboard.charts}
    for chart in charts:
        spec = specs[chart["slug"]]
        chart["title"] = str(spec.title)
        chart["dom_id"] = f"chart-{chart['slug']}"
        chart["column"] = labels.dimension_name(chart["by"])
        stepwise = chart["kind"] in (FUNNEL, FIGURES)
        for row in chart["rows"]:
            if stepwise:
                row["label"] = labels.indicator_name(row["key"])
                aggregate = row["aggregate"]
            else:
                row["label"] = labels.label(chart["by"], row["key"], organisations)
                aggregate = chart["aggregate"]
            row["display"] = display(row["value"], row["suppressed"], aggregate, threshold)
        if not stepwise:
            chart["name"] = INDICATORS[chart["indicator"]].name
            chart["total_display"] = display(
                chart["total"], chart.get("total_suppressed", False), chart["aggregate"], threshold
            )
        chart["ignored_labels"] = [labels.filter_name(name) for name in chart["ignored_filters"]]
    return charts


def _next_period(key: str) -> str:
    """The month or quarter after `key` ("2025-12" -> "2026-01", "2025-Q4" -> "2026-Q1")."""
    year, part = key.split("-")
    if part.startswith("Q"):
        quarter = int(part[1:]) % 4 + 1
        return f"{int(year) + (quarter == 1)}-Q{quarter}"
    month = int(part) % 12 + 1
    return f"{int(year) + (month == 1)}-{month:02d}"


def _with_every_period(chart: dict[str, Any]) -> list[dict[str, Any]]:
    """A time series' rows with the months (quarters) that have nothing shown as 0: the
    catalogue returns only periods with data, and a line that skips empty months would join
    March to July as if they were neighbours. Zero reveals nobody, so it is shown to all."""
    rows = [row for row in chart["rows"] if row["key"] is not None]
    if chart["kind"] != LINE or chart["by"] not in ("month", "quarter") or not rows:
        return list(chart["rows"])
    known = {row["key"]: row for row in rows}
    out: list[dict[str, Any]] = []
    key = rows[0]["key"]
    while key <= rows[-1]["key"] and len(out) < 1200:
        out.append(
            known.get(
                key, {"key": key, "label": key, "value": 0, "display": "0", "suppressed": False}
            )
        )
        key = _next_period(key)
    return out


def chart_payload(charts: list[dict[str, Any]], threshold: int) -> dict[str, Any]:
    """What the page script draws (everything but the figures tables, which are HTML)."""
    payload = []
    for chart in charts:
        if chart["kind"] == FIGURES:
            continue
        rows = _with_every_period(chart)
        payload.append(
            {
                "id": chart["dom_id"],
                "kind": chart["kind"],
                "title": chart["title"],
                "ratio": chart["aggregate"] == "ratio",
                "labels": [row["label"] for row in rows],
                "values": [row["value"] for row in rows],
                "displays": [row["display"] for row in rows],
                "suppressed": [row["suppressed"] for row in rows],
            }
        )
    return {"suppressed_label": f"< {threshold}", "charts": payload}


def csv_rows(charts: list[dict[str, Any]], filters: Filters) -> list[list[str]]:
    """One line per cell: chart, indicator, disaggregation, category, value, suppressed."""
    query = filters.as_query()
    period = f"{query.get('start', '')}..{query.get('end', '')}"
    rows = [
        [
            "chart",
            "indicator",
            "disaggregation",
            "category",
            "label",
            "value",
            "suppressed",
            "period",
            "region",
            "exploitation_type",
            "organisation",
        ]
    ]
    context = [
        period,
        query.get("region", ""),
        query.get("exploitation_type", ""),
        query.get("organisation", ""),
    ]
    for chart in charts:
        stepwise = chart["kind"] in (FUNNEL, FIGURES)
        for row in chart["rows"]:
            value = "" if row["value"] is None else str(row["value"])
            rows.append(
                [
                    chart["slug"],
                    row["key"] if stepwise else chart["indicator"],
                    "" if stepwise else chart["by"],
                    "" if stepwise else ("" if row["key"] is None else str(row["key"])),
                    row["label"],
                    value,
                    "yes" if row["suppressed"] else "no",
                    *context,
                ]
            )
        if not stepwise:
            total = "" if chart["total"] is None else str(chart["total"])
            suppressed = "yes" if chart.get("total_suppressed") else "no"
            rows.append(
                [
                    chart["slug"],
                    chart["indicator"],
                    chart["by"],
                    "total",
                    _("Total"),
                    total,
                    suppressed,
                    *context,
                ]
            )
    return rows
