"""Shared builders for campaign tests and the permission matrices (tests/web, tests/api)."""

from __future__ import annotations

import datetime
from typing import Any

from jokko.accounts.models import User

TODAY = datetime.date.today()


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


def campaign_for_permissions() -> Any:
    from jokko.campaigns import actions
    from jokko.campaigns.models import Campaign

    existing = Campaign.objects.filter(name="Campagne permissions").first()
    if existing is not None:
        return existing
    return actions.create_campaign(
        User.objects.get(username="programme"),
        actions.CampaignInput(
            name="Campagne permissions",
            theme="Traite des enfants dans les sites d'orpaillage",
            starts_on=days(-100),
            ends_on=days(100),
            countries=["SN"],
        ),
    )


def campaign_api_calls() -> dict[str, tuple[Any, Any, Any]]:
    """The campaign rows of the API permission matrix (tests/api/test_api.py)."""
    from jokko.campaigns.models import Campaign, CampaignEvent

    def prepare(world: Any) -> dict[str, Any]:
        return {
            "campaign": campaign_for_permissions().pk,
            "campaigns": Campaign.objects.count(),
            "events": CampaignEvent.objects.count(),
        }

    def unchanged(world: Any, prepared: Any, before: Any, after: Any) -> bool:
        return True

    def one_more(model: Any, key: str) -> Any:
        def effect(world: Any, prepared: dict[str, Any], before: Any, after: Any) -> bool:
            return bool(model.objects.count() == prepared[key] + 1)

        return effect

    return {
        "GET /campaigns": (prepare, lambda api, w, p: api.get("/campaigns"), unchanged),
        "POST /campaigns": (
            prepare,
            lambda api, w, p: api.post(
                "/campaigns",
                {
                    "name": "Caravane de sensibilisation",
                    "theme": "Migration irrégulière",
                    "starts_on": days(-30).isoformat(),
                    "ends_on": days(60).isoformat(),
                    "countries": ["SN", "MR"],
                },
            ),
            one_more(Campaign, "campaigns"),
        ),
        "GET /campaigns/{campaign_id}": (
            prepare,
            lambda api, w, p: api.get(f"/campaigns/{p['campaign']}"),
            unchanged,
        ),
        "POST /campaigns/{campaign_id}/events": (
            prepare,
            lambda api, w, p: api.post(
                f"/campaigns/{p['campaign']}/events",
                {
                    "kind": "community_meeting",
                    "place_code": "SN-KE-KEDOUGOU",
                    "held_on": days(-1).isoformat(),
                    "audience": "gold_mining",
                    "reach_total": 120,
                },
            ),
            one_more(CampaignEvent, "events"),
        ),
    }
