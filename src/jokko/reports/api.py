"""API routes of the reports app (mounted under /api/v1/reports/ by jokko/api/api.py).

For a programme team's scheduled job (a bearer token instead of a browser): the same report,
the same access rule (coordinators and analysts the whole report, programme officers the
trainings section), always suppressed, and audited as an export through the "api" channel.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language, gettext
from ninja import Router
from ninja.errors import HttpError

from jokko.accounts.access import ActionForbidden
from jokko.analytics import store
from jokko.api.schemas import ERRORS
from jokko.reports.access import can_export_report
from jokko.reports.actions import export_quarterly_report
from jokko.reports.forms import parse_request

router = Router(tags=["reports"])


@router.get("/quarterly", response={200: None, **ERRORS})
def quarterly_report(
    request: HttpRequest,
    format: str = "",
    quarter: str = "",
    region: str = "",
    language: str = "",
) -> HttpResponse:
    """The quarterly donor report as PDF (`format=pdf`) or Excel (`format=xlsx`).

    `quarter` like 2026-Q3 (default: the last complete quarter); `region`: a country or
    gazetteer region code (default: the node's country); `language`: fr, en or ar.
    """
    user = request.auth  # type: ignore[attr-defined]
    if not can_export_report(user):
        raise ActionForbidden
    choice, errors = parse_request(
        {"quarter": quarter, "region": region, "language": language, "format": format},
        default_language=(get_language() or "fr")[:2],
    )
    if choice is None:
        raise ValidationError({"__all__": errors})
    try:
        export = export_quarterly_report(
            user,
            choice.quarter,
            region=choice.region,
            language=choice.language,
            fmt=choice.fmt,
            channel="api",
        )
    except store.StoreBusy as exc:
        raise HttpError(
            503, gettext("The analytical store is being refreshed; try again in a minute.")
        ) from exc
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response
