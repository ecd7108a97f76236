"""Joint action plans through the pages, as a programme officer uses them.

Dates are relative to today so "overdue" keeps its meaning whenever the suite runs.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from jokko.actionplans.indicators import plan_indicators
from jokko.actionplans.models import Activity, Decision, Indicator, Meeting, Outcome, Plan
from jokko.audit.models import AuditEntry
from tests.actionplans.helpers import TODAY, days
from tests.conftest import login

pytestmark = pytest.mark.django_db


def _snapshot() -> tuple[int, ...]:
    return tuple(
        model.objects.count() for model in (Plan, Outcome, Activity, Indicator, Meeting, Decision)
    )


def _create_plan(client: Any, **overrides: Any) -> Any:
    data: dict[str, Any] = {
        "title": "Plan d'action conjoint Sénégal-Mauritanie",
        "countries": ["SN", "MR"],
        "starts_on": days(-200).isoformat(),
        "ends_on": days(200).isoformat(),
        "status": "active",
        "outcomes": "Formation des forces de l'ordre\nPartage du renseignement",
    }
    data.update(overrides)
    return client.post(reverse("actionplan-new"), data)


@pytest.fixture
def plan(client: Any, users: dict[str, Any]) -> Plan:
    login(client, users["programme"])
    response = _create_plan(client)
    assert response.status_code == 302
    return Plan.objects.get()


def _add_activity(client: Any, plan: Plan, **overrides: Any) -> Any:
    data: dict[str, Any] = {
        "outcome_id": plan.outcomes.order_by("id")[0].pk,
        "title": "Sessions de formation des forces de l'ordre",
        "starts_on": days(-100).isoformat(),
        "ends_on": days(50).isoformat(),
        "responsible_countries": ["SN", "MR"],
        "responsible_note": "ONUDC",
        "budget_amount": "2500000",
        "status": "in_progress",
    }
    data.update(overrides)
    return client.post(reverse("actionplan-step", args=[plan.pk, "activity"]), data)


def test_create_plan_with_outcomes(plan: Plan, client: Any) -> None:
    assert plan.country_list == ["MR", "SN"]
    assert plan.reference.startswith("PAC-MR-SN-")
    assert list(plan.outcomes.values_list("title", flat=True)) == [
        "Formation des forces de l'ordre",
        "Partage du renseignement",
    ]
    assert AuditEntry.objects.filter(object_type="action_plan", action="create").exists()
    page = client.get(reverse("actionplan-detail", args=[plan.pk])).content.decode()
    assert "Partage du renseignement" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"countries": ["SN"]}, "at least 2 different countries"),
        ({"countries": ["SN", "SN"]}, "at least 2 different countries"),
        ({"countries": ["ML", "MR"]}, "This node&#x27;s country (SN) must be one of"),
        ({"countries": ["SN", "XX"]}, "Unknown country code: XX"),
        ({"ends_on": days(-300).isoformat()}, "The end date must not be before the start date"),
        ({"starts_on": "2024-02-31"}, "Enter a valid start date"),
        ({"title": "  "}, "This field is required"),
        ({"status": "finished"}, "Unknown status"),
    ],
)
def test_bad_plans_are_refused_and_change_nothing(
    client: Any, users: dict[str, Any], overrides: dict[str, Any], message: str
) -> None:
    login(client, users["programme"])
    response = _create_plan(client, **overrides)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert _snapshot() == (0, 0, 0, 0, 0, 0)


def test_duplicate_reference_is_refused(client: Any, users: dict[str, Any]) -> None:
    login(client, users["coordinator"])
    assert _create_plan(client, reference="PAC-2024").status_code == 302
    before = _snapshot()
    response = _create_plan(client, reference="PAC-2024")
    assert response.status_code == 400 and "already used" in response.content.decode()
    assert _snapshot() == before


def test_add_activity_and_update_status(plan: Plan, client: Any) -> None:
    assert _add_activity(client, plan).status_code == 302
    activity = Activity.objects.get()
    assert activity.budget_amount == Decimal("2500000.00") and activity.budget_currency == "XOF"
    assert activity.responsible_country_list == ["MR", "SN"]
    response = client.post(
        reverse("actionplan-step", args=[plan.pk, "activity-status"]),
        {"activity_id": activity.pk, "status": "done", "spent_amount": "2400000"},
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.status == "done" and activity.completed_on == TODAY
    assert activity.spent_amount == Decimal("2400000.00")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"ends_on": days(-150).isoformat()}, "The end date must not be before the start date"),
        ({"starts_on": days(-250).isoformat()}, "The activity must start within the plan"),
        ({"ends_on": days(250).isoformat()}, "The activity must end within the plan"),
        ({"budget_amount": "-5"}, "The number must not be negative"),
        ({"budget_amount": "beaucoup"}, "Enter a number"),
        ({"budget_amount": "NaN"}, "Enter a number"),
        ({"budget_currency": "FCFA"}, "three-letter code"),
        ({"responsible_countries": ["ML"]}, "Responsible countries must be countries of the plan"),
        (
            {"responsible_countries": [], "responsible_note": ""},
            "Name at least one responsible party",
        ),
        ({"outcome_id": "999999"}, "Choose an outcome of this plan"),
        ({"status": "paused"}, "Unknown status"),
        (
            {"status": "done", "completed_on": days(5).isoformat()},
            "This date is in the future",
        ),
    ],
)
def test_bad_activities_are_refused_and_change_nothing(
    plan: Plan, client: Any, overrides: dict[str, Any], message: str
) -> None:
    before = _snapshot()
    response = _add_activity(client, plan, **overrides)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert _snapshot() == before


def test_bad_status_update_changes_nothing(plan: Plan, client: Any) -> None:
    _add_activity(client, plan)
    activity = Activity.objects.get()
    response = client.post(
        reverse("actionplan-step", args=[plan.pk, "activity-status"]),
        {"activity_id": activity.pk, "status": "done", "spent_amount": "-1"},
    )
    assert response.status_code == 400
    activity.refresh_from_db()
    assert activity.status == "in_progress" and activity.spent_amount == 0


def test_completion_rate_and_overdue_list(plan: Plan, client: Any) -> None:
    """Five activities: 2 done, 1 cancelled, 1 overdue (planned, ended 10 days ago), 1 ongoing.

    Completion = done / (all - cancelled) = 2 / 4 = 0.5; one overdue activity.
    """
    for title, status, ends in [
        ("Atelier cadre juridique", "done", -30),
        ("Atelier techniques d'enquête", "done", -20),
        ("Caravane annulée", "cancelled", -15),
        ("Réunion de lancement du partage", "planned", -10),
        ("Formation continue", "in_progress", 60),
    ]:
        response = _add_activity(
            client, plan, title=title, status=status, ends_on=days(ends).isoformat()
        )
        assert response.status_code == 302, response.content.decode()
    indicators = plan_indicators(Plan.objects.all())
    assert indicators["activities"] == 5
    assert indicators["activities_by_status"] == {
        "planned": 1,
        "in_progress": 1,
        "done": 2,
        "cancelled": 1,
        "delayed": 0,
    }
    assert indicators["completion_rate"] == 0.5
    assert indicators["overdue_activities"] == 1
    assert indicators["budget"] == {"XOF": {"planned": "12500000.00", "spent": "0.00"}}
    page = client.get(reverse("actionplan-overdue")).content.decode()
    assert "Réunion de lancement du partage" in page
    for not_late in ("Atelier cadre juridique", "Caravane annulée", "Formation continue"):
        assert not_late not in page
    listing = client.get(reverse("actionplan-list")).content.decode()
    assert "50 %" in listing


def test_meeting_decisions_become_follow_ups_in_the_overdue_list(plan: Plan, client: Any) -> None:
    response = client.post(
        reverse("actionplan-meeting-new", args=[plan.pk]),
        {
            "held_on": days(-40).isoformat(),
            "place": "Rosso",
            "participants": "Police nationale SN, Gendarmerie MR, ONUDC",
            "minutes": "Revue trimestrielle du plan.",
            "decision_text_1": "Désigner un point focal par pays",
            "decision_responsible_1": "Ministère de l'Intérieur",
            "decision_due_1": days(-20).isoformat(),
            "decision_text_2": "Partager la liste des passeurs",
            "decision_responsible_2": "DGSN",
            "decision_due_2": days(30).isoformat(),
        },
    )
    assert response.status_code == 302
    assert Decision.objects.count() == 2
    page = client.get(reverse("actionplan-overdue")).content.decode()
    assert "Désigner un point focal par pays" in page
    assert "Partager la liste des passeurs" not in page
    assert plan_indicators(Plan.objects.all())["overdue_follow_ups"] == 1
    late = Decision.objects.get(responsible="Ministère de l'Intérieur")
    client.post(
        reverse("actionplan-step", args=[plan.pk, "decision-status"]),
        {"decision_id": late.pk, "status": "done"},
    )
    assert (
        "Désigner un point focal" not in client.get(reverse("actionplan-overdue")).content.decode()
    )


def test_bad_meeting_changes_nothing(plan: Plan, client: Any) -> None:
    before = _snapshot()
    response = client.post(
        reverse("actionplan-meeting-new", args=[plan.pk]),
        {
            "held_on": days(-5).isoformat(),
            "place": "Nouakchott",
            "participants": "DGSN",
            "decision_text_1": "Échanger les fiches",
            "decision_responsible_1": "",
            "decision_due_1": days(-10).isoformat(),
        },
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "Decision 1: name who is responsible" in content
    assert "Decision 1: the due date cannot precede the meeting" in content
    assert _snapshot() == before
    future = client.post(
        reverse("actionplan-meeting-new", args=[plan.pk]),
        {"held_on": days(3).isoformat(), "place": "Dakar", "participants": "x"},
    )
    assert future.status_code == 400 and "once it has taken place" in future.content.decode()
    assert _snapshot() == before


def test_indicator_progress_and_update(plan: Plan, client: Any) -> None:
    url = reverse("actionplan-step", args=[plan.pk, "indicator"])
    assert (
        client.post(
            url,
            {
                "name": "Officiers formés",
                "baseline": "0",
                "target": "150",
                "actual": "75",
                "unit": "personnes",
            },
        ).status_code
        == 302
    )
    before = _snapshot()
    for bad in (
        {"name": "x", "target": "abc"},
        {"name": "x", "target": "-3"},
        {"name": "x", "baseline": "10", "target": "10"},
    ):
        assert client.post(url, bad).status_code == 400
    assert _snapshot() == before
    indicator = Indicator.objects.get()
    row = plan_indicators(Plan.objects.all())["indicators"][0]
    assert row["progress"] == 0.5 and row["target"] == "150.00"
    response = client.post(
        reverse("actionplan-step", args=[plan.pk, "indicator-update"]),
        {"indicator_id": indicator.pk, "actual": "120"},
    )
    assert response.status_code == 302
    assert plan_indicators(Plan.objects.all())["indicators"][0]["progress"] == 0.8
    bad_update = client.post(
        reverse("actionplan-step", args=[plan.pk, "indicator-update"]),
        {"indicator_id": indicator.pk, "actual": "-1"},
    )
    assert bad_update.status_code == 400
    indicator.refresh_from_db()
    assert indicator.actual == Decimal("120.00")


def test_timeline_shows_bars_today_and_overdue(plan: Plan, client: Any) -> None:
    _add_activity(client, plan, title="Late one", status="planned", ends_on=days(-5).isoformat())
    _add_activity(client, plan, title="On time")
    late = Activity.objects.get(title="Late one")
    page = client.get(reverse("actionplan-timeline", args=[plan.pk])).content.decode()
    assert f'id="timeline-activity-{late.pk}"' in page
    assert 'class="gantt-row overdue"' in page
    assert page.count('class="gantt-bar ') == 2
    assert "gantt-today" in page
    # Positions travel as data attributes (static timeline.js applies them through the CSSOM,
    # as logical inset-inline-start/inline-size), since the CSP forbids style attributes.
    assert 'data-start="' in page and 'data-size="' in page and "cdn" not in page.lower()
    assert 'style="' not in page
    client.cookies["django_language"] = "ar"
    arabic = client.get(reverse("actionplan-timeline", args=[plan.pk])).content.decode()
    assert 'dir="rtl"' in arabic and 'data-start="' in arabic


def test_other_plans_steps_cannot_touch_another_plans_records(
    plan: Plan, client: Any, users: dict[str, Any]
) -> None:
    _add_activity(client, plan)
    other = _create_plan(client, reference="PAC-OTHER")
    assert other.status_code == 302
    other_plan = Plan.objects.get(reference="PAC-OTHER")
    activity = Activity.objects.get()
    response = client.post(
        reverse("actionplan-step", args=[other_plan.pk, "activity-status"]),
        {"activity_id": activity.pk, "status": "done"},
    )
    assert response.status_code == 400
    activity.refresh_from_db()
    assert activity.status == "in_progress"


def test_roles_without_plans(client: Any, users: dict[str, Any], plan: Plan) -> None:
    for role in ("analyst", "worker", "reporter"):
        client.logout()
        login(client, users[role])
        assert client.get(reverse("actionplan-list")).status_code == 403
        assert client.get(reverse("actionplan-detail", args=[plan.pk])).status_code == 404
        before = _snapshot()
        client.post(reverse("actionplan-step", args=[plan.pk, "outcome"]), {"title": "x"})
        assert _snapshot() == before


def test_plan_list_and_overdue_list_export(plan: Plan, client: Any) -> None:
    _add_activity(
        client, plan, title="=HYPERLINK(1)", status="planned", ends_on=days(-3).isoformat()
    )
    listing = client.get(reverse("actionplan-list"))
    assert "format=csv" in listing.content.decode()
    csv = client.get(reverse("actionplan-list"), {"format": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert plan.reference in text and "MR SN" in text
    overdue = client.get(reverse("actionplan-overdue"), {"format": "xlsx"})
    assert overdue["Content-Disposition"].endswith('.xlsx"')
    overdue_csv = client.get(reverse("actionplan-overdue"), {"format": "csv"})
    text = overdue_csv.content.decode("utf-8-sig")
    assert "HYPERLINK" in text and "\n=HYPERLINK" not in text and ",=HYPERLINK" not in text
    assert AuditEntry.objects.filter(action="export", object_type="overdue_plan_work").exists()


def test_plan_status_change(plan: Plan, client: Any) -> None:
    url = reverse("actionplan-step", args=[plan.pk, "plan-status"])
    assert client.post(url, {"status": "finished"}).status_code == 400
    plan.refresh_from_db()
    assert plan.status == "active"
    assert client.post(url, {"status": "suspended"}).status_code == 302
    plan.refresh_from_db()
    assert plan.status == "suspended"


def test_refused_activity_form_keeps_what_was_typed(plan: Plan, client: Any) -> None:
    response = _add_activity(client, plan, budget_amount="-5", title="Caravane de Rosso")
    page = response.content.decode()
    assert 'value="Caravane de Rosso"' in page and 'value="-5"' in page and "ONUDC" in page
