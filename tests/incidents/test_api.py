"""The incidents API as a unit's field app and a prosecutor's tools use it."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from jokko.accounts.models import ApiToken
from jokko.audit.models import AuditEntry
from jokko.incidents.models import Incident
from jokko.people.models import Person
from tests.incidents.conftest import KIDIRA

pytestmark = pytest.mark.django_db


def api(user: Any) -> tuple[Client, dict[str, str]]:
    _, raw = ApiToken.issue(user)
    return Client(), {"Authorization": f"Bearer {raw}"}


def incident_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "kind": "border_interception",
        "occurred_on": "2026-01-15",
        "place_code": KIDIRA,
        "offences": ["som"],
        "suspects": [
            {"name": "Mamadou Diallo", "phone": "+221 77 123 45 67", "plate": "DK-1234-AB"},
            {"name": "Ousmane Keita", "nationality": "ML"},
        ],
        "counted": [{"role": "smuggled_migrant", "count": 12, "nationality": "GN"}],
        "items": [{"kind": "money", "amount": "150000", "currency": "XOF"}],
    }
    body.update(overrides)
    return body


def post(user: Any, body: dict[str, Any]) -> Any:
    client, headers = api(user)
    return client.post(
        "/api/v1/incidents", json.dumps(body), content_type="application/json", headers=headers
    )


def test_record_then_read_and_search(users: dict[str, Any]):
    response = post(users["investigator"], incident_body())
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["reference"].startswith("INC-SN-2026-")
    counted = [p for p in created["persons"] if p["role"] == "smuggled_migrant"]
    assert counted == [
        {
            "role": "smuggled_migrant",
            "count": 12,
            "suspect_id": None,
            "nationality": "GN",
            "case_id": None,
        }
    ]
    client, headers = api(users["prosecutor"])
    listed = client.get("/api/v1/incidents", {"offence": "som"}, headers=headers).json()
    assert [i["id"] for i in listed["items"]] == [created["id"]]
    assert client.get("/api/v1/incidents", {"offence": "tip"}, headers=headers).json()["count"] == 0
    got = client.get(f"/api/v1/incidents/{created['id']}", headers=headers).json()
    assert got["items"][0]["amount"] == "150000.00"
    hits = client.get("/api/v1/incidents/suspects", {"q": "Mamadu Jallo"}, headers=headers).json()
    assert [h["names"] for h in hits] == [["Mamadou Diallo"]]
    plate = client.get("/api/v1/incidents/suspects", {"q": "dk1234ab"}, headers=headers).json()
    assert plate[0]["plates"] == ["DK1234AB"] and plate[0]["incident_ids"] == [created["id"]]
    one = client.get(f"/api/v1/incidents/suspects/{plate[0]['id']}", headers=headers)
    assert one.status_code == 200
    assert AuditEntry.objects.filter(
        actor_id=users["prosecutor"].pk, action="read", object_type="suspect", channel="api"
    ).exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"occurred_on": "2999-01-01"}, "occurred_on"),
        ({"place_code": "SN-NOWHERE"}, "place_code"),
        ({"offences": []}, "offences"),
        ({"counted": [{"role": "smuggled_migrant", "count": -1}]}, "counted"),
        ({"suspects": [{"name": ""}]}, "suspects"),
    ],
)
def test_bad_input_is_refused_and_nothing_written(
    users: dict[str, Any], overrides: dict[str, Any], field: str
):
    response = post(users["investigator"], incident_body(**overrides))
    assert response.status_code == 422
    assert field in response.json()["detail"]
    assert Incident.objects.count() == 0 and Person.objects.count() == 0


@pytest.mark.parametrize("role", ["worker", "analyst", "reporter", "prosecutor"])
def test_other_roles_may_not_record(users: dict[str, Any], role: str):
    assert post(users[role], incident_body()).status_code == 403
    assert Incident.objects.count() == 0
