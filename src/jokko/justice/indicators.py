"""The criminal justice chain in figures: from interception to verdict, and across borders.

Each app owns the figures of its own records (`incident_indicators`, `investigation_indicators`,
`prosecution_indicators`); this module picks the records of a period and an offence, asks each
app, and adds the cooperation figures. When an app does not (yet) provide its function, the
figures are computed here from its models, so the page never goes blank while the chain is
being built; the `sources` entry says which figures came from where.

Only counts and durations leave this module: never a name, never a record.
"""

from __future__ import annotations

import datetime
import statistics
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from django.apps import apps
from django.db.models import QuerySet

from jokko.cooperation.actions import overdue_requests
from jokko.cooperation.models import ANSWERED_STATUSES, JudicialRequest


@dataclass(frozen=True)
class Period:
    """The filter of the page and of the API: dates included, offence "tip", "som" or ""."""

    start: datetime.date | None = None
    end: datetime.date | None = None
    offence: str = ""


def _promised(module: str, name: str) -> Callable[[Any], dict[str, Any]] | None:
    try:
        found = getattr(import_module(module), name)
    except (ImportError, AttributeError):
        return None
    return found if callable(found) else None


def _model(label: str) -> Any:
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def _in_period(qs: QuerySet[Any], field: str, period: Period) -> QuerySet[Any]:
    if period.start is not None:
        qs = qs.filter(**{f"{field}__gte": period.start})
    if period.end is not None:
        qs = qs.filter(**{f"{field}__lte": period.end})
    return qs


def _median(values: list[int]) -> float | None:
    return float(statistics.median(values)) if values else None


def incidents(period: Period) -> QuerySet[Any] | None:
    model = _model("incidents.Incident")
    if model is None:
        return None
    qs = _in_period(model.objects.all(), "occurred_on", period)
    if period.offence:
        # Offences are a JSON list: filtered in Python, as JSON containment is not portable.
        wanted = [
            pk for pk, offences in qs.values_list("pk", "offences") if period.offence in offences
        ]
        qs = qs.filter(pk__in=wanted)
    return qs


def investigations(period: Period) -> QuerySet[Any] | None:
    model = _model("investigations.Investigation")
    if model is None:
        return None
    qs = _in_period(model.objects.all(), "opened_on", period)
    if period.offence and any(f.name == "offences" for f in model._meta.get_fields()):
        wanted = [
            pk for pk, offences in qs.values_list("pk", "offences") if period.offence in offences
        ]
        qs = qs.filter(pk__in=wanted)
    return qs


def prosecutions(period: Period) -> QuerySet[Any] | None:
    model = _model("prosecutions.Prosecution")
    if model is None:
        return None
    qs = _in_period(model.objects.all(), "opened_on", period)
    if period.offence:
        qs = qs.filter(defendants__charges__offence=period.offence).distinct()
    return qs


def _incident_fallback(qs: QuerySet[Any]) -> dict[str, Any]:
    from django.db.models import Count, Sum

    persons = apps.get_model("incidents.IncidentPerson").objects.filter(incident__in=qs)
    by_offence: Counter[str] = Counter()
    for offences in qs.values_list("offences", flat=True):
        by_offence.update(offences)
    return {
        "incidents": qs.count(),
        "by_kind": dict(qs.values_list("kind").annotate(n=Count("id")).order_by("kind")),
        "by_place": dict(
            qs.values_list("place_code").annotate(n=Count("id")).order_by("place_code")
        ),
        "persons_by_role": dict(
            persons.values_list("role").annotate(n=Sum("count")).order_by("role")
        ),
        "by_offence": dict(sorted(by_offence.items())),
    }


def _investigation_fallback(qs: QuerySet[Any]) -> dict[str, Any]:
    from django.db.models import Count

    return {
        "investigations": qs.count(),
        "by_status": dict(qs.values_list("status").annotate(n=Count("id")).order_by("status")),
    }


def _identified_on(suspect_ids: set[int]) -> dict[int, datetime.date]:
    """The first incident each suspect appears in: when the justice chain met them."""
    person_model = _model("incidents.IncidentPerson")
    suspect_model = _model("incidents.Suspect")
    if person_model is None or suspect_model is None:
        return {}
    person_of = dict(
        suspect_model.objects.filter(pk__in=suspect_ids).values_list("person_id", "pk")
    )
    first: dict[int, datetime.date] = {}
    rows = person_model.objects.filter(person_id__in=person_of).values_list(
        "person_id", "incident__occurred_on"
    )
    for person_id, day in rows:
        suspect_id = person_of[person_id]
        if suspect_id not in first or day < first[suspect_id]:
            first[suspect_id] = day
    return first


def _prosecution_fallback(qs: QuerySet[Any]) -> dict[str, Any]:
    from django.db.models import Count

    verdicts = apps.get_model("prosecutions.Verdict").objects.filter(
        charge__defendant__prosecution__in=qs
    )
    by_offence: dict[str, dict[str, int]] = {}
    for offence, outcome, n in (
        verdicts.values_list("charge__offence", "outcome")
        .annotate(n=Count("id"))
        .order_by("charge__offence", "outcome")
    ):
        by_offence.setdefault(offence, {})[outcome] = n
    months = sorted(
        apps.get_model("prosecutions.Sentence")
        .objects.filter(verdict__in=verdicts)
        .values_list("prison_months", flat=True)
    )
    decided = list(verdicts.values_list("charge__defendant__suspect_id", "decided_on"))
    identified = _identified_on({suspect for suspect, _day in decided})
    days = [(day - identified[s]).days for s, day in decided if s in identified]
    return {
        "prosecutions": qs.count(),
        "convictions": verdicts.filter(outcome="convicted").count(),
        "acquittals": verdicts.filter(outcome="acquitted").count(),
        "verdicts_by_offence": by_offence,
        "sentence_months": {
            "count": len(months),
            "median": _median(months),
            "min": months[0] if months else None,
            "max": months[-1] if months else None,
        },
        "days_identification_to_verdict": {"count": len(days), "median": _median(days)},
        "attrition": {
            "by_status": dict(qs.values_list("status").annotate(n=Count("id")).order_by("status")),
            "stopped_because": dict(
                qs.exclude(stop_reason="")
                .values_list("stop_reason")
                .annotate(n=Count("id"))
                .order_by("stop_reason")
            ),
        },
    }


def cooperation_indicators(requests: QuerySet[JudicialRequest]) -> dict[str, Any]:
    """Requests by status, overdue, and the median time the other country took to answer."""
    from django.db.models import Count

    answered = requests.filter(
        status__in=ANSWERED_STATUSES, sent_on__isnull=False, answered_on__isnull=False
    )
    days = [
        (answered_on - sent_on).days
        for sent_on, answered_on in answered.values_list("sent_on", "answered_on")
        if sent_on is not None and answered_on is not None
    ]
    return {
        "requests": requests.count(),
        "by_kind": dict(requests.values_list("kind").annotate(n=Count("id")).order_by("kind")),
        "by_status": dict(
            requests.values_list("status").annotate(n=Count("id")).order_by("status")
        ),
        "overdue": overdue_requests(requests).count(),
        "median_days_to_answer": _median(days),
    }


def _convictions(qs: QuerySet[Any] | None) -> int:
    if qs is None:
        return 0
    verdict = apps.get_model("prosecutions.Verdict")
    return int(
        verdict.objects.filter(charge__defendant__prosecution__in=qs, outcome="convicted").count()
    )


def justice_indicators(period: Period) -> dict[str, Any]:
    """Every figure of the page and of the API route, for one period and offence."""
    sources: dict[str, str] = {}
    sections: dict[str, dict[str, Any]] = {}
    headline: dict[str, int] = {}
    plan: list[tuple[str, QuerySet[Any] | None, str, Callable[[QuerySet[Any]], dict[str, Any]]]] = [
        ("incidents", incidents(period), "jokko.incidents.indicators", _incident_fallback),
        (
            "investigations",
            investigations(period),
            "jokko.investigations.indicators",
            _investigation_fallback,
        ),
        (
            "prosecutions",
            prosecutions(period),
            "jokko.prosecutions.indicators",
            _prosecution_fallback,
        ),
    ]
    for name, qs, module, fallback in plan:
        if qs is None:
            sources[name] = "unavailable"
            sections[name] = {}
            headline[name] = 0
            continue
        promised = _promised(module, name.rstrip("s") + "_indicators")
        sections[name] = promised(qs) if promised else fallback(qs)
        sources[name] = f"{module}" if promised else "jokko.justice.indicators (computed here)"
        headline[name] = qs.count()
    headline["convictions"] = _convictions(prosecutions(period))
    requests = JudicialRequest.objects.all()
    if period.start is not None:
        requests = requests.filter(created_at__date__gte=period.start)
    if period.end is not None:
        requests = requests.filter(created_at__date__lte=period.end)
    sections["cooperation"] = cooperation_indicators(requests)
    sources["cooperation"] = "jokko.justice.indicators"
    headline["cooperation_requests"] = sections["cooperation"]["requests"]
    return {
        "period": {
            "start": period.start.isoformat() if period.start else None,
            "end": period.end.isoformat() if period.end else None,
            "offence": period.offence,
        },
        "headline": headline,
        **sections,
        "sources": sources,
    }
