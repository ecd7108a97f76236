"""Demo trainings for a node, with the figures of the seed documents.

* UNODC's Liptako-Gourma programme (2018): a national training of trainers for law
  enforcement with fifteen relay trainers, who then train colleagues of other operational units
  (the cascade); tutoring of twenty-five magistrates; fifty police and gendarmes of specialised
  investigation services and border units.
* Senegal node only: the Senegal-Mauritania capacity-building workshops (Legal Frameworks 35
  Senegalese and 28 Mauritanian participants, Investigative Techniques 45 and 30, Community
  Awareness 50 and 40), and in Kédougou 17 magistrates and law enforcement officers trained in
  identification, investigation and prosecution, and 22 local actors on the referral mechanism.

Everything goes through `record_training` and `add_participants`, like real use. Names are
invented (first names x family names of the region). Running it again adds nothing.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.conf import settings

from jokko.accounts.models import User
from jokko.gazetteer import places_in
from jokko.trainings.actions import TrainingInput, add_participants, record_training
from jokko.trainings.models import TrainingEvent
from jokko.trainings.sheets import SheetRow

PROGRAMME_OFFICER = "programme"
D = datetime.date
CAPITALS = {"SN": "SN-DK-DAKAR", "MR": "MR-13-NOUAKCHOTT", "ML": "ML-BKO-BAMAKO"}
BORDER_TOWNS = {
    "SN": ["SN-TC-KIDIRA", "SN-KE-KEDOUGOU", "SN-SL-ROSSO_SENEGAL", "SN-KE-SARAYA", "SN-TC-BAKEL"],
    "MR": ["MR-08-NOUADHIBOU", "MR-13-NOUAKCHOTT"],
    "ML": ["ML-2-KATI", "ML-2-KOUREMALE", "ML-2-NARA"],
}
FIRST_NAMES = {
    "female": [
        "Awa",
        "Fatou",
        "Aminata",
        "Mariama",
        "Khady",
        "Aïssatou",
        "Coumba",
        "Ndèye",
        "Rokhaya",
        "Astou",
        "Mariem",
        "Zeinabou",
        "Oumou",
        "Kadiatou",
        "Salimata",
    ],
    "male": [
        "Mamadou",
        "Ousmane",
        "Ibrahima",
        "Moussa",
        "Cheikh",
        "Abdoulaye",
        "Modou",
        "Babacar",
        "Alioune",
        "Mohamed",
        "Sidi",
        "Ahmed",
        "Boubacar",
        "Seydou",
        "Adama",
        "Lamine",
        "Souleymane",
        "Amadou",
        "Djibril",
        "Omar",
    ],
}
FAMILY_NAMES = {
    "SN": [
        "Ndiaye",
        "Diop",
        "Fall",
        "Sow",
        "Ba",
        "Sarr",
        "Faye",
        "Gueye",
        "Diallo",
        "Cissé",
        "Mbaye",
        "Thiam",
        "Seck",
        "Kane",
        "Niang",
        "Camara",
        "Diouf",
        "Sy",
        "Touré",
        "Mané",
    ],
    "MR": [
        "Ould Ahmed",
        "Ould Mohamed",
        "Mint Sidi",
        "Ould Cheikh",
        "Ba",
        "Sy",
        "Kane",
        "Ould Brahim",
        "Mint Ahmed",
        "Diallo",
        "Ould Vall",
        "Ould Salem",
        "Wane",
        "Ly",
        "Ould Abdallahi",
        "Mint Moctar",
        "Sow",
        "Ould Bah",
        "Camara",
        "Ould Ely",
    ],
    "ML": [
        "Traoré",
        "Coulibaly",
        "Keïta",
        "Diarra",
        "Konaté",
        "Sangaré",
        "Touré",
        "Maïga",
        "Cissé",
        "Dembélé",
        "Sissoko",
        "Kané",
        "Doumbia",
        "Samaké",
        "Koné",
        "Diakité",
        "Sidibé",
        "Bagayoko",
        "Haïdara",
        "Tounkara",
    ],
}


@dataclass
class Plan:
    title: str
    topic: str
    audience: str
    place_code: str
    start_on: datetime.date
    days: int
    funder: str
    tot: bool = False
    trainers: list[SheetRow] = field(default_factory=list)
    trainees: list[SheetRow] = field(default_factory=list)


def _score(seed: str, low: int, high: int) -> int:
    """A stable pseudo-random score, so the demo's indicators are the same on every node."""
    digest = int(hashlib.sha256(seed.encode()).hexdigest()[:8], 16)
    return low + digest % (high - low + 1)


class People:
    """Distinct invented names per country, handed out in a fixed order."""

    def __init__(self) -> None:
        self._next: dict[str, Iterator[tuple[str, str]]] = {}

    def _names(self, country: str) -> Iterator[tuple[str, str]]:
        """Every first name x family name once, in a fixed shuffled order."""
        families = FAMILY_NAMES.get(country, FAMILY_NAMES["SN"])
        names: dict[str, tuple[str, str]] = {}
        for sex, firsts in FIRST_NAMES.items():
            for first in firsts:
                for family in families:
                    # Hassaniya particles follow the person's sex: Ould (son of), Mint.
                    if sex == "female":
                        family = family.replace("Ould ", "Mint ")
                    else:
                        family = family.replace("Mint ", "Ould ")
                    names.setdefault(f"{first} {family}", (f"{first} {family}", sex))
        yield from sorted(
            names.values(), key=lambda item: hashlib.sha256(item[0].encode()).hexdigest()
        )

    def take(
        self,
        count: int,
        country: str,
        agencies: list[str],
        position: str,
        *,
        role: str = "trainee",
        scores: tuple[int, int, int, int] | None = (30, 60, 65, 95),
    ) -> list[SheetRow]:
        names = self._next.setdefault(country, self._names(country))
        rows = []
        for i in range(count):
            name, sex = next(names)
            pre = post = None
            if scores and role == "trainee":
                pre = _score(name + "pre", scores[0], scores[1])
                post = max(pre, _score(name + "post", scores[2], scores[3]))
            rows.append(
                SheetRow(
                    line=i + 1,
                    name=name,
                    agency=agencies[i % len(agencies)],
                    sex=sex,
                    position=position,
                    country=country,
                    role=role,
                    pre_score=pre,
                    post_score=post,
                )
            )
        return rows


def _places(country: str) -> tuple[str, list[str]]:
    towns = [p.code for p in places_in(country, kind="town")]
    capital = CAPITALS.get(country, towns[0] if towns else "")
    border = [code for code in BORDER_TOWNS.get(country, []) if code in towns] or towns[1:6]
    return capital, border or [capital]


def _plans(country: str) -> list[Plan]:
    people = People()
    capital, border = _places(country)
    police = ["Police nationale", "Direction de la police aux frontières"]
    gendarmerie = ["Gendarmerie nationale", "Brigade de recherches"]
    experts = people.take(2, country, ["ONUDC (UNODC)"], "Expert", role="trainer")
    tot = Plan(
        title="Formation nationale de formateurs relais des forces de l'ordre (TIP/SOM)",
        topic="training_of_trainers",
        audience="mixed",
        place_code=capital,
        start_on=D(2018, 9, 3),
        days=5,
        funder="ONUDC, Stratégie intégrée des Nations unies pour le Sahel",
        tot=True,
        trainers=experts,
        trainees=people.take(15, country, police + gendarmerie, "Formateur relais"),
    )
    plans = [tot]
    # Each relay trainer then trains colleagues of other operational units: 15 sessions.
    for i, relay in enumerate(tot.trainees):
        audience = "police" if relay.agency in police else "gendarmerie"
        relay_as_trainer = SheetRow(
            line=1,
            name=relay.name,
            agency=relay.agency,
            sex=relay.sex,
            position=relay.position,
            country=country,
            role="trainer",
        )
        agencies = police if audience == "police" else gendarmerie
        plans.append(
            Plan(
                title=f"Restitution : identification et enquête TIP/SOM ({i + 1})",
                topic="victim_identification" if i % 2 else "investigation",
                audience=audience,
                place_code=border[i % len(border)],
                start_on=D(2018, 10, 1) + datetime.timedelta(days=4 * i),
                days=2,
                funder="ONUDC",
                trainers=[relay_as_trainer],
                trainees=people.take(8 + i % 5, country, agencies, "Agent"),
            )
        )
    plans.append(
        Plan(
            title="Tutorat des magistrats : traitement judiciaire de la traite et du trafic",
            topic="prosecution",
            audience="magistrates",
            place_code=capital,
            start_on=D(2018, 9, 17),
            days=5,
            funder="ONUDC",
            trainers=experts[:1],
            trainees=people.take(25, country, ["École de la magistrature", "Parquet"], "Magistrat"),
        )
    )
    plans.append(
        Plan(
            title="Services spécialisés d'enquête et unités frontalières : TIP/SOM",
            topic="border_management",
            audience="mixed",
            place_code=border[0],
            start_on=D(2018, 11, 12),
            days=4,
            funder="ONUDC",
            trainers=experts[1:],
            trainees=people.take(50, country, police + gendarmerie, "Officier"),
        )
    )
    if country == "SN":
        plans.extend(_senegal_plans(people, experts))
    return plans


def _senegal_plans(people: People, experts: list[SheetRow]) -> list[Plan]:
    workshops = [
        ("legal_framework", "Cadre juridique et élaboration des politiques", 35, 28),
        ("investigation", "Techniques et compétences d'enquête", 45, 30),
        ("community_awareness", "Sensibilisation et soutien communautaires", 50, 40),
    ]
    plans = []
    for i, (topic, title, senegal, mauritania) in enumerate(workshops):
        plans.append(
            Plan(
                title=f"Atelier Sénégal-Mauritanie : {title}",
                topic=topic,
                audience="mixed",
                place_code="SN-SL-SAINT_LOUIS",
                start_on=D(2024, 2, 12) + datetime.timedelta(days=56 * i),
                days=3,
                funder="ONUDC",
                trainers=experts,
                trainees=people.take(
                    senegal,
                    "SN",
                    ["Police nationale", "Gendarmerie nationale", "Ministère de la Justice"],
                    "Participant",
                )
                + people.take(
                    mauritania,
                    "MR",
                    ["Police nationale", "Garde côtière", "Ministère de la Justice"],
                    "Participant",
                ),
            )
        )
    plans.append(
        Plan(
            title="Identification, enquête et poursuite de la traite (Kédougou)",
            topic="prosecution",
            audience="mixed",
            place_code="SN-KE-KEDOUGOU",
            start_on=D(2023, 5, 8),
            days=3,
            funder="ONUDC",
            trainers=experts[:1],
            trainees=people.take(
                17,
                "SN",
                ["Tribunal de Kédougou", "Gendarmerie de Kédougou", "Commissariat de Kédougou"],
                "Magistrat / OPJ",
            ),
        )
    )
    plans.append(
        Plan(
            title="Mécanisme d'orientation des victimes : acteurs locaux de Kédougou",
            topic="referral_mechanism",
            audience="community",
            place_code="SN-KE-KEDOUGOU",
            start_on=D(2023, 6, 13),
            days=2,
            funder="ONUDC",
            trainers=experts[1:],
            trainees=people.take(
                22,
                "SN",
                [
                    "Comité local de protection de l'enfance",
                    "Gendarmerie de Kédougou",
                    "Société civile",
                ],
                "Acteur local",
            ),
        )
    )
    return plans


def seed_demo() -> int:
    """Record the demo trainings of the node; returns how many were added (0 if done)."""
    user = User.objects.filter(username=PROGRAMME_OFFICER).first()
    if user is None or user.organisation_id is None:
        return 0
    country = settings.NODE_COUNTRY
    plans = _plans(country)
    if TrainingEvent.objects.filter(title=plans[0].title).exists():
        return 0
    for plan in plans:
        event = record_training(
            user,
            TrainingInput(
                title=plan.title,
                topic_code=plan.topic,
                audience=plan.audience,
                place_code=plan.place_code,
                start_on=plan.start_on,
                end_on=plan.start_on + datetime.timedelta(days=plan.days - 1),
                funder=plan.funder,
                is_training_of_trainers=plan.tot,
                country=country,
            ),
        )
        add_participants(user, event, plan.trainers + plan.trainees)
    return len(plans)
