"""The trainings API: what a partner's monitoring tool and an analyst's dashboard get."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from jokko.accounts.models import ApiToken
from jokko.trainings.models import Attendance, Participant, TrainingEvent
from tests.trainings.helpers import FIRST_DAY, LAST_DAY

pytestmark = pytest.mark.django_db
API = "/api/v1/trainings"


class Api:
    def __init__(self, user: Any) -> None:
        self.client = Client()
        self.client.cookies["django_language"] = "en"
        _, raw = ApiToken.issue(user)
        self.headers = {"Authorization": f"Bearer {raw}"}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(API + path, params, headers=self.headers)

    def post(self, path: str, body: Any) -> Any:
        return self.client.post(
            API + path, json.dumps(body), content_type="application/json", headers=self.headers
        )


BODY = {
    "title": "Formation de formateurs relais",
    "topic": "training_of_trainers",
    "audience": "mixed",
    "place_code": "SN-DK-DAKAR",
    "start_on": FIRST_DAY.isoformat(),
    "end_on": LAST_DAY.isoformat(),
    "funder": "UNODC",
    "is_training_of_trainers": True,
}


def test_record_a_training_its_attendance_and_read_the_cascade(users: dict[str, Any]) -> None:
    api = Api(users["programme"])
    created = api.post("", BODY)
    assert created.status_code == 201
    tot = created.json()
    assert tot["reference"] == "FOR-SN-2026-0001" and tot["is_training_of_trainers"]

    relays = [
        {
            "name": f"Relais {i}",
            "agency": "Police nationale",
            "sex": "female",
            "pre_score": 40,
            "post_score": 75,
        }
        for i in range(15)
    ]
    added = api.post(f"/{tot['id']}/participants", relays)
    assert added.json()["added_attendances"] == 15
    again = api.post(f"/{tot['id']}/participants", relays)
    assert again.json() == {
        "created_participants": 0,
        "matched_participants": 15,
        "added_attendances": 0,
        "updated_attendances": 0,
        "unchanged_attendances": 15,
    }

    session = api.post(
        "",
        BODY
        | {
            "title": "Restitution Kédougou",
            "is_training_of_trainers": False,
            "topic": "victim_identification",
            "start_on": "2026-04-01",
            "end_on": "2026-04-02",
            "place_code": "SN-KE-KEDOUGOU",
            "audience": "police",
        },
    )
    session_id = session.json()["id"]
    api.post(
        f"/{session_id}/participants",
        [{"name": "Relais 3", "agency": "Police nationale", "role": "trainer"}]
        + [{"name": f"Agent {i}", "agency": "Commissariat de Kédougou"} for i in range(12)],
    )
    cascade = api.get(f"/{tot['id']}/cascade").json()
    assert cascade["total_reach"] == 12 and cascade["relay_trainers"] == 15
    assert cascade["active_relays"] == 1
    assert cascade["tree"]["children"][0]["reference"] == session.json()["reference"]
    assert [lv["participants"] for lv in cascade["levels"]] == [15, 12]

    people = api.get(f"/{session_id}/participants").json()
    assert {p["role"] for p in people} == {"trainer", "trainee"} and len(people) == 13
    listing = api.get("", year="2026", topic="training_of_trainers").json()
    assert listing["count"] == 1 and listing["items"][0]["trainees"] == 15


def test_bad_input_is_refused_with_messages_and_changes_nothing(users: dict[str, Any]) -> None:
    api = Api(users["programme"])
    response = api.post("", BODY | {"end_on": "2026-01-01", "place_code": "XX"})
    assert response.status_code == 422
    assert response.json()["detail"] == {
        "place_code": ["Choose a place from the gazetteer."],
        "end_on": ["The last day is before the first day."],
    }
    event_id = api.post("", BODY).json()["id"]
    bad = [{"name": "Awa", "agency": "Police", "post_score": 101}]
    assert api.post(f"/{event_id}/participants", bad).status_code == 422
    twice = [{"name": "Awa", "agency": "Police"}, {"name": "AWA", "agency": "police"}]
    response = api.post(f"/{event_id}/participants", twice)
    assert response.status_code == 422
    assert response.json()["detail"] == {"participants": ["Participant 2: listed twice."]}
    assert not Participant.objects.exists() and not Attendance.objects.exists()
    assert TrainingEvent.objects.count() == 1


def test_analysts_get_indicators_but_no_names(users: dict[str, Any]) -> None:
    api = Api(users["programme"])
    event_id = api.post("", BODY).json()["id"]
    api.post(f"/{event_id}/participants", [{"name": "Awa Ndiaye", "agency": "Police"}])
    analyst = Api(users["analyst"])
    figures = analyst.get("/indicators").json()
    assert figures["participants"] == 1 and figures["cascades"][0]["relay_trainers"] == 1
    assert "Awa" not in json.dumps(figures)
    assert analyst.get(f"/{event_id}/participants").status_code == 404
    assert analyst.get("").status_code == 403
