"""The home page (what needs doing today) and the pseudonymised analysis page."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from jokko.accounts.access import can_see_aggregates
from jokko.accounts.models import Role
from jokko.cases.access import visible_cases
from jokko.cases.models import Case, FollowUp, Referral
from jokko.cases.workflow import OPEN_REFERRAL_STATUSES, CaseStatus, FollowUpStatus, ReferralStatus
from jokko.web.responses import forbidden

# How many items of each list the home page shows; the count of the rest is shown too.
HOME_LIST_LENGTH = 10


def _first(queryset: Any) -> dict[str, Any]:
    return {"items": list(queryset[:HOME_LIST_LENGTH]), "total": queryset.count()}


def work_queue(user: Any) -> dict[str, Any]:
    """What is late or waiting for this user: overdue referrals and follow-ups, open cases.

    Overdue referrals are those the user's side sent (a provider sees what it must answer in
    "referrals to answer" instead), oldest first.
    """
    today = timezone.localdate()
    cases = visible_cases(user)
    sent = Referral.objects.filter(
        case__in=cases, status__in=OPEN_REFERRAL_STATUSES, due_on__lt=today
    )
    if user.role == Role.CASE_WORKER:
        sent = sent.exclude(to_organisation_id=user.organisation_id)
    to_answer = Referral.objects.filter(
        to_organisation_id=user.organisation_id, status=ReferralStatus.SENT
    )
    return {
        "overdue_referrals": _first(
            sent.select_related("case", "to_organisation").order_by("due_on")
        ),
        "awaiting_answer": _first(to_answer.select_related("case").order_by("due_on"))
        if user.role == Role.CASE_WORKER
        else {"items": [], "total": 0},
        "overdue_follow_ups": _first(
            FollowUp.objects.filter(case__in=cases, status=FollowUpStatus.PLANNED, due_on__lt=today)
            .select_related("case")
            .order_by("due_on")
        ),
        "my_cases": _first(
            cases.filter(assigned_to=user).exclude(status=CaseStatus.CLOSED).order_by("-id")
        ),
    }


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html", work_queue(request.user))


# Counts below this are shown as "<5": small cells can single out a survivor.
SMALL_COUNT = 5


def suppress(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [{**row, "n": row["n"] if row["n"] >= SMALL_COUNT else None} for row in rows]


def _counts(field: str, limit: int = 15) -> list[dict[str, Any]]:
    rows = Case.objects.values(field).annotate(n=Count("id")).order_by("-n", field)[:limit]
    return suppress(rows)


@login_required
def analysis(request: HttpRequest) -> HttpResponse:
    """Aggregates with small-count suppression; no name, no pseudonym-level drill-down."""
    if not can_see_aggregates(request.user):
        return forbidden(request, "analysis")
    by_status = _counts("status")
    by_type = _counts("case_type")
    by_place = _counts("place_code")
    by_nationality = _counts("person__nationality")
    cases = Case.objects.all()
    return render(
        request,
        "analysis.html",
        {
            "total": cases.count(),
            "by_status": by_status,
            "by_type": by_type,
            "by_place": by_place,
            "by_nationality": by_nationality,
            "small_count": SMALL_COUNT,
            "node": settings.NODE_COUNTRY,
        },
    )
