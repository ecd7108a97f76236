"""The campaigns API: same validation as the pages; refusals write nothing."""

from __future__ import annotations

from typing import Any

import pytest

from jokko.campaigns.models import Campaign, CampaignEvent
from tests.actionplans.test_api import Api
from tests.campaigns.helpers import days

pytestmark = pytest.mark.django_db


def test_campaign_and_events_through_the_api(users: dict[str, Any]) -> None:
    api = Api(users["programme"])
    created = api.post(
        "/campaigns",
        {
            "name": "Caravane Kédougou",
            "theme": "Orpaillage et traite des enfants",
            "starts_on": days(-60).isoformat(),
            "ends_on": days(30).isoformat(),
            "countries": ["SN"],
        },
    )
    assert created.status_code == 201
    campaign = created.json()["id"]
    event = api.post(
        f"/campaigns/{campaign}/events",
        {
            "kind": "caravan",
            "place_code": "SN-KE-KEDOUGOU",
            "held_on": days(-10).isoformat(),
            "audience": "gold_mining",
            "reach_total": 300,
            "reach_female": 120,
            "reach_male": 180,
            "languages": ["fr", "pul"],
        },
    )
    assert event.status_code == 201 and event.json()["languages"] == ["fr", "pul"]
    assert api.get(f"/campaigns/{campaign}").json()["events"][0]["reach_total"] == 300
    refused = api.post(
        f"/campaigns/{campaign}/events",
        {
            "kind": "caravan",
            "place_code": "MR-06-ROSSO",
            "held_on": days(-90).isoformat(),
            "audience": "gold_mining",
            "reach_total": -3,
        },
    )
    assert refused.status_code == 422
    assert set(refused.json()["detail"]) == {"place_code", "held_on", "reach_total"}
    assert CampaignEvent.objects.count() == 1 and Campaign.objects.count() == 1
