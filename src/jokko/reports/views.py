"""Pages of the reports app: choose a quarter, then one click for the PDF or the Excel file.

Thin views: parsing in `forms.py`, the export (and its audit entry) in `actions.py`, access
in `access.py`.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from jokko.analytics import store
from jokko.analytics.suppress import node_threshold
from jokko.gazetteer import places
from jokko.reports.access import can_export_report, report_sections
from jokko.reports.actions import export_quarterly_report
from jokko.reports.forms import parse_request
from jokko.reports.periods import Quarter
from jokko.web.responses import forbidden

# Twelve years back: programme reports go back to the 2015-2020 regional strategy.
RECENT_QUARTERS = 48


def _choices(request: HttpRequest, errors: list[str], status: int = 200) -> HttpResponse:
    default = Quarter.last_complete()
    quarters = Quarter.containing(datetime.date.today()).recent(RECENT_QUARTERS + 1)[::-1]
    regions = sorted(places.places_in(settings.NODE_COUNTRY, "region"), key=lambda p: p.name)
    context: dict[str, Any] = {
        "quarters": quarters,
        "default_quarter": request.GET.get("quarter") or default.label,
        "regions": regions,
        "node_country": places.country_name(settings.NODE_COUNTRY, get_language() or "fr"),
        "selected_region": request.GET.get("region", ""),
        "language": request.GET.get("language") or (get_language() or "fr")[:2],
        "sections": report_sections(request.user),
        "errors": errors,
        "last_refresh": store.last_refresh(),
        "hidden_below": node_threshold(),
    }
    return render(request, "reports/quarterly.html", context, status=status)


@login_required
def quarterly(request: HttpRequest) -> HttpResponse:
    """The choice page: quarter (default the last complete one), region, language."""
    if not can_export_report(request.user):
        return forbidden(request, "reports-quarterly")
    return _choices(request, [])


@login_required
def download(request: HttpRequest) -> HttpResponse:
    """The file itself; bad choices come back to the page with the reason (400)."""
    if not can_export_report(request.user):
        return forbidden(request, "reports-download")
    choice, errors = parse_request(request.GET, default_language=(get_language() or "fr")[:2])
    if choice is None:
        return _choices(request, errors, status=400)
    try:
        export = export_quarterly_report(
            request.user,
            choice.quarter,
            region=choice.region,
            language=choice.language,
            fmt=choice.fmt,
        )
    except store.StoreBusy:
        busy = _("The analytical store is being refreshed; try again in a minute.")
        return _choices(request, [busy], status=503)
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response
