"""API routes of the actionplans app (mounted under /api/v1/actionplans/ by jokko/api/api.py).

The same actions and access functions as the pages, so a partner's monitoring spreadsheet or
tool can create plans, add activities and meetings, and read progress with the same refusals.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from jokko.accounts.access import ActionForbidden, NotFoundOrForbidden
from jokko.actionplans import actions
from jokko.actionplans.access import access_plan_by_id, can_use_plans, visible_plans
from jokko.actionplans.indicators import overdue_activities, overdue_decisions
from jokko.actionplans.models import Activity, Plan
from jokko.api.schemas import ERRORS

router = Router(tags=["actionplans"])
CHANNEL = "api"


class ActivityOut(Schema):
    id: int
    outcome_id: int
    title: str
    starts_on: datetime.date
    ends_on: datetime.date
    responsible_organisation_ids: list[int]
    responsible_countries: list[str]
    responsible_note: str
    budget_amount: Decimal
    budget_currency: str
    spent_amount: Decimal
    status: str
    completed_on: datetime.date | None
    overdue: bool


class OutcomeOut(Schema):
    id: int
    title: str


class IndicatorOut(Schema):
    id: int
    name: str
    unit: str
    baseline: Decimal
    target: Decimal
    actual: Decimal | None


class DecisionOut(Schema):
    id: int
    text: str
    responsible: str
    due_on: datetime.date
    status: str


class MeetingOut(Schema):
    id: int
    held_on: datetime.date
    place: str
    participants: str
    minutes: str
    decisions: list[DecisionOut]


class PlanOut(Schema):
    id: int
    reference: str
    title: str
    countries: list[str]
    starts_on: datetime.date
    ends_on: datetime.date
    status: str
    outcomes: list[OutcomeOut]
    activities: list[ActivityOut]
    indicators: list[IndicatorOut]
    meetings: list[MeetingOut]


class PlanIn(Schema):
    title: str
    countries: list[str] = Field(..., description="ISO 3166-1 alpha-2; at least two")
    starts_on: datetime.date
    ends_on: datetime.date
    status: str = "active"
    description: str = ""
    reference: str = ""
    outcomes: list[str] = []


class ActivityIn(Schema):
    outcome_id: int
    title: str
    starts_on: datetime.date
    ends_on: datetime.date
    organisation_ids: list[int] = []
    countries: list[str] = []
    responsible_note: str = ""
    budget_amount: Decimal | None = None
    budget_currency: str = "XOF"
    status: str = "planned"
    completed_on: datetime.date | None = None


class ActivityStatusIn(Schema):
    status: str
    completed_on: datetime.date | None = None
    spent_amount: Decimal | None = None


class IndicatorIn(Schema):
    name: str
    unit: str = ""
    baseline: Decimal = Decimal(0)
    target: Decimal
    actual: Decimal | None = None


class IndicatorUpdateIn(Schema):
    actual: Decimal
    measured_on: datetime.date | None = None


class DecisionIn(Schema):
    text: str
    responsible: str
    due_on: datetime.date


class MeetingIn(Schema):
    held_on: datetime.date
    place: str
    participants: str
    minutes: str = ""
    decisions: list[DecisionIn] = []


class OverdueOut(Schema):
    activities: list[dict[str, Any]]
    follow_ups: list[dict[str, Any]]


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _activity_out(activity: Activity, today: datetime.date) -> dict[str, Any]:
    return {
        "id": activity.pk,
        "outcome_id": activity.outcome_id,
        "title": activity.title,
        "starts_on": activity.starts_on,
        "ends_on": activity.ends_on,
        "responsible_organisation_ids": sorted(
            o.pk for o in activity.responsible_organisations.all()
        ),
        "responsible_countries": activity.responsible_country_list,
        "responsible_note": activity.responsible_note,
        "budget_amount": activity.budget_amount,
        "budget_currency": activity.budget_currency,
        "spent_amount": activity.spent_amount,
        "status": activity.status,
        "completed_on": activity.completed_on,
        "overdue": activity.is_overdue(today),
    }


def plan_out(plan: Plan) -> dict[str, Any]:
    today = timezone.localdate()
    activities = plan.activities.prefetch_related("responsible_organisations").order_by(
        "starts_on", "id"
    )
    return {
        "id": plan.pk,
        "reference": plan.reference,
        "title": plan.title,
        "countries": plan.country_list,
        "starts_on": plan.starts_on,
        "ends_on": plan.ends_on,
        "status": plan.status,
        "outcomes": list(plan.outcomes.all()),
        "activities": [_activity_out(a, today) for a in activities],
        "indicators": list(plan.indicators.all()),
        "meetings": [
            {
                "id": m.pk,
                "held_on": m.held_on,
                "place": m.place,
                "participants": m.participants,
                "minutes": m.minutes,
                "decisions": list(m.decisions.all()),
            }
            for m in plan.meetings.all()
        ],
    }


@router.get("", response={200: list[PlanOut], **ERRORS})
def list_plans(request: HttpRequest, country: str = "") -> list[dict[str, Any]]:
    user = _user(request)
    if not can_use_plans(user):
        raise ActionForbidden
    plans = visible_plans(user)
    if country:
        plans = plans.filter(countries__contains=country.upper()[:2])
    return [plan_out(plan) for plan in plans[:200]]


@router.post("", response={201: PlanOut, **ERRORS})
def create_plan(request: HttpRequest, payload: PlanIn) -> Status[dict[str, Any]]:
    plan = actions.create_plan(_user(request), actions.PlanInput(**payload.dict()), channel=CHANNEL)
    return Status(201, plan_out(plan))


@router.get("/overdue", response={200: OverdueOut, **ERRORS})
def overdue(request: HttpRequest) -> dict[str, Any]:
    user = _user(request)
    if not can_use_plans(user):
        raise ActionForbidden
    plans = visible_plans(user)
    today = timezone.localdate()
    return {
        "activities": [
            {
                "id": a.pk,
                "plan": a.plan.reference,
                "title": a.title,
                "ends_on": a.ends_on,
                "status": a.status,
            }
            for a in overdue_activities(plans, today)
        ],
        "follow_ups": [
            {
                "id": d.pk,
                "plan": d.meeting.plan.reference,
                "text": d.text,
                "responsible": d.responsible,
                "due_on": d.due_on,
            }
            for d in overdue_decisions(plans, today)
        ],
    }


@router.get("/{plan_id}", response={200: PlanOut, **ERRORS})
def get_plan(request: HttpRequest, plan_id: int) -> dict[str, Any]:
    return plan_out(access_plan_by_id(_user(request), plan_id, channel=CHANNEL))


@router.post("/{plan_id}/activities", response={201: ActivityOut, **ERRORS})
def add_activity(request: HttpRequest, plan_id: int, payload: ActivityIn) -> Status[dict[str, Any]]:
    user = _user(request)
    plan = access_plan_by_id(user, plan_id, channel=CHANNEL)
    activity = actions.add_activity(
        user, plan, actions.ActivityInput(**payload.dict()), channel=CHANNEL
    )
    return Status(201, _activity_out(activity, timezone.localdate()))


@router.post("/{plan_id}/activities/{activity_id}/status", response={200: ActivityOut, **ERRORS})
def update_activity_status(
    request: HttpRequest, plan_id: int, activity_id: int, payload: ActivityStatusIn
) -> dict[str, Any]:
    user = _user(request)
    plan = access_plan_by_id(user, plan_id, channel=CHANNEL)
    activity = plan.activities.filter(pk=activity_id).first()
    if activity is None:
        raise NotFoundOrForbidden
    actions.update_activity_status(user, activity, **payload.dict(), channel=CHANNEL)
    return _activity_out(activity, timezone.localdate())


@router.post("/{plan_id}/indicators", response={201: IndicatorOut, **ERRORS})
def add_indicator(request: HttpRequest, plan_id: int, payload: IndicatorIn) -> Status[Any]:
    user = _user(request)
    plan = access_plan_by_id(user, plan_id, channel=CHANNEL)
    return Status(201, actions.add_indicator(user, plan, **payload.dict(), channel=CHANNEL))


@router.post("/{plan_id}/indicators/{indicator_id}", response={200: IndicatorOut, **ERRORS})
def update_indicator(
    request: HttpRequest, plan_id: int, indicator_id: int, payload: IndicatorUpdateIn
) -> Any:
    user = _user(request)
    plan = access_plan_by_id(user, plan_id, channel=CHANNEL)
    indicator = plan.indicators.filter(pk=indicator_id).first()
    if indicator is None:
        raise NotFoundOrForbidden
    return actions.update_indicator(user, indicator, **payload.dict(), channel=CHANNEL)


@router.post("/{plan_id}/meetings", response={201: MeetingOut, **ERRORS})
def record_meeting(request: HttpRequest, plan_id: int, payload: MeetingIn) -> Status[Any]:
    user = _user(request)
    plan = access_plan_by_id(user, plan_id, channel=CHANNEL)
    data = payload.dict()
    decisions = [actions.DecisionInput(**d) for d in data.pop("decisions")]
    meeting = actions.record_meeting(
        user, plan, actions.MeetingInput(**data, decisions=decisions), channel=CHANNEL
    )
    return Status(
        201,
        {
            "id": meeting.pk,
            "held_on": meeting.held_on,
            "place": meeting.place,
            "participants": meeting.participants,
            "minutes": meeting.minutes,
            "decisions": list(meeting.decisions.all()),
        },
    )
