"""The programme indicators page: trainings, joint action plans, awareness campaigns and
community reports on one screen, filtered by period and country."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from jokko.actionplans.views import country_choices
from jokko.gazetteer.places import COUNTRIES, country_name
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


# Labels of the figures' keys; a key not listed here is shown with its underscores as spaces.
KEY_LABELS = {
    "events": gettext_lazy("Events"),
    "participants": gettext_lazy("Participants"),
    "trainers": gettext_lazy("Trainers"),
    "trainings_of_trainers": gettext_lazy("Trainings of trainers"),
    "completed": gettext_lazy("Completed the training"),
    "certificates": gettext_lazy("Certificates"),
    "cascade_reach": gettext_lazy("Reach of the cascades"),
    "cascades": gettext_lazy("Cascades"),
    "mean_pre_score": gettext_lazy("Mean pre-test score"),
    "mean_post_score": gettext_lazy("Mean post-test score"),
    "mean_gain": gettext_lazy("Mean gain"),
    "scored_attendances": gettext_lazy("Scored attendances"),
    "plans": gettext_lazy("Plans"),
    "activities": gettext_lazy("Activities"),
    "activities_by_status": gettext_lazy("Activities by status"),
    "completion_rate": gettext_lazy("Completion rate"),
    "overdue_activities": gettext_lazy("Overdue activities"),
    "overdue_follow_ups": gettext_lazy("Overdue follow-up actions"),
    "budget": gettext_lazy("Budget"),
    "planned": gettext_lazy("Planned"),
    "spent": gettext_lazy("Spent"),
    "per_plan": gettext_lazy("By plan"),
    "indicators": gettext_lazy("Indicators"),
    "campaigns": gettext_lazy("Campaigns"),
    "reach": gettext_lazy("People reached"),
    "reach_female": gettext_lazy("Women and girls reached"),
    "reach_male": gettext_lazy("Men and boys reached"),
    "materials_distributed": gettext_lazy("Items distributed"),
    "reports": gettext_lazy("Reports"),
    "triaged": gettext_lazy("Triaged"),
    "converted_to_case": gettext_lazy("Converted to a case"),
    "converted_to_incident": gettext_lazy("Converted to an incident"),
    "case_conversion_rate": gettext_lazy("Report-to-case conversion rate"),
    "incident_conversion_rate": gettext_lazy("Report-to-incident conversion rate"),
    "median_hours_to_triage": gettext_lazy("Median time to triage (hours)"),
    "p90_hours_to_triage": gettext_lazy("Time to triage, 90th percentile (hours)"),
}


def key_label(key: Any) -> str:
    """A readable label: known keys translated, "x_by_y" as "x by y", country codes as names."""
    text = str(key)
    if text in KEY_LABELS:
        return str(KEY_LABELS[text])
    if len(text) == 2 and text.isupper() and text in COUNTRIES:
        return country_name(text, get_language() or "en")
    if text.startswith("by_"):
        return f"{_('by')} {text[3:].replace('_', ' ')}"
    head, by, tail = text.partition("_by_")
    if by:
        return f"{key_label(head)} {_('by')} {tail.replace('_', ' ')}"
    return text.replace("_", " ")


def flatten(value: Any, prefix: str = "") -> list[tuple[str, Any]]:
    """Nested figures as (label path, value) rows, so any section renders as one table."""
    if isinstance(value, dict):
        rows: list[tuple[str, Any]] = []
        for key, item in value.items():
            label = key_label(key)
            rows.extend(flatten(item, f"{prefix} / {label}" if prefix else label))
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
            "trainings": figures.get("trainings"),
            "reports": figures.get("community_reports"),
            "plans": figures.get("action_plans"),
            "campaigns": figures.get("campaigns"),
        },
        status=400 if errors else 200,
    )
