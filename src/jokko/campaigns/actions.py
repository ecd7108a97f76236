"""Every change to a campaign goes through these functions: permission, full validation, then
one transaction with an audit entry. Nothing is written when any check fails, so a typo in a
reach figure cannot silently inflate the awareness indicators.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jokko.accounts.access import ActionForbidden
from jokko.accounts.models import Organisation
from jokko.actionplans.actions import countries_from
from jokko.audit.actions import record
from jokko.campaigns.access import can_use_campaigns
from jokko.campaigns.models import Audience, Campaign, CampaignEvent, EventKind
from jokko.gazetteer import places
from jokko.validation import Errors, add_error, raise_if_errors

# ISO 639 codes (two or three letters: fr, ar, wo, pul, snk, bm...).
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")
MAX_REACH = 10_000_000


def _text(errors: Errors, name: str, value: str, max_length: int, *, required: bool) -> str:
    text = (value or "").strip()
    if required and not text:
        add_error(errors, name, _("This field is required."))
    elif len(text) > max_length:
        add_error(errors, name, _("At most %(n)d characters, please.") % {"n": max_length})
    return text


@dataclass
class CampaignInput:
    name: str
    theme: str
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    countries: list[str] = field(default_factory=list)


def create_campaign(user: Any, data: CampaignInput, *, channel: str = "web") -> Campaign:
    if not can_use_campaigns(user):
        raise ActionForbidden
    errors: Errors = {}
    name = _text(errors, "name", data.name, 200, required=True)
    theme = _text(errors, "theme", data.theme, 300, required=True)
    countries = countries_from(errors, "countries", data.countries, minimum=1)
    if data.starts_on is None:
        add_error(errors, "starts_on", _("Enter a valid start date."))
    if data.ends_on is None:
        add_error(errors, "ends_on", _("Enter a valid end date."))
    if data.starts_on and data.ends_on and data.ends_on < data.starts_on:
        add_error(errors, "ends_on", _("The end date must not be before the start date."))
    raise_if_errors(errors)
    assert data.starts_on is not None and data.ends_on is not None
    with transaction.atomic():
        campaign = Campaign.objects.create(
            name=name,
            theme=theme,
            starts_on=data.starts_on,
            ends_on=data.ends_on,
            countries=countries,
            created_by=user,
        )
        record(user, "create", "campaign", campaign.pk, channel=channel, countries=countries)
    return campaign


@dataclass
class EventInput:
    kind: str
    place_code: str
    held_on: datetime.date | None
    audience: str
    reach_total: Any
    reach_female: Any = None
    reach_male: Any = None
    title: str = ""
    materials: str = ""
    materials_count: Any = None
    partner_ids: list[int] = field(default_factory=list)
    partner_note: str = ""
    languages: list[str] = field(default_factory=list)


def _count(errors: Errors, name: str, value: Any, *, required: bool) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            add_error(errors, name, _("Enter a whole number."))
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        add_error(errors, name, _("Enter a whole number."))
        return None
    if number < 0:
        add_error(errors, name, _("The number must not be negative."))
        return None
    if number > MAX_REACH:
        add_error(errors, name, _("This number is implausibly large."))
        return None
    return number


def add_event(
    user: Any, campaign: Campaign, data: EventInput, *, channel: str = "web"
) -> CampaignEvent:
    """One awareness event of a campaign, in one of the campaign's countries, within its dates."""
    if not can_use_campaigns(user):
        raise ActionForbidden
    errors: Errors = {}
    if data.kind not in EventKind.values:
        add_error(errors, "kind", _("Choose the kind of event."))
    if data.audience not in Audience.values:
        add_error(errors, "audience", _("Choose the audience."))
    code = (data.place_code or "").strip().upper()
    try:
        place = places.get(code)
    except KeyError:
        add_error(errors, "place_code", _("Unknown place: choose one from the list."))
    else:
        if place.country not in campaign.country_list:
            add_error(
                errors,
                "place_code",
                _("This place is not in one of the campaign's countries (%(codes)s).")
                % {"codes": ", ".join(campaign.country_list)},
            )
    if data.held_on is None:
        add_error(errors, "held_on", _("Enter a valid date."))
    else:
        if not campaign.starts_on <= data.held_on <= campaign.ends_on:
            add_error(
                errors,
                "held_on",
                _("The event must take place within the campaign (%(start)s to %(end)s).")
                % {"start": campaign.starts_on, "end": campaign.ends_on},
            )
        if data.held_on > timezone.localdate():
            add_error(errors, "held_on", _("Record an event once it has taken place."))
    total = _count(errors, "reach_total", data.reach_total, required=True)
    female = _count(errors, "reach_female", data.reach_female, required=False)
    male = _count(errors, "reach_male", data.reach_male, required=False)
    if total is not None and (female or 0) + (male or 0) > total:
        add_error(
            errors,
            "reach_total",
            _("Women and men reached add up to more than the people reached."),
        )
    materials_count = _count(errors, "materials_count", data.materials_count, required=False)
    title = _text(errors, "title", data.title, 300, required=False)
    materials = _text(errors, "materials", data.materials, 2000, required=False)
    partner_note = _text(errors, "partner_note", data.partner_note, 300, required=False)
    partner_ids = list(dict.fromkeys(data.partner_ids))
    partners = list(Organisation.objects.filter(pk__in=partner_ids))
    if len(partners) != len(partner_ids):
        add_error(errors, "partner_ids", _("Unknown organisation."))
    languages = sorted({(c or "").strip().lower() for c in data.languages if (c or "").strip()})
    if any(not LANGUAGE_CODE.match(c) for c in languages):
        add_error(errors, "languages", _("Give languages as ISO 639 codes (e.g. fr, wo, pul)."))
    raise_if_errors(errors)
    assert data.held_on is not None and total is not None
    with transaction.atomic():
        event = CampaignEvent.objects.create(
            campaign=campaign,
            kind=data.kind,
            title=title,
            place_code=code,
            held_on=data.held_on,
            audience=data.audience,
            reach_total=total,
            reach_female=female,
            reach_male=male,
            materials=materials,
            materials_count=materials_count or 0,
            partner_note=partner_note,
            languages=",".join(languages),
            created_by=user,
        )
        event.partners.set(partners)
        record(user, "create", "campaign_event", event.pk, channel=channel, campaign=campaign.pk)
    return event
