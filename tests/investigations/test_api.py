"""The investigations API: same rules as the pages."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from jokko.investigations import actions
from jokko.investigations.models import Investigation
from tests.api.test_api import ApiClient

pytestmark = pytest.mark.django_db


def test_create_list_and_get(users: dict[str, Any]) -> None:
    api = ApiClient(users["investigator"])
    body = {"title": "Mbour departures", "opened_on": "2026-01-10", "offences": ["som"]}
    created = api.post("/investigations", body)
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["reference"].startswith("ENQ-SN-2026-")
    assert data["investigator_ids"] == [users["investigator"].pk]
    listed = api.get("/investigations").json()
    assert listed["count"] == 1
    assert api.get(f"/investigations/{data['id']}").json()["title"] == "Mbour departures"


def test_bad_input_is_refused_and_changes_nothing(users: dict[str, Any]) -> None:
    api = ApiClient(users["investigator"])
    api.client.cookies["django_language"] = "en"  # messages are compared in English
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    response = api.post(
        "/investigations", {"title": "X", "opened_on": tomorrow, "offences": ["arson"]}
    )
    assert response.status_code == 422
    assert "future" in response.content.decode()
    assert "Unknown offence" in response.content.decode()
    assert not Investigation.objects.exists()


def test_survivor_name_only_on_consent(
    users: dict[str, Any], investigation: Any, law_enforcement_case: Any, consented_case: Any
) -> None:
    investigator = users["investigator"]
    actions.link_case(investigator, investigation, law_enforcement_case.reference)
    actions.link_case(
        investigator,
        investigation,
        consented_case.reference,
        legal_basis="criminal_investigation",
        legal_reference="Art. 67 CPP",
    )
    cases = ApiClient(investigator).get(f"/investigations/{investigation.pk}").json()["cases"]
    names = {link["case_reference"]: link["survivor_name"] for link in cases}
    assert names == {
        law_enforcement_case.reference: "Fatoumata Keïta",
        consented_case.reference: None,
    }
