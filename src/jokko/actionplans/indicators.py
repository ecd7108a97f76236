"""Indicators of joint action plans, for the programme indicators page and API.

`plan_indicators(plans_qs)` is the promised interface (see the programme brief): it only
aggregates, so analysts may see its output (after small-count suppression by the caller).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.utils import timezone

from jokko.actionplans.models import (
    CLOSED_ACTIVITY_STATUSES,
    Activity,
    ActivityStatus,
    Decision,
    FollowUpStatus,
    Indicator,
    Plan,
)
from jokko.actionplans.progress import completion_rate, progress_toward_target


def overdue_activities(
    plans_qs: QuerySet[Plan], today: datetime.date | None = None
) -> QuerySet[Activity]:
    """Activities past their end date that are neither done nor cancelled."""
    today = today or timezone.localdate()
    return (
        Activity.objects.filter(plan__in=plans_qs, ends_on__lt=today)
        .exclude(status__in=CLOSED_ACTIVITY_STATUSES)
        .select_related("plan", "outcome")
        .order_by("ends_on", "id")
    )


def overdue_decisions(
    plans_qs: QuerySet[Plan], today: datetime.date | None = None
) -> QuerySet[Decision]:
    """Follow-up actions decided at a meeting, still open after their due date."""
    today = today or timezone.localdate()
    return (
        Decision.objects.filter(
            meeting__plan__in=plans_qs, due_on__lt=today, status=FollowUpStatus.OPEN
        )
        .select_related("meeting__plan")
        .order_by("due_on", "id")
    )


def _decimal_text(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def plan_indicators(plans_qs: QuerySet[Plan], today: datetime.date | None = None) -> dict[str, Any]:
    """Activities by status, completion rate, overdue counts, budget and indicator progress."""
    today = today or timezone.localdate()
    activities = Activity.objects.filter(plan__in=plans_qs)
    by_status = {code: 0 for code in ActivityStatus.values}
    for row in activities.values("status").annotate(n=Count("id")).order_by("status"):
        by_status[row["status"]] = row["n"]
    total = sum(by_status.values())
    budget: dict[str, dict[str, str]] = {}
    sums = (
        activities.values("budget_currency")
        .annotate(planned=Sum("budget_amount"), spent=Sum("spent_amount"))
        .order_by("budget_currency")
    )
    for money in sums:
        budget[money["budget_currency"]] = {
            "planned": f"{money['planned'] or 0:.2f}",
            "spent": f"{money['spent'] or 0:.2f}",
        }
    per_plan: dict[int, dict[str, int]] = defaultdict(lambda: {"total": 0, "done": 0, "cx": 0})
    for row in activities.values("plan_id", "status").annotate(n=Count("id")).order_by("plan_id"):
        counts = per_plan[row["plan_id"]]
        counts["total"] += row["n"]
        if row["status"] == ActivityStatus.DONE:
            counts["done"] += row["n"]
        if row["status"] == ActivityStatus.CANCELLED:
            counts["cx"] += row["n"]
    plans = []
    for plan in plans_qs.order_by("starts_on", "id"):
        counts = per_plan[plan.pk]
        plans.append(
            {
                "reference": plan.reference,
                "title": plan.title,
                "countries": plan.country_list,
                "activities": counts["total"],
                "done": counts["done"],
                "completion_rate": completion_rate(counts["done"], counts["total"], counts["cx"]),
            }
        )
    indicators = [
        {
            "plan": indicator.plan.reference,
            "name": indicator.name,
            "unit": indicator.unit,
            "baseline": _decimal_text(indicator.baseline),
            "target": _decimal_text(indicator.target),
            "actual": _decimal_text(indicator.actual),
            "progress": progress_toward_target(
                indicator.baseline, indicator.target, indicator.actual
            ),
        }
        for indicator in Indicator.objects.filter(plan__in=plans_qs)
        .select_related("plan")
        .order_by("plan__starts_on", "plan_id", "id")
    ]
    return {
        "plans": len(plans),
        "activities": total,
        "activities_by_status": by_status,
        "completion_rate": completion_rate(
            by_status[ActivityStatus.DONE], total, by_status[ActivityStatus.CANCELLED]
        ),
        "overdue_activities": overdue_activities(plans_qs, today).count(),
        "overdue_follow_ups": overdue_decisions(plans_qs, today).count(),
        "budget": budget,
        "per_plan": plans,
        "indicators": indicators,
    }
