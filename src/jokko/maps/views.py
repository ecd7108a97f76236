"""The map page: hotspots, routes, region figures and emerging hotspots, with filters.

Thin view: the figures come from `jokko.maps.data` on the analytical store, the rules from
`jokko.maps.access`. The chart is drawn by `maps/maps.js` from a json_script block (no inline
code, for the Content-Security-Policy) on the vendored boundaries: nothing leaves the node.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from jokko.analytics import store
from jokko.analytics.filters import FilterError, Filters
from jokko.analytics.suppress import node_threshold
from jokko.gazetteer.places import COUNTRIES, country_name
from jokko.hotspots import Rule
from jokko.maps import data
from jokko.maps.access import can_see_maps, sees_exact_maps
from jokko.taxonomy import vocabulary
from jokko.web.responses import forbidden

LAYER_LABELS = {
    "identifications": gettext_lazy("Identifications"),
    "incidents": gettext_lazy("Incidents"),
    "interceptions": gettext_lazy("Interceptions"),
}


def rule_from_query(seasonal: bool) -> Rule:
    """The page's test: 3 recent months against 12 before, or the same months of 2 years."""
    minimum = max(node_threshold(), 1)
    if seasonal:
        return Rule(min_count=minimum, season=12, seasons=2)
    return Rule(min_count=minimum)


def figures(filters: Filters, *, exact: bool, seasonal: bool) -> dict[str, Any]:
    """Everything the page (and its chart) shows, from one store connection."""
    store.ensure_fresh()
    with store.connect() as conn:
        points = data.hotspot_points(conn, filters, suppress=not exact)
        flows = data.route_flows(conn, filters, suppress=not exact)
        regions = data.region_identifications(conn, filters, suppress=not exact)
        emerging = data.emerging_hotspots(
            conn, filters, suppress=not exact, rule=rule_from_query(seasonal)
        )
    for row in emerging["places"]:
        row["layer_label"] = str(LAYER_LABELS[row["layer"]])
    for region in regions:
        region["lon"], region["lat"] = data.locate(region["region_code"])[1:]
    return {
        "points": points,
        "totals": data.layer_totals(points),
        "flows": flows,
        "regions": regions,
        "emerging": emerging,
    }


@login_required
def home(request: HttpRequest) -> HttpResponse:
    if not can_see_maps(request.user):
        return forbidden(request, "maps")
    errors: list[str] = []
    try:
        filters = Filters.from_query(request.GET)
    except FilterError as exc:
        errors.append(str(exc))
        filters = Filters()
    seasonal = request.GET.get("seasonal") == "1"
    exact = sees_exact_maps(request.user)
    busy = False
    found: dict[str, Any] = {
        "points": [],
        "totals": {},
        "flows": [],
        "regions": [],
        "emerging": {"places": [], "rule": {}},
    }
    if not errors:
        try:
            found = figures(filters, exact=exact, seasonal=seasonal)
        except store.StoreBusy:
            busy = True
    language = (get_language() or "fr").split("-")[0]
    chart = {
        **found,
        "rtl": language == "ar",
        "boundaries": static("vendor/natural-earth/countries-50m.geojson"),
        "regionLines": static("vendor/natural-earth/admin1-lines-10m.geojson"),
        "labels": {
            **{key: str(label) for key, label in LAYER_LABELS.items()},
            "routes": _("Routes (origin → transit → destination)"),
            "regions": _("Identifications by region"),
            "regionLines": _("Region boundaries"),
            "emerging": _("Emerging hotspots"),
            "hidden": _("hidden (small count)"),
            "survivors": _("survivors"),
        },
    }
    return render(
        request,
        "maps/home.html",
        {
            "chart": chart,
            "found": found,
            "errors": errors,
            "busy": busy,
            "exact": exact,
            "seasonal": seasonal,
            "query": filters.as_query(),
            "small_count": node_threshold(),
            "countries": [(code, country_name(code, language)) for code in sorted(COUNTRIES)],
            "forms": [(t.code, t.label(language)) for t in vocabulary("exploitation_type").terms],
            "last_refresh": store.last_refresh(),
        },
        status=400 if errors else 200,
    )
