"""Shared builders for action-plan tests and the permission matrices (tests/web, tests/api)."""

from __future__ import annotations

import datetime
from typing import Any

from jokko.accounts.models import User

TODAY = datetime.date.today()


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


def plan_for_permissions() -> Any:
    """A Senegal-Mauritania plan with one outcome, one overdue activity and one indicator."""
    from jokko.actionplans import actions
    from jokko.actionplans.models import Plan

    existing = Plan.objects.filter(reference="PAC-PERM").first()
    if existing is not None:
        return existing
    officer = User.objects.get(username="programme")
    plan = actions.create_plan(
        officer,
        actions.PlanInput(
            title="Plan d'action conjoint Sénégal-Mauritanie",
            countries=["SN", "MR"],
            starts_on=days(-400),
            ends_on=days(400),
            reference="PAC-PERM",
            outcomes=["Renforcement des capacités"],
        ),
    )
    actions.add_activity(
        officer,
        plan,
        actions.ActivityInput(
            outcome_id=plan.outcomes.get().pk,
            title="Sessions de formation",
            starts_on=days(-300),
            ends_on=days(-10),
            countries=["SN", "MR"],
        ),
    )
    actions.add_indicator(officer, plan, name="Officers trained", target=100)
    return plan


def actionplan_api_calls() -> dict[str, tuple[Any, Any, Any]]:
    """The action-plan rows of the API permission matrix (tests/api/test_api.py): for each
    route, (prepare, call, effect) over `plan_for_permissions()`."""
    from jokko.actionplans.models import Activity, Indicator, Meeting, Plan

    def prepare(world: Any) -> dict[str, Any]:
        plan = plan_for_permissions()
        return {
            "plan": plan.pk,
            "activity": plan.activities.first().pk,
            "indicator": plan.indicators.first().pk,
            "plans": Plan.objects.count(),
            "activities": Activity.objects.count(),
            "indicators": Indicator.objects.count(),
            "meetings": Meeting.objects.count(),
            "n": Plan.objects.count() + Activity.objects.count(),
        }

    def unchanged(world: Any, prepared: Any, before: Any, after: Any) -> bool:
        return True

    def one_more(model: Any, key: str) -> Any:
        def effect(world: Any, prepared: dict[str, Any], before: Any, after: Any) -> bool:
            return bool(model.objects.count() == prepared[key] + 1)

        return effect

    def status_done(world: Any, prepared: dict[str, Any], before: Any, after: Any) -> bool:
        return bool(Activity.objects.get(pk=prepared["activity"]).status == "done")

    def actual_set(world: Any, prepared: dict[str, Any], before: Any, after: Any) -> bool:
        return Indicator.objects.get(pk=prepared["indicator"]).actual is not None

    today = TODAY.isoformat()
    counter = iter(range(1, 1000))
    return {
        "GET /actionplans": (prepare, lambda api, w, p: api.get("/actionplans"), unchanged),
        "POST /actionplans": (
            prepare,
            lambda api, w, p: api.post(
                "/actionplans",
                {
                    "title": "Plan conjoint",
                    "countries": ["SN", "MR"],
                    "starts_on": days(-10).isoformat(),
                    "ends_on": days(300).isoformat(),
                    "reference": f"PAC-API-{next(counter)}",
                },
            ),
            one_more(Plan, "plans"),
        ),
        "GET /actionplans/overdue": (
            prepare,
            lambda api, w, p: api.get("/actionplans/overdue"),
            unchanged,
        ),
        "GET /actionplans/{plan_id}": (
            prepare,
            lambda api, w, p: api.get(f"/actionplans/{p['plan']}"),
            unchanged,
        ),
        "POST /actionplans/{plan_id}/activities": (
            prepare,
            lambda api, w, p: api.post(
                f"/actionplans/{p['plan']}/activities",
                {
                    "outcome_id": Plan.objects.get(pk=p["plan"]).outcomes.order_by("id")[0].pk,
                    "title": "Réunion mensuelle",
                    "starts_on": days(-5).isoformat(),
                    "ends_on": days(5).isoformat(),
                    "countries": ["MR"],
                },
            ),
            one_more(Activity, "activities"),
        ),
        "POST /actionplans/{plan_id}/activities/{activity_id}/status": (
            prepare,
            lambda api, w, p: api.post(
                f"/actionplans/{p['plan']}/activities/{p['activity']}/status",
                {"status": "done", "completed_on": today},
            ),
            status_done,
        ),
        "POST /actionplans/{plan_id}/indicators": (
            prepare,
            lambda api, w, p: api.post(
                f"/actionplans/{p['plan']}/indicators", {"name": "Meetings held", "target": 12}
            ),
            one_more(Indicator, "indicators"),
        ),
        "POST /actionplans/{plan_id}/indicators/{indicator_id}": (
            prepare,
            lambda api, w, p: api.post(
                f"/actionplans/{p['plan']}/indicators/{p['indicator']}", {"actual": 40}
            ),
            actual_set,
        ),
        "POST /actionplans/{plan_id}/meetings": (
            prepare,
            lambda api, w, p: api.post(
                f"/actionplans/{p['plan']}/meetings",
                {
                    "held_on": today,
                    "place": "Rosso",
                    "participants": "Police SN, Gendarmerie MR",
                    "decisions": [
                        {"text": "Partager les listes", "responsible": "DGSN", "due_on": today}
                    ],
                },
            ),
            one_more(Meeting, "meetings"),
        ),
    }
