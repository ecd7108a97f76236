"""The action-plan API: same rules as the pages, refusals change nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from jokko.accounts.models import ApiToken
from jokko.actionplans.models import Activity, Decision, Plan
from tests.actionplans.helpers import days

pytestmark = pytest.mark.django_db


class Api:
    def __init__(self, user: Any) -> None:
        _, raw = ApiToken.issue(user)
        self.client = Client()
        self.client.cookies["django_language"] = "en"
        self.headers = {"Authorization": f"Bearer {raw}"}

    def get(self, path: str) -> Any:
        return self.client.get("/api/v1" + path, headers=self.headers)

    def post(self, path: str, body: Any) -> Any:
        return self.client.post(
            "/api/v1" + path,
            json.dumps(body),
            content_type="application/json",
            headers=self.headers,
        )


PLAN = {
    "title": "Plan conjoint Sénégal-Mauritanie",
    "countries": ["SN", "MR"],
    "starts_on": days(-100).isoformat(),
    "ends_on": days(100).isoformat(),
    "outcomes": ["Partage du renseignement"],
}


def test_plan_activity_meeting_and_overdue_through_the_api(users: dict[str, Any]) -> None:
    api = Api(users["programme"])
    created = api.post("/actionplans", PLAN)
    assert created.status_code == 201, created.json()
    plan = created.json()
    assert plan["countries"] == ["MR", "SN"]
    outcome = plan["outcomes"][0]["id"]
    late = api.post(
        f"/actionplans/{plan['id']}/activities",
        {
            "outcome_id": outcome,
            "title": "Réunion de lancement",
            "starts_on": days(-60).isoformat(),
            "ends_on": days(-30).isoformat(),
            "countries": ["SN"],
            "budget_amount": "150000",
        },
    )
    assert late.status_code == 201 and late.json()["overdue"] is True
    assert late.json()["budget_currency"] == "XOF"
    meeting = api.post(
        f"/actionplans/{plan['id']}/meetings",
        {
            "held_on": days(-20).isoformat(),
            "place": "Rosso",
            "participants": "DGSN, ONUDC",
            "decisions": [
                {
                    "text": "Nommer les points focaux",
                    "responsible": "DGSN",
                    "due_on": days(-5).isoformat(),
                }
            ],
        },
    )
    assert meeting.status_code == 201
    overdue = api.get("/actionplans/overdue").json()
    assert [a["title"] for a in overdue["activities"]] == ["Réunion de lancement"]
    assert [d["text"] for d in overdue["follow_ups"]] == ["Nommer les points focaux"]
    done = api.post(
        f"/actionplans/{plan['id']}/activities/{late.json()['id']}/status",
        {"status": "done", "spent_amount": "120000"},
    )
    assert done.status_code == 200 and done.json()["overdue"] is False
    assert api.get("/actionplans/overdue").json()["activities"] == []


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"countries": ["SN"]}, "countries"),
        ({"countries": ["MR", "ML"]}, "countries"),
        ({"ends_on": days(-200).isoformat()}, "ends_on"),
        ({"status": "closed"}, "status"),
    ],
)
def test_bad_plans_are_refused_with_422(
    users: dict[str, Any], change: dict[str, Any], field: str
) -> None:
    response = Api(users["coordinator"]).post("/actionplans", {**PLAN, **change})
    assert response.status_code == 422
    assert field in response.json()["detail"]
    assert Plan.objects.count() == 0


def test_bad_activity_and_meeting_change_nothing(users: dict[str, Any]) -> None:
    api = Api(users["programme"])
    plan = api.post("/actionplans", PLAN).json()
    outcome = plan["outcomes"][0]["id"]
    bad = api.post(
        f"/actionplans/{plan['id']}/activities",
        {
            "outcome_id": outcome,
            "title": "Trop tard",
            "starts_on": days(50).isoformat(),
            "ends_on": days(150).isoformat(),
            "countries": ["SN"],
            "budget_amount": "-1",
        },
    )
    assert bad.status_code == 422
    assert set(bad.json()["detail"]) == {"ends_on", "budget_amount"}
    meeting = api.post(
        f"/actionplans/{plan['id']}/meetings",
        {
            "held_on": days(-1).isoformat(),
            "place": "Dakar",
            "participants": "x",
            "decisions": [{"text": "y", "responsible": "z", "due_on": days(-3).isoformat()}],
        },
    )
    assert meeting.status_code == 422
    assert Activity.objects.count() == 0 and Decision.objects.count() == 0
