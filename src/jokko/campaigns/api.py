"""API routes of the campaigns app (mounted under /api/v1/campaigns/ by jokko/api/api.py).

Same actions and access rules as the pages, so a partner NGO's tool can report its events.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from jokko.accounts.access import ActionForbidden
from jokko.api.schemas import ERRORS
from jokko.campaigns import actions
from jokko.campaigns.access import access_campaign_by_id, can_use_campaigns, visible_campaigns
from jokko.campaigns.models import Campaign, CampaignEvent

router = Router(tags=["campaigns"])
CHANNEL = "api"


class EventOut(Schema):
    id: int
    kind: str
    title: str
    place_code: str
    held_on: datetime.date
    audience: str
    reach_total: int
    reach_female: int | None
    reach_male: int | None
    materials: str
    materials_count: int
    partner_ids: list[int]
    partner_note: str
    languages: list[str]


class CampaignOut(Schema):
    id: int
    name: str
    theme: str
    starts_on: datetime.date
    ends_on: datetime.date
    countries: list[str]
    events: list[EventOut]


class CampaignIn(Schema):
    name: str
    theme: str
    starts_on: datetime.date
    ends_on: datetime.date
    countries: list[str]


class EventIn(Schema):
    kind: str
    place_code: str
    held_on: datetime.date
    audience: str
    reach_total: int
    reach_female: int | None = None
    reach_male: int | None = None
    title: str = ""
    materials: str = ""
    materials_count: int | None = None
    partner_ids: list[int] = []
    partner_note: str = ""
    languages: list[str] = []


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def event_out(event: CampaignEvent) -> dict[str, Any]:
    return {
        "id": event.pk,
        "kind": event.kind,
        "title": event.title,
        "place_code": event.place_code,
        "held_on": event.held_on,
        "audience": event.audience,
        "reach_total": event.reach_total,
        "reach_female": event.reach_female,
        "reach_male": event.reach_male,
        "materials": event.materials,
        "materials_count": event.materials_count,
        "partner_ids": sorted(p.pk for p in event.partners.all()),
        "partner_note": event.partner_note,
        "languages": event.language_list,
    }


def campaign_out(campaign: Campaign) -> dict[str, Any]:
    return {
        "id": campaign.pk,
        "name": campaign.name,
        "theme": campaign.theme,
        "starts_on": campaign.starts_on,
        "ends_on": campaign.ends_on,
        "countries": campaign.country_list,
        "events": [event_out(e) for e in campaign.events.prefetch_related("partners")],
    }


@router.get("", response={200: list[CampaignOut], **ERRORS})
def list_campaigns(request: HttpRequest) -> list[dict[str, Any]]:
    user = _user(request)
    if not can_use_campaigns(user):
        raise ActionForbidden
    return [campaign_out(c) for c in visible_campaigns(user)[:200]]


@router.post("", response={201: CampaignOut, **ERRORS})
def create_campaign(request: HttpRequest, payload: CampaignIn) -> Status[dict[str, Any]]:
    campaign = actions.create_campaign(
        _user(request), actions.CampaignInput(**payload.dict()), channel=CHANNEL
    )
    return Status(201, campaign_out(campaign))


@router.get("/{campaign_id}", response={200: CampaignOut, **ERRORS})
def get_campaign(request: HttpRequest, campaign_id: int) -> dict[str, Any]:
    return campaign_out(access_campaign_by_id(_user(request), campaign_id, channel=CHANNEL))


@router.post("/{campaign_id}/events", response={201: EventOut, **ERRORS})
def add_event(request: HttpRequest, campaign_id: int, payload: EventIn) -> Status[dict[str, Any]]:
    user = _user(request)
    campaign = access_campaign_by_id(user, campaign_id, channel=CHANNEL)
    event = actions.add_event(user, campaign, actions.EventInput(**payload.dict()), channel=CHANNEL)
    return Status(201, event_out(event))
