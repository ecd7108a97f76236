"""Who may see and manage awareness campaigns: the same people as joint action plans.

Campaigns carry no personal data (reach is counted, nobody is named), so the rule is by role:
coordinators and programme officers manage every campaign of the node; analysts see only the
aggregated indicators (programmes page); other roles see nothing.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from jokko.accounts.access import NotFoundOrForbidden, has_role
from jokko.actionplans.access import MANAGING_ROLES
from jokko.audit.actions import record_denied
from jokko.campaigns.models import Campaign


def can_use_campaigns(user: Any) -> bool:
    return has_role(user, MANAGING_ROLES)


def visible_campaigns(user: Any) -> QuerySet[Campaign]:
    if not can_use_campaigns(user):
        return Campaign.objects.none()
    return Campaign.objects.all()


def access_campaign_by_id(user: Any, campaign_id: int, *, channel: str = "web") -> Campaign:
    campaign = visible_campaigns(user).filter(pk=campaign_id).first()
    if campaign is None:
        record_denied(user, "campaign", campaign_id, channel=channel)
        raise NotFoundOrForbidden
    return campaign
