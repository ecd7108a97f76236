"""Demo awareness campaign: the quarterly community awareness events of the joint plan.

Seed 000: "Community awareness events, quarterly: local NGOs, government representatives";
awareness "in schools and local organisations", "building partnerships with local NGOs",
"training community leaders". Seed 004: Kédougou, its gold-mining sites and child protection
committees. One event per past quarter since January 2024, rotating between places and kinds;
reach figures are illustrative. Through the real actions; running it again adds nothing.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone

from jokko.accounts.models import Organisation, User
from jokko.campaigns import actions
from jokko.campaigns.models import Campaign
from jokko.gazetteer import places

OFFICER = "programme"
NAME = "Quarterly community awareness events (joint action plan)"
PARTNER = {"SN": "MR", "MR": "SN"}
# Senegal's places named in the seed documents; other nodes use their own towns.
PLACES = {
    "SN": [
        "SN-KE-KEDOUGOU",
        "SN-TC-TAMBACOUNDA",
        "SN-SL-SAINT_LOUIS",
        "SN-SL-ROSSO_SENEGAL",
        "SN-TC-KIDIRA",
        "SN-KE-SARAYA",
    ],
    "MR": ["MR-06-ROSSO", "MR-13-NOUAKCHOTT", "MR-08-NOUADHIBOU", "MR-04-KAEDI"],
}
# (kind, audience, reach, share of women and girls in %, materials, items, languages)
ROTATION = [
    ("community_meeting", "gold_mining", 180, 45, "Posters, leaflets", 250, ["fr", "pul"]),
    ("radio", "general_public", 3500, 50, "Radio spots", 0, ["fr", "wo", "pul"]),
    ("school", "pupils", 240, 52, "Comic books", 240, ["fr"]),
    ("market", "transport", 320, 30, "Leaflets, stickers", 400, ["wo", "ar"]),
    ("caravan", "youth", 650, 40, "T-shirts, leaflets", 500, ["fr", "wo"]),
    ("religious", "community_leaders", 90, 20, "Sermon guide", 60, ["ar", "wo"]),
]


def _quarters(start: datetime.date, today: datetime.date) -> list[datetime.date]:
    """The middle day of every quarter from `start` that has already passed."""
    days: list[datetime.date] = []
    year, quarter = start.year, (start.month - 1) // 3 + 1
    while True:
        day = datetime.date(year, 3 * quarter - 1, 15)
        if day > today:
            return days
        days.append(day)
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)


def _places(country: str) -> list[str]:
    if country in PLACES:
        return PLACES[country]
    return [p.code for p in places.places_in(country, kind="town")[:4]]


def seed_demo() -> int:
    officer = User.objects.filter(username=OFFICER).first()
    if officer is None or Campaign.objects.filter(name=NAME).exists():
        return 0
    node = settings.NODE_COUNTRY
    partner = PARTNER.get(node, "SN")
    today = timezone.localdate()
    campaign = actions.create_campaign(
        officer,
        actions.CampaignInput(
            name=NAME,
            theme="Recognising and reporting trafficking and smuggling; safe migration",
            starts_on=datetime.date(2024, 1, 1),
            ends_on=max(datetime.date(2027, 12, 31), today),
            countries=[node, partner],
        ),
    )
    ngo = Organisation.objects.filter(kind="ngo", country=node).order_by("id").first()
    committee = Organisation.objects.filter(kind="committee", country=node).order_by("id").first()
    partners = [org.pk for org in (ngo, committee) if org is not None]
    codes = _places(node)
    created = 1
    for number, held_on in enumerate(_quarters(campaign.starts_on, today)):
        kind, audience, reach, women, materials, items, languages = ROTATION[number % len(ROTATION)]
        reach += 10 * number  # growing audiences, so no two quarters look alike
        female = reach * women // 100
        actions.add_event(
            officer,
            campaign,
            actions.EventInput(
                kind=kind,
                place_code=codes[number % len(codes)],
                held_on=held_on,
                audience=audience,
                reach_total=reach,
                reach_female=female,
                reach_male=reach - female,
                title=f"Q{(held_on.month - 1) // 3 + 1} {held_on.year}",
                materials=materials,
                materials_count=items,
                partner_ids=partners,
                partner_note="Government representatives",
                languages=languages,
            ),
        )
        created += 1
    return created
