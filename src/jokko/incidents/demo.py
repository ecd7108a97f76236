"""A few realistic incidents for the Senegal demo node, drawn from the seed documents.

The EU-Senegal operational partnership trains border units against migrant smuggling (road
posts on the Mali border, pirogues leaving the Atlantic coast); in the artisanal gold-mining
areas of Kédougou, girls and young women, many from Nigeria, are exploited near the mines.
Every incident goes through `record_incident`, so the demo obeys the same rules and audit as
real use. Names are invented. Running it again adds nothing.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings

from jokko.accounts.models import Organisation, User
from jokko.incidents.actions import (
    CountedInput,
    IncidentInput,
    ItemInput,
    SuspectInput,
    add_suspect_phone,
    link_associates,
    record_incident,
)
from jokko.incidents.models import Incident, Suspect

INVESTIGATOR = "enqueteur"
COORDINATOR = "coordination"
DAY = datetime.timedelta(days=1)


def _plans(today: datetime.date, gendarmerie_id: int | None) -> list[tuple[str, IncidentInput]]:
    return [
        (
            INVESTIGATOR,
            IncidentInput(
                kind="border_interception",
                occurred_on=today - 21 * DAY,
                place_code="SN-TC-KIDIRA",
                offences=["som"],
                summary="Minibus contrôlé au poste frontière de Kidira en provenance de Diboli : "
                "deux convoyeurs, douze passagers sans documents de voyage à destination du "
                "Maroc via la Mauritanie.",
                suspects=[
                    SuspectInput(
                        name="Mamadou Lamine Diallo",
                        sex="male",
                        nationality="SN",
                        phone="+221 77 412 38 90",
                        plate="TC-4821-B",
                    ),
                    SuspectInput(name="Ousmane Keïta", sex="male", nationality="ML"),
                ],
                counted=[
                    CountedInput(role="smuggled_migrant", count=8, nationality="GN"),
                    CountedInput(role="smuggled_migrant", count=4, nationality="GM"),
                ],
                items=[
                    ItemInput(kind="vehicle", identifier="TC-4821-B", description="Minibus"),
                    ItemInput(kind="money", amount="1450000", currency="XOF"),
                    ItemInput(kind="phone", identifier="+221 77 412 38 90", quantity=1),
                ],
            ),
        ),
        (
            COORDINATOR,
            IncidentInput(
                kind="raid_rescue",
                occurred_on=today - 45 * DAY,
                place_code="SN-KE-KHARAKHENA",
                offences=["tip"],
                unit_id=gendarmerie_id,
                summary="Descente sur un site d'orpaillage signalé par le comité de vigilance : "
                "jeunes femmes nigérianes exploitées sexuellement dans des débits de boisson, "
                "documents confisqués par la gérante.",
                suspects=[
                    SuspectInput(name="Blessing Okafor", sex="female", nationality="NG"),
                ],
                counted=[
                    CountedInput(role="survivor", count=6, nationality="NG"),
                    CountedInput(role="witness", count=2, nationality="SN"),
                ],
                items=[
                    ItemInput(kind="seized_item", description="Passeports confisqués", quantity=5),
                ],
            ),
        ),
        (
            INVESTIGATOR,
            IncidentInput(
                kind="boat_departure",
                occurred_on=today - 9 * DAY,
                place_code="SN-SL-GUET_NDAR",
                offences=["som", "tip"],
                summary="Pirogue de 18 mètres interceptée avant le départ à Guet Ndar : "
                "passagers dont trois mineurs non accompagnés promis à un emploi en Espagne.",
                suspects=[
                    SuspectInput(
                        name="Cheikh Tidiane Ndiaye",
                        sex="male",
                        nationality="SN",
                        phone="+221 76 553 10 27",
                    ),
                ],
                counted=[
                    CountedInput(role="smuggled_migrant", count=61, nationality="SN"),
                    CountedInput(role="survivor", count=3, nationality="GN"),
                ],
                items=[
                    ItemInput(kind="boat", identifier="SL-1187", description="Pirogue, 2 moteurs"),
                ],
            ),
        ),
        (
            INVESTIGATOR,
            IncidentInput(
                kind="boat_interception",
                occurred_on=today - 3 * DAY,
                place_code="SN-TH-MBOUR",
                offences=["som"],
                summary="Pirogue interceptée au large de Mbour par la marine nationale.",
                counted=[CountedInput(role="smuggled_migrant", count=137)],
            ),
        ),
    ]


def seed_demo() -> int:
    """Record the demo incidents on a Senegal node; returns how many were added (0 if done)."""
    if settings.NODE_COUNTRY != "SN":
        return 0
    users: dict[str, Any] = {
        u.username: u for u in User.objects.filter(username__in=[INVESTIGATOR, COORDINATOR])
    }
    if len(users) < 2:
        return 0
    gendarmerie = Organisation.objects.filter(kind="gendarmerie", country="SN").first()
    plans = _plans(datetime.date.today(), gendarmerie.pk if gendarmerie else None)
    if Incident.objects.filter(summary__in=[data.summary for _, data in plans]).exists():
        return 0
    added = 0
    for username, data in plans:
        if data.unit_id is None and username == COORDINATOR:
            continue  # no gendarmerie unit on this node
        record_incident(users[username], data, channel="demo")
        added += 1
    _link_the_network(users[INVESTIGATOR])
    return added


def _link_the_network(investigator: Any) -> None:
    """What the investigators learnt after the interceptions: the Guet Ndar organiser calls on
    the Kidira convoy's phone (written another way) and knows its second driver. Gives the demo
    link analysis (`jokko.networks`) a shared phone and a known associate across incidents."""
    by_name = {
        suspect.person.primary_name: suspect
        for suspect in Suspect.objects.select_related("person").prefetch_related("person__names")
    }
    ndiaye, keita = by_name.get("Cheikh Tidiane Ndiaye"), by_name.get("Ousmane Keïta")
    if ndiaye is None or keita is None:
        return
    add_suspect_phone(investigator, ndiaye, "+221 774 123 890", channel="demo")
    link_associates(investigator, ndiaye, keita, channel="demo")
