"""Pages of the actionplans app. Each view parses a plain HTML form, calls one action or access
function, and renders; validation lives in `actions.py`, so the API refuses the same input.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jokko.accounts.access import NotFoundOrForbidden
from jokko.accounts.models import Organisation
from jokko.actionplans import actions
from jokko.actionplans.access import access_plan_by_id, can_use_plans, visible_plans
from jokko.actionplans.indicators import overdue_activities, overdue_decisions, plan_indicators
from jokko.actionplans.models import (
    Activity,
    ActivityStatus,
    Decision,
    FollowUpStatus,
    Indicator,
    Plan,
    PlanStatus,
)
from jokko.actionplans.progress import progress_toward_target
from jokko.actionplans.timeline import Axis
from jokko.audit.actions import record
from jokko.gazetteer.places import COUNTRIES, country_name
from jokko.spreadsheets.export import export_requested, export_response
from jokko.web.responses import forbidden

MEETING_DECISION_ROWS = 5


def parse_date(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat((value or "").strip())
    except ValueError:
        return None


def parse_int(value: str | None) -> int | None:
    try:
        return int((value or "").strip())
    except ValueError:
        return None


def error_list(error: ValidationError) -> list[str]:
    if hasattr(error, "message_dict"):
        return [m for messages_ in error.message_dict.values() for m in messages_]
    return list(error.messages)


def country_choices() -> list[tuple[str, str]]:
    language = get_language() or "en"
    return sorted(((code, country_name(code, language)) for code in COUNTRIES), key=lambda c: c[1])


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    if not can_use_plans(request.user):
        return forbidden(request, "actionplan-list")
    plans = visible_plans(request.user)
    status = request.GET.get("status", "")
    if status in PlanStatus.values:
        plans = plans.filter(status=status)
    country = request.GET.get("country", "").upper()
    if country in COUNTRIES:
        plans = plans.filter(countries__contains=country)
    summary = {row["reference"]: row for row in plan_indicators(plans)["per_plan"]}
    if fmt := export_requested(request):
        record(request.user, "export", "action_plans", "", format=fmt)
        return export_response(
            "action-plans",
            fmt,
            [
                _("Reference"),
                _("Title"),
                _("Countries"),
                _("Starts on"),
                _("Ends on"),
                _("Status"),
                _("Activities"),
                _("Done"),
                _("Completion rate"),
            ],
            [
                [
                    plan.reference,
                    plan.title,
                    " ".join(plan.country_list),
                    plan.starts_on,
                    plan.ends_on,
                    plan.get_status_display(),
                    summary[plan.reference]["activities"],
                    summary[plan.reference]["done"],
                    summary[plan.reference]["completion_rate"],
                ]
                for plan in plans
            ],
        )
    rows = [(plan, summary.get(plan.reference)) for plan in plans[:200]]
    return render(
        request,
        "actionplans/list.html",
        {
            "rows": rows,
            "status": status,
            "statuses": PlanStatus.choices,
            "country": country,
            "countries": country_choices(),
            "export_links": True,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_new(request: HttpRequest) -> HttpResponse:
    if not can_use_plans(request.user):
        return forbidden(request, "actionplan-new")
    errors: list[str] = []
    data: QueryDict = request.POST if request.method == "POST" else request.GET
    chosen = data.getlist("countries") or [settings.NODE_COUNTRY]
    if request.method == "POST":
        form = actions.PlanInput(
            title=data.get("title", ""),
            countries=data.getlist("countries"),
            starts_on=parse_date(data.get("starts_on")),
            ends_on=parse_date(data.get("ends_on")),
            status=data.get("status", PlanStatus.ACTIVE),
            description=data.get("description", ""),
            reference=data.get("reference", ""),
            outcomes=data.get("outcomes", "").splitlines(),
        )
        try:
            plan = actions.create_plan(request.user, form)
        except ValidationError as error:
            errors = error_list(error)
        else:
            messages.success(request, _("Plan %(ref)s created.") % {"ref": plan.reference})
            return redirect("actionplan-detail", plan_id=plan.pk)
    return render(
        request,
        "actionplans/new.html",
        {
            "errors": errors,
            "data": data,
            "chosen": chosen,
            "countries": country_choices(),
            "statuses": PlanStatus.choices,
        },
        status=400 if errors else 200,
    )


def _plan(user: Any, plan_id: int) -> Plan:
    try:
        return access_plan_by_id(user, plan_id)
    except NotFoundOrForbidden:
        raise Http404 from None


def _detail_context(plan: Plan) -> dict[str, Any]:
    today = timezone.localdate()
    outcomes = []
    for outcome in plan.outcomes.all():
        activities = list(outcome.activities.prefetch_related("responsible_organisations"))
        outcomes.append((outcome, [(a, a.is_overdue(today)) for a in activities]))
    meetings = [(m, list(m.decisions.all())) for m in plan.meetings.all()]
    return {
        "plan": plan,
        "outcomes": outcomes,
        "indicators": plan_indicators(Plan.objects.filter(pk=plan.pk), today),
        "indicator_rows": [
            (i, progress_toward_target(i.baseline, i.target, i.actual))
            for i in plan.indicators.all()
        ],
        "meetings": meetings,
        "today": today,
        "activity_statuses": ActivityStatus.choices,
        "plan_statuses": PlanStatus.choices,
        "follow_up_statuses": FollowUpStatus.choices,
        "organisations": Organisation.objects.order_by("name"),
        "errors": [],
        "data": {},
    }


@login_required
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan(request.user, plan_id)
    return render(request, "actionplans/detail.html", _detail_context(plan))


def _apply_step(user: Any, plan: Plan, step: str, data: QueryDict) -> Any:
    if step == "plan-status":
        return actions.update_plan_status(user, plan, status=data.get("status", ""))
    if step == "outcome":
        return actions.add_outcome(user, plan, title=data.get("title", ""))
    if step == "activity":
        return actions.add_activity(
            user,
            plan,
            actions.ActivityInput(
                outcome_id=parse_int(data.get("outcome_id")),
                title=data.get("title", ""),
                starts_on=parse_date(data.get("starts_on")),
                ends_on=parse_date(data.get("ends_on")),
                organisation_ids=[
                    i for i in (parse_int(v) for v in data.getlist("organisation_ids")) if i
                ],
                countries=data.getlist("responsible_countries"),
                responsible_note=data.get("responsible_note", ""),
                budget_amount=data.get("budget_amount", ""),
                budget_currency=data.get("budget_currency", "") or "XOF",
                status=data.get("status", ActivityStatus.PLANNED),
                completed_on=parse_date(data.get("completed_on")),
            ),
        )
    if step == "activity-status":
        activity = Activity.objects.filter(
            plan=plan, pk=parse_int(data.get("activity_id")) or 0
        ).first()
        if activity is None:
            raise ValidationError({"activity_id": [_("Choose an activity of this plan.")]})
        return actions.update_activity_status(
            user,
            activity,
            status=data.get("status", ""),
            completed_on=parse_date(data.get("completed_on")),
            spent_amount=data.get("spent_amount", ""),
        )
    if step == "indicator":
        return actions.add_indicator(
            user,
            plan,
            name=data.get("name", ""),
            unit=data.get("unit", ""),
            baseline=data.get("baseline", ""),
            target=data.get("target", ""),
            actual=data.get("actual", ""),
        )
    if step == "indicator-update":
        indicator = Indicator.objects.filter(
            plan=plan, pk=parse_int(data.get("indicator_id")) or 0
        ).first()
        if indicator is None:
            raise ValidationError({"indicator_id": [_("Choose an indicator of this plan.")]})
        return actions.update_indicator(
            user,
            indicator,
            actual=data.get("actual", ""),
            measured_on=parse_date(data.get("measured_on")),
        )
    if step == "decision-status":
        decision = Decision.objects.filter(
            meeting__plan=plan, pk=parse_int(data.get("decision_id")) or 0
        ).first()
        if decision is None:
            raise ValidationError({"decision_id": [_("Choose a follow-up action of this plan.")]})
        return actions.update_decision(
            user, decision, status=data.get("status", ""), done_on=parse_date(data.get("done_on"))
        )
    raise Http404


@login_required
@require_POST
def plan_step(request: HttpRequest, plan_id: int, step: str) -> HttpResponse:
    plan = _plan(request.user, plan_id)
    try:
        _apply_step(request.user, plan, step, request.POST)
    except ValidationError as error:
        context = _detail_context(plan)
        context["errors"] = error_list(error)
        context["data"] = request.POST
        context["failed_step"] = step
        context["form_" + step.replace("-", "_")] = request.POST
        context["form_activity_countries"] = request.POST.getlist("responsible_countries")
        return render(request, "actionplans/detail.html", context, status=400)
    messages.success(request, _("Saved."))
    return redirect("actionplan-detail", plan_id=plan.pk)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_new(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan(request.user, plan_id)
    errors: list[str] = []
    data: QueryDict = request.POST if request.method == "POST" else request.GET
    if request.method == "POST":
        decisions = [
            actions.DecisionInput(
                text=data.get(f"decision_text_{n}", ""),
                responsible=data.get(f"decision_responsible_{n}", ""),
                due_on=parse_date(data.get(f"decision_due_{n}")),
            )
            for n in range(1, MEETING_DECISION_ROWS + 1)
        ]
        form = actions.MeetingInput(
            held_on=parse_date(data.get("held_on")),
            place=data.get("place", ""),
            participants=data.get("participants", ""),
            minutes=data.get("minutes", ""),
            decisions=decisions,
        )
        try:
            actions.record_meeting(request.user, plan, form)
        except ValidationError as error:
            errors = error_list(error)
        else:
            messages.success(request, _("Meeting recorded."))
            return redirect("actionplan-detail", plan_id=plan.pk)
    rows = [
        {
            "n": n,
            "text": data.get(f"decision_text_{n}", ""),
            "responsible": data.get(f"decision_responsible_{n}", ""),
            "due": data.get(f"decision_due_{n}", ""),
        }
        for n in range(1, MEETING_DECISION_ROWS + 1)
    ]
    return render(
        request,
        "actionplans/meeting_new.html",
        {"plan": plan, "errors": errors, "data": data, "rows": rows},
        status=400 if errors else 200,
    )


@login_required
def plan_timeline(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Bars per activity across the plan's months, a today line, overdue bars highlighted."""
    plan = _plan(request.user, plan_id)
    today = timezone.localdate()
    axis = Axis(plan.starts_on, plan.ends_on)
    rows = []
    for activity in plan.activities.select_related("outcome").order_by(
        "outcome__position", "outcome_id", "starts_on", "id"
    ):
        rows.append(
            {
                "activity": activity,
                "bar": axis.bar(activity.starts_on, activity.ends_on),
                "overdue": activity.is_overdue(today),
            }
        )
    return render(
        request,
        "actionplans/timeline.html",
        {
            "plan": plan,
            "months": axis.months(),
            "rows": rows,
            "today": today,
            "today_pct": axis.pct(today) if axis.contains(today) else None,
        },
    )


@login_required
def overdue_list(request: HttpRequest) -> HttpResponse:
    """Late activities and late follow-up actions of every plan the user may see."""
    if not can_use_plans(request.user):
        return forbidden(request, "actionplan-overdue")
    plans = visible_plans(request.user)
    today = timezone.localdate()
    if fmt := export_requested(request):
        record(request.user, "export", "overdue_plan_work", "", format=fmt)
        rows: list[list[Any]] = [
            [
                _("Activity"),
                a.plan.reference,
                a.title,
                a.ends_on,
                a.get_status_display(),
                ", ".join(
                    a.responsible_country_list
                    + ([a.responsible_note] if a.responsible_note else [])
                ),
            ]
            for a in overdue_activities(plans, today)
        ]
        rows += [
            [
                _("Follow-up action"),
                d.meeting.plan.reference,
                d.text,
                d.due_on,
                d.get_status_display(),
                d.responsible,
            ]
            for d in overdue_decisions(plans, today)
        ]
        return export_response(
            "overdue",
            fmt,
            [_("Kind"), _("Plan"), _("What"), _("Due on"), _("Status"), _("Responsible")],
            rows,
        )
    return render(
        request,
        "actionplans/overdue.html",
        {
            "export_links": True,
            "activities": overdue_activities(plans, today),
            "decisions": overdue_decisions(plans, today),
            "today": today,
        },
    )
