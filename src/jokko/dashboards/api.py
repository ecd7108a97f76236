"""API routes of the dashboards app (mounted under /api/v1/dashboards/ by jokko/api/api.py).

The same figures as the pages, computed by the same function, but everything here leaves the
node: small counts are ALWAYS suppressed (null with `suppressed: true`), coordinators included.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Router
from ninja.errors import HttpError

from jokko.accounts.access import ActionForbidden, NotFoundOrForbidden
from jokko.analytics import store
from jokko.analytics.filters import FilterError, Filters
from jokko.analytics.suppress import node_threshold
from jokko.api.schemas import ERRORS
from jokko.dashboards import presenting
from jokko.dashboards.access import can_see_dashboards
from jokko.dashboards.data import dashboard_data
from jokko.dashboards.specs import BY_SLUG, DASHBOARDS

router = Router(tags=["dashboards"])


@router.get("/", response={200: list[dict[str, Any]], **ERRORS})
def list_dashboards(request: HttpRequest) -> list[dict[str, Any]]:
    """The dashboards: slug, title and summary (in the language of the request)."""
    if not can_see_dashboards(request.auth):  # type: ignore[attr-defined]
        raise ActionForbidden
    return [{"slug": d.slug, "title": str(d.title), "summary": str(d.summary)} for d in DASHBOARDS]


@router.get("/{slug}", response={200: dict[str, Any], **ERRORS})
def dashboard_values(
    request: HttpRequest,
    slug: str,
    start: str = "",
    end: str = "",
    quarter: str = "",
    region: str = "",
    exploitation_type: str = "",
    organisation: str = "",
) -> dict[str, Any]:
    """Every chart of one dashboard, small counts suppressed.

    Each chart has `rows` ({key, label, value, suppressed}; for a funnel or figures block the
    key is an indicator code and the value its total), `total` and the filters it cannot
    honour. Filters: dates YYYY-MM-DD (inclusive) or `quarter` (2025-Q3), `region` (country or
    gazetteer region code), `exploitation_type`, `organisation` (id).
    """
    if not can_see_dashboards(request.auth):  # type: ignore[attr-defined]
        raise ActionForbidden
    dashboard = BY_SLUG.get(slug)
    if dashboard is None:
        raise NotFoundOrForbidden
    query = {
        "start": start,
        "end": end,
        "region": region,
        "exploitation_type": exploitation_type,
        "organisation": organisation,
    }
    try:
        if quarter.strip():
            first, last = presenting.quarter_bounds(quarter)
            query["start"], query["end"] = first.isoformat(), last.isoformat()
        filters = Filters.from_query(query)
    except (FilterError, ValueError) as exc:
        raise ValidationError({"__all__": [str(exc)]}) from exc
    threshold = node_threshold()
    try:
        store.ensure_fresh()
        with store.connect() as conn:
            data = dashboard_data(conn, dashboard, filters, suppress=True)
    except store.StoreBusy as exc:
        raise HttpError(
            503, gettext("The analytical store is being refreshed; try again in a minute.")
        ) from exc
    charts = presenting.present(dashboard, data, threshold)
    return {
        "slug": dashboard.slug,
        "title": str(dashboard.title),
        "filters": filters.as_query(),
        "small_count_threshold": threshold,
        "refreshed_at": store.last_refresh(),
        "charts": [
            {
                "slug": chart["slug"],
                "title": chart["title"],
                "kind": chart["kind"],
                "indicator": chart["indicator"] or None,
                "by": chart["by"] or None,
                "aggregate": chart["aggregate"],
                "rows": [
                    {
                        "key": row["key"],
                        "label": row["label"],
                        "value": row["value"],
                        "suppressed": row["suppressed"],
                    }
                    for row in chart["rows"]
                ],
                "total": chart["total"],
                "ignored_filters": chart["ignored_filters"],
            }
            for chart in charts
        ],
    }
