"""The map page: roles, exact and suppressed figures, bad filters, Arabic; on the analytics
hand-made data set (tests/analytics/dataset.py) refreshed into a real DuckDB store.

In that data set survivors A, C and D were identified at Kédougou (3 persons, A twice) and B
at Dakar (1); a boat was intercepted at Saint-Louis and two raids made at Kédougou
(2024-11-10 and 2025-06-10).
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.urls import reverse

from jokko.analytics import store
from tests.analytics.dataset import build
from tests.conftest import login

H = "\u2013"  # the dash shown for a hidden or not-applicable figure


@pytest.fixture
def dataset(users: dict[str, Any], orgs: dict[str, Any]) -> Any:
    data = build(users, orgs)
    store.refresh(full=True)
    return data


def chart_data(html: str) -> dict[str, Any]:
    found = re.search(r'<script id="maps-data" type="application/json">(.*?)</script>', html, re.S)
    assert found, "the page carries its chart data in a json_script block"
    data: dict[str, Any] = json.loads(found.group(1))
    return data


def row(html: str, place: str) -> list[str]:
    found = re.search(rf'<tr data-place="{place}">(.*?)</tr>', html, re.S)
    assert found, place
    return [
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(r"<td>(.*?)</td>", found.group(1), re.S)
    ]


def test_coordinator_sees_exact_figures(client: Any, users: dict[str, Any], dataset: Any) -> None:
    login(client, users["coordinator"])
    response = client.get(reverse("maps-home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert row(html, "SN-KE-KEDOUGOU")[1:] == ["3", "2", "0", "5"]
    assert row(html, "SN-DK-DAKAR")[1:] == ["1", "0", "0", "1"]
    assert row(html, "SN-SL-SAINT_LOUIS")[1:] == ["0", "0", "1", "1"]
    assert 'id="small-count-note"' not in html
    data = chart_data(html)
    kedougou = next(p for p in data["points"] if p["place_code"] == "SN-KE-KEDOUGOU")
    assert kedougou["identifications"] == 3
    # Boundaries come from this node's static files: nothing to fetch elsewhere.
    assert data["boundaries"].endswith("vendor/natural-earth/countries-50m.geojson")
    assert not data["boundaries"].startswith("http")
    assert data["rtl"] is False


def test_analyst_sees_small_counts_hidden(client: Any, users: dict[str, Any], dataset: Any) -> None:
    login(client, users["analyst"])
    response = client.get(reverse("maps-home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert row(html, "SN-KE-KEDOUGOU")[1:] == [H, H, "0", H]
    assert row(html, "SN-DK-DAKAR")[1:] == [H, "0", "0", H]
    assert 'id="small-count-note"' in html
    data = chart_data(html)
    # Not one small count travels to the browser either.
    for point in data["points"]:
        for layer in ("identifications", "incidents", "interceptions", "total"):
            assert point[layer] is None or point[layer] == 0 or point[layer] >= 5
    for region in data["regions"]:
        assert region["value"] is None or region["value"] >= 5


@pytest.mark.parametrize(
    "role", ["worker", "investigator", "prosecutor", "programme", "reporter", "admin"]
)
def test_other_roles_are_refused(client: Any, users: dict[str, Any], role: str) -> None:
    login(client, users[role])
    assert client.get(reverse("maps-home")).status_code == 403


def test_bad_filters_get_a_message_and_no_figures(
    client: Any, users: dict[str, Any], dataset: Any
) -> None:
    login(client, users["coordinator"])
    response = client.get(reverse("maps-home"), {"region": "SN-NOWHERE"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Unknown region code: SN-NOWHERE." in html
    assert chart_data(html)["points"] == []
    response = client.get(reverse("maps-home"), {"start": "2025-02-30"})
    assert response.status_code == 400
    assert "start must be a date written YYYY-MM-DD." in response.content.decode()
    response = client.get(reverse("maps-home"), {"exploitation_type": "nonsense"})
    assert "Unknown form of exploitation: nonsense." in response.content.decode()


def test_filters_period_and_form(client: Any, users: dict[str, Any], dataset: Any) -> None:
    login(client, users["coordinator"])
    html = client.get(reverse("maps-home"), {"start": "2025-01-01"}).content.decode()
    # D (2024-12-01) falls outside: A and C remain at Kédougou.
    assert row(html, "SN-KE-KEDOUGOU")[1] == "2"
    html = client.get(reverse("maps-home"), {"exploitation_type": "forced_labour"}).content.decode()
    assert row(html, "SN-DK-DAKAR")[1:] == ["1", H, H, "1"]
    assert 'id="form-filter-note"' in html
    assert 'data-place="SN-KE-KEDOUGOU"' not in html


def test_arabic_page_is_right_to_left(client: Any, users: dict[str, Any], dataset: Any) -> None:
    client.cookies["django_language"] = "ar"
    login(client, users["coordinator"])
    response = client.get(reverse("maps-home"))
    html = response.content.decode()
    assert 'dir="rtl"' in html
    data = chart_data(html)
    assert data["rtl"] is True
    dakar = next(p for p in data["points"] if p["place_code"] == "SN-DK-DAKAR")
    assert dakar["name"] == "داكار"
