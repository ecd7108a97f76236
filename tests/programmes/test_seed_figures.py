"""The seed documents' figures, entered through the real actions and read back as indicators.

* UNODC Sahel (seed 003): "between September and November 2018, twenty-five (25) magistrates in
  each country [Burkina Faso, Mali, Niger], for a total of seventy-five (75)".
* Senegal-Mauritania (seed 000), workshop participants from Senegal / from Mauritania:
  legal frameworks 35 / 28, investigative techniques 45 / 30, community awareness 50 / 40.
* Senegal-Mauritania joint action plan (seed 000): law-enforcement training sessions (ongoing
  until 2025), quarterly community awareness events, monthly intelligence-sharing meetings
  starting January 2024.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.urls import reverse

from jokko.accounts.models import ApiToken
from tests.conftest import login

pytestmark = pytest.mark.django_db


def _record(
    user: Any,
    *,
    title: str,
    topic: str,
    audience: str,
    country: str,
    place: str,
    start: datetime.date,
    people: list[tuple[str, str, str]],
) -> Any:
    from jokko.trainings.actions import TrainingInput, add_participants, record_training
    from jokko.trainings.sheets import SheetRow

    event = record_training(
        user,
        TrainingInput(
            title=title,
            topic_code=topic,
            audience=audience,
            place_code=place,
            start_on=start,
            end_on=start + datetime.timedelta(days=2),
            funder="UNODC",
            country=country,
        ),
    )
    rows = [
        SheetRow(line=n, name=name, agency=agency, sex="unknown", country=person_country)
        for n, (name, agency, person_country) in enumerate(people, start=2)
    ]
    add_participants(user, event, rows)
    return event


@pytest.fixture
def sahel_magistrates(users: dict[str, Any]) -> None:
    for country, place, start in [
        ("BF", "BF-03-OUAGADOUGOU", datetime.date(2018, 9, 17)),
        ("ML", "ML-BKO-BAMAKO", datetime.date(2018, 10, 15)),
        ("NE", "NE-8-NIAMEY", datetime.date(2018, 11, 12)),
    ]:
        _record(
            users["programme"],
            title=f"Tutorat des magistrats ({country})",
            topic="prosecution",
            audience="magistrates",
            country=country,
            place=place,
            start=start,
            people=[
                (f"Magistrat {country} {n}", "Ecole de la magistrature", country)
                for n in range(1, 26)
            ],
        )


@pytest.fixture
def senegal_mauritania_workshops(users: dict[str, Any]) -> None:
    for topic, title, senegal, mauritania, start in [
        ("legal_framework", "Cadres juridiques et politiques", 35, 28, datetime.date(2024, 3, 4)),
        ("investigation", "Techniques d'enquête", 45, 30, datetime.date(2024, 5, 6)),
        ("community_awareness", "Sensibilisation communautaire", 50, 40, datetime.date(2024, 7, 8)),
    ]:
        people = [(f"{topic} SN {n}", "Police nationale", "SN") for n in range(senegal)]
        people += [(f"{topic} MR {n}", "Gendarmerie nationale", "MR") for n in range(mauritania)]
        _record(
            users["programme"],
            title=title,
            topic=topic,
            audience="mixed",
            country="SN",
            place="SN-DK-DAKAR",
            start=start,
            people=people,
        )


def _api(user: Any, **params: str) -> Any:
    from django.test import Client

    _, raw = ApiToken.issue(user)
    client = Client()
    client.cookies["django_language"] = "en"
    return client.get(
        "/api/v1/programmes/indicators", params, headers={"Authorization": f"Bearer {raw}"}
    )


def test_twenty_five_magistrates_in_each_of_three_countries(
    sahel_magistrates: None, users: dict[str, Any]
) -> None:
    body = _api(users["coordinator"], period="2018").json()
    trainings = body["trainings"]
    assert trainings["participants"] == 75
    assert trainings["participants_by_country"] == {"BF": 25, "ML": 25, "NE": 25}
    assert trainings["participants_by_audience"] == {"magistrates": 75}
    assert trainings["events_by_country"] == {"BF": 1, "ML": 1, "NE": 1}
    # Filters: one country; a quarter with only the Burkina Faso session (September).
    assert _api(users["coordinator"], country="ML").json()["trainings"]["participants"] == 25
    q3 = _api(users["coordinator"], period="2018-Q3").json()["trainings"]
    assert q3["participants_by_country"] == {"BF": 25}
    assert _api(users["coordinator"], period="2019").json()["trainings"]["participants"] == 0


def test_senegal_mauritania_workshops_by_topic_and_country(
    senegal_mauritania_workshops: None, users: dict[str, Any], client: Any
) -> None:
    trainings = _api(users["programme"], period="2024").json()["trainings"]
    assert trainings["participants_by_topic_and_country"] == {
        "community_awareness": {"MR": 40, "SN": 50},
        "investigation": {"MR": 30, "SN": 45},
        "legal_framework": {"MR": 28, "SN": 35},
    }
    assert trainings["participants"] == 35 + 28 + 45 + 30 + 50 + 40
    login(client, users["programme"])
    page = client.get(reverse("programme-indicators"), {"period": "2024"}).content.decode()
    assert "Participants by topic and country / investigation / Mauritania" in page


def test_joint_plan_from_the_seed_completion_and_overdue(
    users: dict[str, Any], client: Any
) -> None:
    """The plan's three activities: training sessions done, awareness events delayed and past
    their end, intelligence-sharing meetings in progress. Completion 1/3; one overdue."""
    from jokko.actionplans import actions

    officer = users["programme"]
    today = datetime.date.today()
    plan = actions.create_plan(
        officer,
        actions.PlanInput(
            title="Plan d'action conjoint Sénégal-Mauritanie",
            countries=["SN", "MR"],
            starts_on=datetime.date(2024, 1, 1),
            ends_on=max(today + datetime.timedelta(days=365), datetime.date(2025, 12, 31)),
            outcomes=["Capacités", "Sensibilisation", "Renseignement"],
        ),
    )
    outcomes = list(plan.outcomes.order_by("position"))
    for outcome, title, start, end, status, note in [
        (
            outcomes[0],
            "Law Enforcement Training Sessions",
            datetime.date(2024, 1, 15),
            datetime.date(2025, 12, 31),
            "done",
            "UNODC, Senegalese Police, Mauritanian Gendarmerie",
        ),
        (
            outcomes[1],
            "Community awareness Events (quarterly)",
            datetime.date(2024, 1, 1),
            today - datetime.timedelta(days=30),
            "delayed",
            "Local NGOs, Government Representatives",
        ),
        (
            outcomes[2],
            "Monthly Intelligence Sharing Meetings",
            datetime.date(2024, 1, 1),
            today + datetime.timedelta(days=300),
            "in_progress",
            "Border Control Agencies, UNODC",
        ),
    ]:
        actions.add_activity(
            officer,
            plan,
            actions.ActivityInput(
                outcome_id=outcome.pk,
                title=title,
                starts_on=start,
                ends_on=end,
                responsible_note=note,
                status=status,
                completed_on=datetime.date(2025, 12, 31) if status == "done" else None,
            ),
        )
    plans = _api(users["coordinator"]).json()["action_plans"]
    assert plans["activities"] == 3
    assert plans["completion_rate"] == round(1 / 3, 4)
    assert plans["overdue_activities"] == 1
    login(client, users["coordinator"])
    overdue = client.get(reverse("actionplan-overdue")).content.decode()
    assert "Community awareness Events (quarterly)" in overdue
    assert "Monthly Intelligence Sharing Meetings" not in overdue


def test_analysts_see_small_counts_hidden(
    sahel_magistrates: None, users: dict[str, Any], client: Any
) -> None:
    """The same figures: 25 per country stays; a three-event count becomes hidden."""
    analyst = _api(users["analyst"], period="2018").json()["trainings"]
    assert analyst["participants_by_country"] == {"BF": 25, "ML": 25, "NE": 25}
    assert analyst["events"] is None
    assert analyst["events_by_country"] == {"BF": None, "ML": None, "NE": None}
    assert _api(users["coordinator"], period="2018").json()["trainings"]["events"] == 3
    login(client, users["analyst"])
    page = client.get(reverse("programme-indicators")).content.decode()
    assert "&lt;5" in page and "Magistrat" not in page


def test_bad_filters_are_refused(users: dict[str, Any], client: Any) -> None:
    response = _api(users["coordinator"], period="last year")
    assert response.status_code == 422
    assert "Unknown period" in json.dumps(response.json())
    assert _api(users["coordinator"], country="XX").status_code == 422
    login(client, users["coordinator"])
    page = client.get(reverse("programme-indicators"), {"period": "2024-Q5"})
    assert page.status_code == 400 and "Unknown period" in page.content.decode()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("coordinator", 200),
        ("programme", 200),
        ("analyst", 200),
        ("worker", 403),
        ("investigator", 403),
        ("reporter", 403),
        ("admin", 403),
    ],
)
def test_who_sees_the_programme_indicators(users: dict[str, Any], role: str, status: int) -> None:
    assert _api(users[role]).status_code == status


def test_community_reports_are_combined_and_hidden_from_analysts_when_few(
    users: dict[str, Any],
) -> None:
    """Two anonymous reports from the public form: counted for coordinators, "<5" for analysts."""
    from jokko.community.actions import ReportInput, submit_report

    for text in ("Des enfants travaillent sur le site de Bantaco", "Un camion suspect à Kidira"):
        submit_report(
            None, ReportInput(description=text, place_code="SN-KE-KEDOUGOU"), channel="public_web"
        )
    assert _api(users["coordinator"]).json()["community_reports"]["reports"] == 2
    assert _api(users["analyst"]).json()["community_reports"]["reports"] is None
    assert _api(users["coordinator"], country="MR").json()["community_reports"]["reports"] == 0


def test_programme_page_shows_plan_progress_and_indicator_progress(
    users: dict[str, Any], client: Any
) -> None:
    """The demo plan: officers trained 228 of 250 from 0 -> 91 %; 4 of 10 activities done."""
    from jokko.actionplans.demo import seed_demo

    seed_demo()
    login(client, users["coordinator"])
    page = client.get(reverse("programme-indicators")).content.decode()
    assert "<td>228.00</td><td>91 %</td>" in page
    if datetime.date.today() >= datetime.date(2026, 11, 1):
        assert "<td>10</td><td>4</td><td>40 %</td>" in page
