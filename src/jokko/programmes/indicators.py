"""The programme indicators: trainings (engineer T's module), joint action plans and awareness
campaigns (this project), community reports (engineer C's module), filtered by period and
country, with small counts hidden for analysts.

The training and community modules are imported lazily: a node without them (or a broken
migration in one of them) still shows the other sections, and the page says what is missing.
"""

from __future__ import annotations

import datetime
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Q

from jokko.accounts.access import has_role
from jokko.accounts.models import Role
from jokko.actionplans.indicators import plan_indicators
from jokko.actionplans.models import Plan
from jokko.campaigns.indicators import campaign_indicators
from jokko.campaigns.models import Campaign, CampaignEvent
from jokko.programmes.period import Period

VIEWING_ROLES = frozenset({Role.COORDINATOR, Role.PROGRAMME_OFFICER, Role.ANALYST})
# Counts from 1 to 4 are hidden for analysts, as on the analysis page: a small cell ("2 reports
# from Bantako converted to a case") can single a person out. Zero reveals nobody.
SMALL_COUNT = 5
# Keys that identify a record rather than count anything: dropped from analysts' figures.
RECORD_KEYS = frozenset({"id", "event_id"})


def can_see_programme_indicators(user: Any) -> bool:
    return has_role(user, VIEWING_ROLES)


def sees_only_aggregates(user: Any) -> bool:
    return getattr(user, "role", None) == Role.ANALYST


def suppress_small_counts(value: Any) -> Any:
    """A copy of `value` where every count (int) from 1 to SMALL_COUNT - 1 becomes None."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return None if 0 < value < SMALL_COUNT else value
    if isinstance(value, dict):
        return {
            key: suppress_small_counts(item)
            for key, item in value.items()
            if key not in RECORD_KEYS
        }
    if isinstance(value, list):
        return [suppress_small_counts(item) for item in value]
    return value


@dataclass(frozen=True)
class Filters:
    period: Period | None = None
    country: str = ""


def _plans(filters: Filters) -> Any:
    plans = Plan.objects.all()
    if filters.period:
        plans = plans.filter(starts_on__lte=filters.period.end, ends_on__gte=filters.period.start)
    if filters.country:
        plans = plans.filter(countries__contains=filters.country)
    return plans


def _campaigns(filters: Filters) -> dict[str, Any]:
    campaigns = Campaign.objects.all()
    events = CampaignEvent.objects.all()
    if filters.period:
        campaigns = campaigns.filter(
            starts_on__lte=filters.period.end, ends_on__gte=filters.period.start
        )
        events = events.filter(held_on__gte=filters.period.start, held_on__lte=filters.period.end)
    if filters.country:
        campaigns = campaigns.filter(countries__contains=filters.country)
        events = events.filter(place_code__startswith=f"{filters.country}-")
    return campaign_indicators(campaigns, events)


def _load(module: str, name: str) -> Any:
    """`module.name`, or ImportError when another engineer's module is not there (yet)."""
    try:
        return getattr(importlib.import_module(module), name)
    except AttributeError as error:
        raise ImportError(f"{module}.{name}") from error


def _trainings(filters: Filters) -> dict[str, Any]:
    training_event = _load("jokko.trainings.models", "TrainingEvent")
    training_indicators = _load("jokko.trainings.indicators", "training_indicators")
    events = training_event.objects.all()
    if filters.period:
        events = events.filter(start_on__gte=filters.period.start, start_on__lte=filters.period.end)
    if filters.country:
        events = events.filter(country=filters.country)
    result: dict[str, Any] = training_indicators(events)
    return result


def _reports(filters: Filters) -> dict[str, Any]:
    community_report = _load("jokko.community.models", "CommunityReport")
    report_indicators = _load("jokko.community.indicators", "report_indicators")
    reports = community_report.objects.all()
    if filters.period:
        reports = reports.filter(
            received_at__date__gte=filters.period.start,
            received_at__date__lte=filters.period.end,
        )
    if filters.country:
        # Reports carry the gazetteer code of where the suspicion is; those without a place
        # belong to the node's own country.
        if filters.country == settings.NODE_COUNTRY:
            reports = reports.filter(
                Q(place_code__startswith=f"{filters.country}-") | Q(place_code="")
            )
        else:
            reports = reports.filter(place_code__startswith=f"{filters.country}-")
    result: dict[str, Any] = report_indicators(reports)
    return result


SECTIONS: dict[str, Callable[[Filters], dict[str, Any]]] = {
    "trainings": _trainings,
    "action_plans": lambda filters: plan_indicators(_plans(filters)),
    "campaigns": _campaigns,
    "community_reports": _reports,
}


def programme_indicators(
    user: Any, filters: Filters, *, today: datetime.date | None = None
) -> dict[str, Any]:
    """Every section that could be computed, plus `missing`: the sections that could not."""
    result: dict[str, Any] = {"missing": []}
    for name, compute in SECTIONS.items():
        try:
            section = compute(filters)
        except ImportError:
            result["missing"].append(name)
            continue
        result[name] = suppress_small_counts(section) if sees_only_aggregates(user) else section
    return result
