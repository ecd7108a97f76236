"""Pages of the dashboards app: the overview, the themed dashboards, their CSV tables.

Thin views: the figures come from `jokko.dashboards.data` (the indicator catalogue on the
store), the rules from `jokko.dashboards.access`. A coordinator sees exact figures inside the
node; an analyst sees small counts as "< 5" (never 0); the CSV leaves the node, so it is
always suppressed, like the API.
"""

from __future__ import annotations

import csv
import datetime
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from jokko.accounts.models import Organisation
from jokko.analytics import store
from jokko.analytics.filters import FilterError, Filters
from jokko.analytics.suppress import node_threshold
from jokko.dashboards import presenting
from jokko.dashboards.access import can_see_dashboards, exact_on_pages
from jokko.dashboards.data import dashboard_data
from jokko.dashboards.specs import BY_SLUG, DASHBOARDS, Dashboard
from jokko.gazetteer import places
from jokko.gazetteer.places import COUNTRIES
from jokko.taxonomy import vocabulary
from jokko.web.responses import forbidden


def _dashboard(slug: str) -> Dashboard:
    found = BY_SLUG.get(slug)
    if found is None:
        raise Http404
    return found


def _filters(request: HttpRequest) -> tuple[Filters, list[str]]:
    """The filters of the request, or none and the reason (bad input changes nothing)."""
    query: dict[str, str] = {key: str(value) for key, value in request.GET.items()}
    quarter = query.pop("quarter", "").strip()
    if quarter:
        try:
            start, end = presenting.quarter_bounds(quarter)
        except ValueError as exc:
            return Filters(), [str(exc)]
        query["start"], query["end"] = start.isoformat(), end.isoformat()
    try:
        return Filters.from_query(query), []
    except FilterError as exc:
        return Filters(), [str(exc)]


def _figures(dashboard: Dashboard, filters: Filters, *, suppress: bool) -> dict[str, Any] | None:
    """The dashboard's data, or None while a refresh holds the store."""
    try:
        store.ensure_fresh()
        with store.connect() as conn:
            return dashboard_data(conn, dashboard, filters, suppress=suppress)
    except store.StoreBusy:
        return None


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    return page(request, "overview")


@login_required
def page(request: HttpRequest, slug: str) -> HttpResponse:
    dashboard = _dashboard(slug)
    if not can_see_dashboards(request.user):
        return forbidden(request, "dashboards")
    filters, errors = _filters(request)
    exact = exact_on_pages(request.user)
    data = _figures(dashboard, filters, suppress=not exact)
    threshold = node_threshold()
    charts = presenting.present(dashboard, data, threshold) if data else []
    today = datetime.date.today()
    organisations = list(Organisation.objects.order_by("name").values_list("pk", "name"))
    language = (get_language() or "fr")[:2]
    regions = [
        (place.code, place.name_ar if language == "ar" and place.name_ar else place.name)
        for place in places.all_places()
        if place.kind == "region"
    ]
    return render(
        request,
        "dashboards/dashboard.html",
        {
            "dashboard": dashboard,
            "dashboards": DASHBOARDS,
            "charts": charts,
            "chart_data": presenting.chart_payload(charts, threshold),
            "busy": data is None,
            "errors": errors,
            "exact": exact,
            "small_count": threshold,
            "query": filters.as_query(),
            "query_string": urlencode(filters.as_query()),
            "quarters": presenting.recent_quarters(today),
            "selected_quarter": request.GET.get("quarter", ""),
            "countries": [
                (code, names.get(language, names["en"])) for code, names in COUNTRIES.items()
            ],
            "regions": regions,
            "forms": [
                (term.code, term.label(language)) for term in vocabulary("exploitation_type").terms
            ],
            "organisations": organisations,
            "last_refresh": store.last_refresh(),
        },
    )


@login_required
def download(request: HttpRequest, slug: str) -> HttpResponse:
    """Every table of the dashboard as CSV, small counts suppressed whoever asks."""
    dashboard = _dashboard(slug)
    if not can_see_dashboards(request.user):
        return forbidden(request, "dashboards-csv")
    filters, errors = _filters(request)
    if errors:
        return HttpResponse("\n".join(errors), status=400, content_type="text/plain")
    data = _figures(dashboard, filters, suppress=True)
    if data is None:
        return HttpResponse(status=503)
    charts = presenting.present(dashboard, data, node_threshold())
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="jokko-{dashboard.slug}.csv"'
    writer = csv.writer(response)
    for row in presenting.csv_rows(charts, filters):
        writer.writerow(row)
    return response
