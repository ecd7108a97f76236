"""The community API: idempotent submission, clear refusals, triage decisions and conversion."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from django.test import Client

from jokko.accounts.models import ApiToken
from jokko.cases.models import Case
from jokko.community.models import CommunityReport
from tests.community.helpers import BANTACO, report_by

pytestmark = pytest.mark.django_db


class Api:
    def __init__(self, user: Any) -> None:
        self.client = Client()
        self.client.cookies["django_language"] = "en"
        self.headers = {"Authorization": f"Bearer {ApiToken.issue(user)[1]}"}

    def get(self, path: str) -> Any:
        return self.client.get("/api/v1/community" + path, headers=self.headers)

    def post(self, path: str, body: Any) -> Any:
        return self.client.post(
            "/api/v1/community" + path,
            json.dumps(body),
            content_type="application/json",
            headers=self.headers,
        )


def test_a_member_submits_once_even_when_the_phone_retries(network: dict[str, Any]) -> None:
    api = Api(network["awa"])
    body = {
        "client_id": str(uuid.uuid4()),
        "description": "Des enfants au placer",
        "urgency": "high",
    }
    first = api.post("/reports", body)
    again = api.post("/reports", body)
    assert first.status_code == 201 and again.status_code == 200
    assert first.json()["id"] == again.json()["id"]
    data = first.json()
    assert data["channel"] == "committee" and data["place_code"] == BANTACO
    assert data["committee_id"] == network["committee"].pk
    assert CommunityReport.objects.count() == 1


def test_bad_input_is_a_422_per_field_and_writes_nothing(network: dict[str, Any]) -> None:
    response = Api(network["awa"]).post(
        "/reports", {"description": "", "urgency": "soon", "place_code": "XX"}
    )
    assert response.status_code == 422
    assert set(response.json()["detail"]) == {"description", "urgency", "place_code"}
    assert CommunityReport.objects.count() == 0


def test_an_operator_triages_marks_a_duplicate_and_converts(network: dict[str, Any]) -> None:
    first = report_by("awa", "Trois filles nigérianes enfermées au bar du site d'orpaillage")
    second = report_by("moussa", "Des filles nigérianes enfermées au bar du site d'orpaillage")
    api = Api(network["operator"])
    queue = api.get("/triage").json()
    assert {row["reference"] for row in queue} == {first.reference, second.reference}
    candidates = api.get(f"/reports/{second.pk}/duplicates").json()
    assert candidates[0]["id"] == first.pk and candidates[0]["score"] >= 60
    marked = api.post(
        f"/reports/{second.pk}/triage", {"decision": "duplicate", "duplicate_of": first.pk}
    )
    assert marked.status_code == 200 and marked.json()["duplicate_of_id"] == first.pk
    converted = api.post(f"/reports/{first.pk}/convert", {"person": {"names": ["Joy Nwosu"]}})
    assert converted.status_code == 201
    case = Case.objects.get(pk=converted.json()["case_id"])
    assert case.organisation == network["hotline"] and case.place_code == BANTACO
    assert converted.json()["report"]["status"] == "case"
    assert api.get("/triage").json() == []
    # A closed report cannot be decided again.
    again = api.post(f"/reports/{first.pk}/triage", {"decision": "triage", "urgency": "low"})
    assert again.status_code == 422 and "already closed" in again.json()["detail"]["status"][0]


def test_the_member_sees_the_status_but_not_the_case(network: dict[str, Any]) -> None:
    report = report_by("awa")
    Api(network["operator"]).post(f"/reports/{report.pk}/convert", {"person": {"names": ["Ada"]}})
    mine = Api(network["awa"]).get(f"/reports/{report.pk}").json()
    assert mine["status"] == "case" and mine["case_id"] is None


def test_indicators_for_analysts(network: dict[str, Any], users: dict[str, Any]) -> None:
    report_by("awa")
    data = Api(users["analyst"]).get("/indicators").json()
    assert data["reports"] == 1 and data["by_channel"] == {"committee": 1}
