"""Community report indicators for the programme indicators page and the analysis issue.

Counts only: no text, no contact, no reporter. "Time to triage" is the time from reception to
the first decision an operator took on the report (triage, duplicate, dismissal, conversion or
forwarding), in hours.
"""

from __future__ import annotations

import math
from typing import Any

from django.db.models import Count, QuerySet

from jokko.community.models import CommunityReport, ReportStatus


def _counts(reports: QuerySet[CommunityReport], field: str) -> dict[str, int]:
    return {
        key: n
        for key, n in reports.order_by()
        .values_list(field)
        .annotate(n=Count("id"))
        .values_list(field, "n")
    }


def percentile(sorted_values: list[float], fraction: float) -> float | None:
    """Nearest-rank percentile (the value a reader can find in the list), None when empty."""
    if not sorted_values:
        return None
    rank = max(1, math.ceil(fraction * len(sorted_values)))
    return sorted_values[rank - 1]


def report_indicators(reports: QuerySet[CommunityReport]) -> dict[str, Any]:
    """{"reports", "by_channel", "by_urgency", "by_status", "by_place", "by_committee",
    "converted_to_case", "converted_to_incident", "case_conversion_rate",
    "incident_conversion_rate", "triaged", "median_hours_to_triage", "p90_hours_to_triage"}.

    Conversion rates are over all reports except duplicates (a duplicate is the same report
    counted twice); None when there is nothing to divide by.
    """
    total = reports.count()
    by_status = _counts(reports, "status")
    distinct = total - by_status.get(ReportStatus.DUPLICATE, 0)
    to_case = reports.filter(case__isnull=False).count()
    to_incident = reports.filter(incident__isnull=False).count()
    hours = sorted(
        (triaged - received).total_seconds() / 3600  # type: ignore[operator]
        for received, triaged in reports.filter(triaged_at__isnull=False).values_list(
            "received_at", "triaged_at"
        )
    )
    median = None
    if hours:
        middle = len(hours) // 2
        median = hours[middle] if len(hours) % 2 else (hours[middle - 1] + hours[middle]) / 2
    by_committee = {
        name: n
        for name, n in reports.filter(committee__isnull=False)
        .order_by()
        .values_list("committee__name")
        .annotate(n=Count("id"))
        .values_list("committee__name", "n")
    }
    return {
        "reports": total,
        "by_channel": _counts(reports, "channel"),
        "by_urgency": _counts(reports, "urgency"),
        "by_status": by_status,
        "by_place": _counts(reports.exclude(place_code=""), "place_code"),
        "by_committee": by_committee,
        "committees": len(by_committee),
        "converted_to_case": to_case,
        "converted_to_incident": to_incident,
        "case_conversion_rate": round(to_case / distinct, 4) if distinct else None,
        "incident_conversion_rate": round(to_incident / distinct, 4) if distinct else None,
        "triaged": len(hours),
        "median_hours_to_triage": None if median is None else round(median, 2),
        "p90_hours_to_triage": None if not hours else round(percentile(hours, 0.9) or 0, 2),
    }
