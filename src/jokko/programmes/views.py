"""The programme indicators page: trainings, joint action plans, awareness campaigns and
community reports on one screen, filtered by period and country."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jokko.actionplans.views import country_choices
from jokko.gazetteer.places import COUNTRIES
from jokko.programmes.indicators import (
    SMALL_COUNT,
    Filters,
    can_see_programme_indicators,
    programme_indicators,
    sees_only_aggregates,
)
from jokko.programmes.period import PeriodError, parse_period
from jokko.web.responses import forbidden

SECTION_TITLES = {
    "trainings": gettext_lazy("Trainings"),
    "action_plans": gettext_lazy("Joint action plans"),
    "campaigns": gettext_lazy("Awareness campaigns"),
    "community_reports": gettext_lazy("Community and hotline reports"),
}


def flatten(value: Any, prefix: str = "") -> list[tuple[str, Any]]:
    """Nested figures as (label path, value) rows, so any section renders as one table."""
    if isinstance(value, dict):
        rows: list[tuple[str, Any]] = []
        for key, item in value.items():
            rows.extend(flatten(item, f"{prefix} / {key}" if prefix else str(key)))
        return rows
    if isinstance(value, list):
        if not value:
            return [(prefix, "")]
        rows = []
        for number, item in enumerate(value, start=1):
            rows.extend(flatten(item, f"{prefix} / {number}"))
        return rows
    return [(prefix, value)]


def filters_from(params: Any) -> tuple[Filters, list[str]]:
    """The filters of a request, and a message per unusable parameter (then not applied)."""
    errors = []
    try:
        period = parse_period(params.get("period", ""))
    except PeriodError:
        period = None
        errors.append(_("Unknown period: write 2024, 2024-Q3, 2024-07 or 2024-01-01..2024-06-30."))
    country = (params.get("country", "") or "").strip().upper()
    if country and country not in COUNTRIES:
        errors.append(_("Unknown country code: %(codes)s.") % {"codes": country})
        country = ""
    return Filters(period=period, country=country), errors


@login_required
def programme_indicators_page(request: HttpRequest) -> HttpResponse:
    if not can_see_programme_indicators(request.user):
        return forbidden(request, "programme-indicators")
    filters, errors = filters_from(request.GET)
    figures = programme_indicators(request.user, filters)
    sections = [
        (name, SECTION_TITLES[name], figures[name], flatten(figures[name]))
        for name in SECTION_TITLES
        if name in figures
    ]
    return render(
        request,
        "programmes/indicators.html",
        {
            "sections": sections,
            "missing": [SECTION_TITLES[name] for name in figures["missing"]],
            "errors": errors,
            "period": request.GET.get("period", ""),
            "country": filters.country,
            "countries": country_choices(),
            "aggregates_only": sees_only_aggregates(request.user),
            "small_count": SMALL_COUNT,
            "plans": figures.get("action_plans"),
            "campaigns": figures.get("campaigns"),
        },
        status=400 if errors else 200,
    )
