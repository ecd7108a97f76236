"""API routes of the maps app (mounted under /api/v1/maps/ by jokko/api/api.py).

Everything here leaves the node, so every figure is suppressed (small counts hidden, small
routes folded into "other"), whoever asks; coordinators and analysts only.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router

from jokko.accounts.access import ActionForbidden
from jokko.analytics import store
from jokko.analytics.filters import FilterError, Filters
from jokko.analytics.suppress import node_threshold
from jokko.api.schemas import ERRORS
from jokko.maps import data
from jokko.maps.access import can_see_maps
from jokko.maps.views import rule_from_query

router = Router(tags=["maps"])


def _filters(request: HttpRequest, **values: str) -> Filters:
    if not can_see_maps(request.auth):  # type: ignore[attr-defined]
        raise ActionForbidden
    try:
        return Filters.from_query(values)
    except FilterError as exc:
        raise ValidationError({"__all__": [str(exc)]}) from exc


@router.get("/hotspots", response={200: dict[str, Any], **ERRORS})
def hotspots(
    request: HttpRequest,
    start: str = "",
    end: str = "",
    region: str = "",
    exploitation_type: str = "",
) -> dict[str, Any]:
    """Identifications, incidents and interceptions per gazetteer place (with coordinates),
    their totals, and survivors identified per first-level region; small counts are null.

    Dates YYYY-MM-DD, inclusive; `region`: gazetteer region or country code. Incidents do
    not record a form of exploitation: under that filter their counts are null.
    """
    filters = _filters(
        request, start=start, end=end, region=region, exploitation_type=exploitation_type
    )
    store.ensure_fresh()
    with store.connect() as conn:
        points = data.hotspot_points(conn, filters, suppress=True)
        regions = data.region_identifications(conn, filters, suppress=True)
    return {
        "filters": filters.as_query(),
        "small_count_threshold": node_threshold(),
        "points": points,
        "totals": data.layer_totals(points),
        "regions": regions,
    }


@router.get("/routes", response={200: dict[str, Any], **ERRORS})
def routes(
    request: HttpRequest,
    start: str = "",
    end: str = "",
    region: str = "",
    exploitation_type: str = "",
) -> dict[str, Any]:
    """Survivors per route origin -> first transit -> destination (gazetteer or country codes,
    names and coordinates); routes below the small-count threshold are folded into one
    `OTHER` row, itself null when still small."""
    filters = _filters(
        request, start=start, end=end, region=region, exploitation_type=exploitation_type
    )
    store.ensure_fresh()
    with store.connect() as conn:
        flows = data.route_flows(conn, filters, suppress=True)
    return {
        "filters": filters.as_query(),
        "small_count_threshold": node_threshold(),
        "flows": flows,
    }


@router.get("/emerging", response={200: dict[str, Any], **ERRORS})
def emerging(
    request: HttpRequest,
    end: str = "",
    region: str = "",
    exploitation_type: str = "",
    seasonal: bool = False,
) -> dict[str, Any]:
    """Emerging hotspots: places whose last 3 months rise significantly above their own
    previous 12 months (or, `seasonal=true`, the same months of the 2 previous years).

    Exact conditional test of two Poisson rates, Benjamini-Hochberg adjusted, flagged below
    0.01 with at least the small-count threshold of events and a rate ratio of 1.5 or more.
    `end` (YYYY-MM-DD) sets the recent window's last month (default: the last complete one).
    """
    filters = _filters(request, end=end, region=region, exploitation_type=exploitation_type)
    store.ensure_fresh()
    with store.connect() as conn:
        found = data.emerging_hotspots(conn, filters, suppress=True, rule=rule_from_query(seasonal))
    return {"filters": filters.as_query(), **found}
