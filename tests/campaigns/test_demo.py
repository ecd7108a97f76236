"""The demo campaign: one event per past quarter since January 2024, seeded once."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from jokko.campaigns.demo import seed_demo
from jokko.campaigns.indicators import campaign_indicators
from jokko.campaigns.models import Campaign, CampaignEvent

pytestmark = pytest.mark.django_db


def test_demo_campaign_has_one_event_per_past_quarter(users: dict[str, Any], orgs: Any) -> None:
    today = datetime.date.today()
    quarters = sum(
        1
        for year in range(2024, today.year + 1)
        for quarter in range(1, 5)
        if datetime.date(year, 3 * quarter - 1, 15) <= today
    )
    assert seed_demo() == 1 + quarters
    assert seed_demo() == 0
    assert CampaignEvent.objects.count() == quarters
    figures = campaign_indicators(Campaign.objects.all())
    assert "SN-KE-KEDOUGOU" in figures["by_place"] and "SN-TC-TAMBACOUNDA" in figures["by_place"]
    assert figures["reach_female"] + figures["reach_male"] == figures["reach"]
