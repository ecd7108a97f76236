"""The maps API: always suppressed (even for coordinators), roles, bad filters; on the
analytics hand-made data set (Kédougou: 3 survivors and 2 raids; Dakar: 1 survivor; a boat
intercepted at Saint-Louis)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from jokko.accounts.models import ApiToken
from jokko.analytics import store
from tests.analytics.dataset import build

API = "/api/v1"


def api_get(user: Any, path: str, **params: Any) -> Any:
    _, raw = ApiToken.issue(user)
    return Client().get(API + path, params, headers={"Authorization": f"Bearer {raw}"})


@pytest.fixture
def dataset(users: dict[str, Any], orgs: dict[str, Any]) -> Any:
    data = build(users, orgs)
    store.refresh(full=True)
    return data


def test_hotspots_are_suppressed_even_for_coordinators(users: dict[str, Any], dataset: Any) -> None:
    response = api_get(users["coordinator"], "/maps/hotspots")
    assert response.status_code == 200
    body = response.json()
    points = {p["place_code"]: p for p in body["points"]}
    kedougou = points["SN-KE-KEDOUGOU"]
    assert (kedougou["identifications"], kedougou["incidents"], kedougou["total"]) == (
        None,
        None,
        None,
    )
    assert kedougou["interceptions"] == 0
    assert (kedougou["lon"], kedougou["lat"]) == (-12.1744, 12.5556)
    # Dakar (1) and Kédougou (3) regions: both small. Saint-Louis has no identification.
    assert body["regions"] == [
        {"region_code": "SN-DK", "name": "Dakar", "country": "SN", "value": None},
        {"region_code": "SN-KE", "name": "Kédougou", "country": "SN", "value": None},
    ]
    assert body["totals"]["identifications"] is None
    assert body["small_count_threshold"] == 5


def test_routes_and_emerging_answer(users: dict[str, Any], dataset: Any) -> None:
    routes = api_get(users["analyst"], "/maps/routes").json()
    assert all(f["value"] is None or f["value"] >= 5 for f in routes["flows"])
    emerging = api_get(users["analyst"], "/maps/emerging", end="2025-06-30").json()
    assert emerging["recent_from"] == "2025-04-01" and emerging["recent_to"] == "2025-06-30"
    assert emerging["places"] == []  # a handful of survivors: nothing clears the minimum
    assert emerging["rule"]["min_count"] == 5


@pytest.mark.parametrize("role", ["worker", "investigator", "prosecutor", "programme", "admin"])
def test_other_roles_are_refused(users: dict[str, Any], role: str) -> None:
    for path in ("/maps/hotspots", "/maps/routes", "/maps/emerging"):
        assert api_get(users[role], path).status_code == 403


def test_bad_filters_are_refused_with_a_message(users: dict[str, Any]) -> None:
    response = api_get(users["coordinator"], "/maps/hotspots", region="ZZ-NOWHERE")
    assert response.status_code == 422
    assert "Unknown region code: ZZ-NOWHERE." in response.content.decode()
    response = api_get(users["coordinator"], "/maps/routes", start="2025-05-01", end="2025-01-01")
    assert response.status_code == 422
    assert "The start of the period is after its end." in response.content.decode()
