"""Persons the demo nodes know under different spellings, so cross-border linkage finds something.

Why: the synthetic cases of `jokko.demo.seed` are drawn independently per country, so no two
demo nodes share a person and a newcomer who clicks "Check in neighbouring countries" would
only ever see "no candidate". Real registers overlap in exactly the ways listed here: a
recruiter written "Mamadou Saliou Diallo" by a Senegalese clerk is "Mamadu Saliu Jallow" in
Mali; a Hassaniya name is typed in Latin script in Dakar and in Arabic script in Nouakchott;
police records put the family name first, in capitals; estimated birth years differ by one.

Suspects and recruiters are registered by the node's investigator, so they belong to its
police unit. Two survivors are known to a shelter in two countries, and each consented to
sharing with another country's authorities, so their match can be disclosed on that consent.
Every record goes through the real actions (`register_person`, `register_survivor`,
`record_consent`) with fixed client ids: seeding twice adds nothing.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from jokko.accounts.models import User
from jokko.cases import actions as case_actions
from jokko.cases.access import active_consent_with
from jokko.cases.models import ConsentScope
from jokko.people.actions import PersonInput, register_person
from jokko.people.models import BirthDatePrecision, Person, PersonRole

_NAMESPACE = uuid.UUID("0d8c3a4e-6f21-4b7a-9c55-3e1f7a2b9d40")
INVESTIGATOR = "enqueteur"
CASE_WORKER = "travailleuse"


@dataclass(frozen=True)
class SurvivorCase:
    """Where and how a country's shelter met the survivor (the case it opened)."""

    place_code: str
    origin_code: str
    identification_source: str
    exploitation_types: tuple[str, ...]
    days_ago: int
    consent_recipients: str


@dataclass(frozen=True)
class Sighting:
    """How one country's register knows the person: its spelling, its estimate of the birth."""

    names: tuple[str, ...]
    birth: str  # "YYYY" (a year, exact or estimated) or "YYYY-MM-DD"
    nationality: str
    notes: str = ""
    approximate: bool = False
    case: SurvivorCase | None = None

    def person_input(self, sex: str, role: str, client_id: uuid.UUID) -> PersonInput:
        if len(self.birth) == 10:
            date = datetime.date.fromisoformat(self.birth)
            birth_date, birth_year, precision = date, date.year, BirthDatePrecision.EXACT
        else:
            birth_date, birth_year = None, int(self.birth)
            precision = (
                BirthDatePrecision.APPROXIMATE if self.approximate else BirthDatePrecision.YEAR
            )
        return PersonInput(
            names=list(self.names),
            roles=[role],
            sex=sex,
            birth_date=birth_date,
            birth_year=birth_year,
            birth_precision=precision,
            nationality=self.nationality,
            notes=self.notes,
            client_id=client_id,
        )


@dataclass(frozen=True)
class CrossBorderPerson:
    key: str
    role: str
    sex: str
    known_in: dict[str, Sighting]


def _kedougou_case() -> SurvivorCase:
    return SurvivorCase(
        place_code="SN-KE-KEDOUGOU",
        origin_code="ML-1-KAYES",
        identification_source="vigilance_committee",
        exploitation_types=("forced_labour_gold_mining",),
        days_ago=40,
        consent_recipients="Autorités maliennes, pour retrouver sa famille à Kayes",
    )


CROSS_BORDER_PERSONS: tuple[CrossBorderPerson, ...] = (
    CrossBorderPerson(
        "tonton",
        PersonRole.RECRUITER,
        "male",
        {
            # The recruiter of the SN bulletin "Recruteur présumé pour les sites d'orpaillage".
            "SN": Sighting(
                ("Mamadou Saliou Diallo",),
                "1981",
                "GN",
                notes="Surnommé « Tonton ». Recrute des jeunes filles à Kayes pour les placers"
                " de Sabodala.",
                approximate=True,
            ),
            "ML": Sighting(
                ("Mamadu Saliu Jallow",),
                "1981",
                "GN",
                notes="Signalé par des familles de Kayes ; se dit commerçant de bétail.",
                approximate=True,
            ),
        },
    ),
    CrossBorderPerson(
        "sidi",
        PersonRole.SUSPECT,
        "male",
        {
            "SN": Sighting(
                ("Sidi Mohamed Ould Ahmed Salem",),
                "1978",
                "MR",
                notes="Organisateur présumé de départs de pirogues depuis Cayar.",
            ),
            "MR": Sighting(
                ("سيدي محمد ولد أحمد سالم",),
                "1978",
                "MR",
                notes="Propriétaire de pirogues à Nouadhibou, cité dans deux enquêtes.",
            ),
            "ML": Sighting(
                ("Sidi Ould Ahmed Salem",),
                "1978",
                "MR",
                notes="Transporteur entre Kayes et Nouakchott.",
            ),
        },
    ),
    CrossBorderPerson(
        "traore",
        PersonRole.SUSPECT,
        "male",
        {
            # Police files put the family name first, in capitals.
            "SN": Sighting(
                ("TRAORÉ Ousmane",),
                "1985",
                "ML",
                notes="« Agent » d'une fausse académie de football à Dakar.",
            ),
            "ML": Sighting(
                ("Ousmane Traoré",),
                "1986",
                "ML",
                notes="Demande 300 000 FCFA aux familles pour des essais à Dakar.",
                approximate=True,
            ),
        },
    ),
    CrossBorderPerson(
        "keita",
        PersonRole.RECRUITER,
        "female",
        {
            "ML": Sighting(
                ("Fatoumata Keïta",),
                "1979",
                "ML",
                notes="Recrute des « serveuses » pour les sites miniers.",
            ),
            "SN": Sighting(
                ("KEITA Fatimata",),
                "1979",
                "ML",
                notes="Tient un maquis à Kédougou où travaillent des mineures.",
            ),
        },
    ),
    CrossBorderPerson(
        "lemine",
        PersonRole.SUSPECT,
        "male",
        {
            "SN": Sighting(
                ("Mohamed Lemine Ould Vall",),
                "1975",
                "MR",
                notes="Fournit de faux documents de voyage.",
            ),
            "ML": Sighting(
                ("Mohamed Lamine Ould Vall",),
                "1974",
                "MR",
                notes="Faux passeports remis à des migrants à Bamako.",
                approximate=True,
            ),
        },
    ),
    CrossBorderPerson(
        "coulibaly",
        PersonRole.RECRUITER,
        "male",
        {
            "ML": Sighting(
                ("Boubacar Coulibaly",),
                "1983-06-02",
                "ML",
                notes="Chauffeur de bus entre Kayes et Kidira, voyage avec des mineures.",
            ),
            "SN": Sighting(
                ("Boubakar Kulibali",),
                "1983-06-02",
                "ML",
                notes="Contrôlé à Kidira avec six mineures (carte d'identité lue au poste).",
            ),
        },
    ),
    CrossBorderPerson(
        "cheikh",
        PersonRole.SUSPECT,
        "male",
        {
            "SN": Sighting(
                ("BA Cheikh Tidiane",),
                "1988-11-02",
                "SN",
                notes="Rabatteur de candidats au départ à Saint-Louis.",
            ),
            "MR": Sighting(
                ("Cheikh Tijane Bah",),
                "1988-11-02",
                "SN",
                notes="Héberge des candidats au départ à Nouadhibou (passeport relevé).",
            ),
        },
    ),
    CrossBorderPerson(
        "aissata",
        PersonRole.RECRUITER,
        "female",
        {
            "SN": Sighting(
                ("Aïssata Sy",),
                "1990",
                "SN",
                notes="Propose des emplois de domestique à Nouakchott.",
            ),
            # A Pulaar name written in Arabic script by a Mauritanian clerk.
            "MR": Sighting(
                ("عيساتا سي",),
                "1990",
                "SN",
                notes="Place des domestiques sénégalaises dans des familles de Nouakchott.",
            ),
        },
    ),
    CrossBorderPerson(
        "kadiatou",
        PersonRole.SURVIVOR,
        "female",
        {
            "SN": Sighting(("Khadiatou Dembélé",), "2008-03-14", "ML", case=_kedougou_case()),
            "ML": Sighting(
                ("Kadiatou Dembele",),
                "2008",
                "ML",
                case=SurvivorCase(
                    place_code="ML-1-KAYES",
                    origin_code="ML-1-KAYES",
                    identification_source="family_community",
                    exploitation_types=("forced_labour_gold_mining",),
                    days_ago=120,
                    consent_recipients="Autorités sénégalaises, si elle est retrouvée au Sénégal",
                ),
            ),
        },
    ),
    CrossBorderPerson(
        "mariem",
        PersonRole.SURVIVOR,
        "female",
        {
            "SN": Sighting(
                ("Mariem Mint Brahim",),
                "2004",
                "MR",
                case=SurvivorCase(
                    place_code="SN-DK-DAKAR",
                    origin_code="MR-13-NOUAKCHOTT",
                    identification_source="ngo",
                    exploitation_types=("domestic_servitude",),
                    days_ago=25,
                    consent_recipients="Autorités mauritaniennes, pour préparer son retour",
                ),
            ),
            "MR": Sighting(
                ("مريم منت ابراهيم",),
                "2004",
                "MR",
                case=SurvivorCase(
                    place_code="MR-13-NOUAKCHOTT",
                    origin_code="MR-13-NOUAKCHOTT",
                    identification_source="ngo",
                    exploitation_types=("domestic_servitude",),
                    days_ago=300,
                    consent_recipients="Autorités sénégalaises, si elle est retrouvée à Dakar",
                ),
            ),
        },
    ),
)


def known_in(country: str) -> list[tuple[CrossBorderPerson, Sighting]]:
    return [(p, p.known_in[country]) for p in CROSS_BORDER_PERSONS if country in p.known_in]


def person_client_id(country: str, key: str) -> uuid.UUID:
    return uuid.uuid5(_NAMESPACE, f"person:{country}:{key}")


def case_client_id(country: str, key: str) -> uuid.UUID:
    return uuid.uuid5(_NAMESPACE, f"case:{country}:{key}")


def _demo_user(username: str) -> User:
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise ValueError("seed the demo organisations and users first (jokko seed_demo)")
    return user


def _register_survivor(
    worker: User, country: str, person: CrossBorderPerson, sighting: Sighting, spec: SurvivorCase
) -> tuple[Person, bool]:
    """The shelter's case, its screening, and the survivor's consent to cross-border sharing."""
    identified_on = timezone.localdate() - datetime.timedelta(days=spec.days_ago)
    case, created = case_actions.register_survivor(
        worker,
        sighting.person_input(person.sex, person.role, person_client_id(country, person.key)),
        case_actions.CaseInput(
            case_type="tip",
            identification_source=spec.identification_source,
            identified_on=identified_on,
            place_code=spec.place_code,
            origin_code=spec.origin_code,
            exploitation_types=list(spec.exploitation_types),
            client_id=case_client_id(country, person.key),
        ),
        channel="demo",
    )
    if created:
        case_actions.record_screening(
            worker,
            case,
            outcome="presumed_victim",
            screened_on=identified_on + datetime.timedelta(days=1),
            channel="demo",
        )
    if active_consent_with(case, ConsentScope.CROSS_BORDER) is None:
        case_actions.record_consent(
            worker,
            case,
            scopes=[ConsentScope.REFERRAL, ConsentScope.CROSS_BORDER, ConsentScope.STATISTICS],
            given_on=identified_on + datetime.timedelta(days=1),
            recipients=spec.consent_recipients,
            channel="demo",
        )
    return case.person, created


def seed_cross_border(country: str, *, log: Callable[[str], None] = print) -> list[Person]:
    """Register this country's sightings of the cross-border persons (idempotent).

    Returns the persons, in `CROSS_BORDER_PERSONS` order, whether created now or before.
    """
    investigator = _demo_user(INVESTIGATOR)
    worker = _demo_user(CASE_WORKER)
    persons: list[Person] = []
    created = 0
    for person, sighting in known_in(country):
        with transaction.atomic():
            if sighting.case is not None:
                found, new = _register_survivor(worker, country, person, sighting, sighting.case)
            else:
                found, new = register_person(
                    investigator,
                    sighting.person_input(
                        person.sex, person.role, person_client_id(country, person.key)
                    ),
                    channel="demo",
                )
        persons.append(found)
        created += int(new)
    log(f"  {country}: {len(persons)} persons also known in a neighbouring country ({created} new)")
    return persons
