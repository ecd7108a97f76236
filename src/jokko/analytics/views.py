"""Pages of the analytics app: the indicator catalogue, one indicator's values, the store.

Thin views: the figures come from `jokko.analytics.catalogue` on the store; access rules from
`jokko.analytics.access`. Analysts see suppressed figures; coordinators exact ones (inside the
node only).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jokko.analytics import store
from jokko.analytics.access import (
    can_refresh,
    can_see_catalogue,
    can_see_indicator,
    sees_exact_figures,
    visible_indicators,
)
from jokko.analytics.catalogue import INDICATORS, LANGUAGES, describe
from jokko.analytics.filters import FilterError, Filters
from jokko.analytics.models import RefreshRun
from jokko.analytics.suppress import node_threshold
from jokko.gazetteer.places import COUNTRIES
from jokko.taxonomy import vocabulary
from jokko.web.responses import forbidden


@login_required
def catalogue(request: HttpRequest) -> HttpResponse:
    """Every indicator the user may see, with its definition and formula in three languages."""
    if not can_see_catalogue(request.user):
        return forbidden(request, "analytics-catalogue")
    entries = [
        {
            "code": indicator.code,
            "texts": [
                {**describe(indicator, language), "language": language} for language in LANGUAGES
            ],
            "disaggregations": indicator.disaggregations,
        }
        for indicator in visible_indicators(request.user)
    ]
    return render(
        request,
        "analytics/catalogue.html",
        {"entries": entries, "can_refresh": can_refresh(request.user)},
    )


@login_required
def indicator(request: HttpRequest, code: str) -> HttpResponse:
    """One indicator's values, filtered and disaggregated; suppressed unless coordinator."""
    found = INDICATORS.get(code)
    if found is None:
        raise Http404
    if not can_see_indicator(request.user, found):
        return forbidden(request, "analytics-indicator")
    errors: list[str] = []
    try:
        filters = Filters.from_query(request.GET)
    except FilterError as exc:
        errors.append(str(exc))
        filters = Filters()
    by = request.GET.get("by", "")
    if by and by not in found.disaggregations:
        errors.append(_("This indicator cannot be broken down that way."))
        by = ""
    exact = sees_exact_figures(request.user)
    table: dict[str, Any] = {"rows": [], "total": None, "suppressed": 0}
    busy = False
    try:
        store.ensure_fresh()
        with store.connect() as conn:
            table = found.table(conn, filters, [by] if by else [], suppress=not exact)
    except store.StoreBusy:
        busy = True
    return render(
        request,
        "analytics/indicator.html",
        {
            "indicator": found,
            "entry": describe(found),
            "filters": filters,
            "query": filters.as_query(),
            "by": by,
            "table": table,
            "errors": errors,
            "busy": busy,
            "exact": exact,
            "small_count": node_threshold(),
            "countries": sorted(COUNTRIES),
            "forms": [(t.code, t.code) for t in vocabulary("exploitation_type").terms],
            "last_refresh": store.last_refresh(),
        },
    )


@login_required
def store_status(request: HttpRequest) -> HttpResponse:
    """The last refreshes (time, rows, duration) and a button to refresh now."""
    if not can_refresh(request.user):
        return forbidden(request, "analytics-store")
    runs = RefreshRun.objects.order_by("-started_at", "-id")[:20]
    return render(
        request,
        "analytics/store.html",
        {"runs": runs, "path": store.store_path(), "pending": store.pending_changes()},
    )


@login_required
@require_POST
def refresh_now(request: HttpRequest) -> HttpResponse:
    if not can_refresh(request.user):
        return forbidden(request, "analytics-refresh")
    full = request.POST.get("full") == "1"
    try:
        report = store.refresh(full=full, triggered_by=f"user:{request.user.pk}")
    except store.StoreBusy:
        messages.error(request, _("The store is busy; try again in a minute."))
    else:
        messages.success(
            request,
            _("Store refreshed: %(rows)s rows in %(seconds).1f s.")
            % {"rows": report.total_rows, "seconds": report.duration_s},
        )
    return redirect("analytics-store")
