"""Awareness campaigns through the pages: create, add events, read reach indicators."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from jokko.campaigns.indicators import campaign_indicators
from jokko.campaigns.models import Campaign, CampaignEvent
from tests.campaigns.helpers import days
from tests.conftest import login

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, int]:
    return Campaign.objects.count(), CampaignEvent.objects.count()


@pytest.fixture
def campaign(client: Any, users: dict[str, Any]) -> Campaign:
    login(client, users["programme"])
    response = client.post(
        reverse("campaign-new"),
        {
            "name": "Sensibilisation trimestrielle 2026",
            "theme": "Traite des enfants et orpaillage",
            "starts_on": days(-200).isoformat(),
            "ends_on": days(100).isoformat(),
            "countries": ["SN", "MR"],
        },
    )
    assert response.status_code == 302
    return Campaign.objects.get()


def _event(client: Any, campaign: Campaign, **overrides: Any) -> Any:
    data: dict[str, Any] = {
        "kind": "community_meeting",
        "place_code": "SN-KE-KEDOUGOU",
        "held_on": days(-90).isoformat(),
        "audience": "gold_mining",
        "reach_total": "150",
        "reach_female": "80",
        "reach_male": "70",
        "materials": "Affiches, dépliants en pulaar",
        "materials_count": "300",
        "partner_note": "Comité de vigilance de Bantako",
        "languages": "fr, pul",
    }
    data.update(overrides)
    return client.post(reverse("campaign-event-new", args=[campaign.pk]), data)


def test_events_and_reach_indicators(campaign: Campaign, client: Any, orgs: Any) -> None:
    """Hand-made quarter: Kédougou 150 (80 F / 70 M), Tambacounda radio 1200, Saint-Louis
    school 90, Rosso (Mauritania) market 400. Reach 1840; Senegal 1440 in 3 events."""
    assert _event(client, campaign, partner_ids=[orgs["ngo"].pk]).status_code == 302
    for place, kind, audience, reach in [
        ("SN-TC-TAMBACOUNDA", "radio", "general_public", "1200"),
        ("SN-SL-SAINT_LOUIS", "school", "pupils", "90"),
        ("MR-06-ROSSO", "market", "transport", "400"),
    ]:
        response = _event(
            client,
            campaign,
            place_code=place,
            kind=kind,
            audience=audience,
            reach_total=reach,
            reach_female="",
            reach_male="",
            materials_count="0",
        )
        assert response.status_code == 302, response.content.decode()
    result = campaign_indicators(Campaign.objects.all())
    assert result["events"] == 4 and result["reach"] == 1840
    assert result["reach_female"] == 80 and result["reach_male"] == 70
    assert result["materials_distributed"] == 300
    assert result["by_country"] == {
        "MR": {"events": 1, "reach": 400},
        "SN": {"events": 3, "reach": 1440},
    }
    assert result["by_audience"]["gold_mining"] == {"events": 1, "reach": 150}
    assert result["by_kind"]["radio"] == {"events": 1, "reach": 1200}
    assert result["by_region"]["SN-KE"] == {"events": 1, "reach": 150}
    page = client.get(reverse("campaign-detail", args=[campaign.pk])).content.decode()
    assert "Kédougou" in page and "ONG Jigeen" in page and "fr, pul" in page
    assert "1840" in client.get(reverse("campaign-list")).content.decode()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"place_code": "SN-XX-NOWHERE"}, "Unknown place"),
        ({"place_code": "ML-2-KATI"}, "not in one of the campaign&#x27;s countries"),
        ({"held_on": days(-300).isoformat()}, "within the campaign"),
        ({"held_on": days(5).isoformat()}, "once it has taken place"),
        ({"held_on": "31/12/2025"}, "Enter a valid date"),
        ({"reach_total": "-4"}, "must not be negative"),
        ({"reach_total": "beaucoup"}, "Enter a whole number"),
        ({"reach_total": ""}, "Enter a whole number"),
        ({"reach_total": "100"}, "add up to more than the people reached"),
        ({"reach_total": "99999999999"}, "implausibly large"),
        ({"kind": "concert"}, "Choose the kind of event"),
        ({"audience": "everyone"}, "Choose the audience"),
        ({"languages": "français"}, "ISO 639 codes"),
        ({"partner_ids": ["999999"]}, "Unknown organisation"),
    ],
)
def test_bad_events_are_refused_and_change_nothing(
    campaign: Campaign, client: Any, overrides: dict[str, Any], message: str
) -> None:
    before = _counts()
    response = _event(client, campaign, **overrides)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert _counts() == before


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"countries": []}, "at least 1 different countries"),
        ({"countries": ["ZZ"]}, "Unknown country code"),
        ({"name": ""}, "This field is required"),
        ({"ends_on": days(-400).isoformat()}, "must not be before the start date"),
    ],
)
def test_bad_campaigns_are_refused(
    client: Any, users: dict[str, Any], overrides: dict[str, Any], message: str
) -> None:
    login(client, users["coordinator"])
    data: dict[str, Any] = {
        "name": "Campagne",
        "theme": "Thème",
        "starts_on": days(-10).isoformat(),
        "ends_on": days(10).isoformat(),
        "countries": ["SN"],
    }
    data.update(overrides)
    response = client.post(reverse("campaign-new"), data)
    assert response.status_code == 400 and message in response.content.decode()
    assert _counts() == (0, 0)


def test_other_roles_see_no_campaign(
    client: Any, users: dict[str, Any], campaign: Campaign
) -> None:
    for role in ("analyst", "investigator", "reporter"):
        client.logout()
        login(client, users[role])
        assert client.get(reverse("campaign-list")).status_code == 403
        assert client.get(reverse("campaign-detail", args=[campaign.pk])).status_code == 404
        _event(client, campaign)
        assert CampaignEvent.objects.count() == 0


def test_campaign_events_export(campaign: Campaign, client: Any) -> None:
    _event(client, campaign)
    assert "format=xlsx" in client.get(reverse("campaign-list")).content.decode()
    text = client.get(reverse("campaign-list"), {"format": "csv"}).content.decode("utf-8-sig")
    assert "SN-KE-KEDOUGOU" in text and "150" in text and "Gold-mining communities" in text


def test_campaign_list_filter_and_reach_tables(
    campaign: Campaign, client: Any, users: dict[str, Any]
) -> None:
    _event(client, campaign)
    client.post(
        reverse("campaign-new"),
        {
            "name": "Campagne Mali",
            "theme": "Mines",
            "starts_on": days(-5).isoformat(),
            "ends_on": days(5).isoformat(),
            "countries": ["SN", "ML"],
        },
    )
    mali = client.get(reverse("campaign-list"), {"country": "ML"}).content.decode()
    assert "Campagne Mali" in mali and "Sensibilisation trimestrielle" not in mali
    detail = client.get(reverse("campaign-detail", args=[campaign.pk])).content.decode()
    assert "Gold-mining communities</td><td>1</td><td>150</td>" in detail
