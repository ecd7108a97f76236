"""Synthetic survivors and cases for demos, tests and benchmarks. Pure Python, no Django.

Deterministic from (country, seed), streaming (one record at a time), so it produces a few
hundred cases for a demo or a million persons for a benchmark in bounded memory.

The patterns follow the region's documented exploitation (see `shared/seeds`):

* forced labour and sexual exploitation in the artisanal gold mines of Kédougou and Saraya
  (Senegal) and Kéniéba and Sadiola (Mali), many of the women Nigerian, often from Edo State;
* forced begging of talibé children in Dakar, Thiès, Saint-Louis and Touba, many from Guinea,
  Mali and Guinea-Bissau;
* domestic servitude of girls in Dakar, Nouakchott and Bamako;
* migrant smuggling on the Atlantic route from Mbour, Joal, Cayar, Saint-Louis and Nouadhibou
  to the Canary Islands (case type "som", sometimes turning into trafficking: "tip_som");
* the central Sahel route through Agadez to Libya and Algeria; Edo-origin sexual exploitation
  bound for Europe through Agadez and Libya; forced and child marriage.

Names come from the naming patterns of each community (Wolof, Pulaar/Fula, Serer, Soninke,
Mandinka/Bambara, Diola, Songhai, Tuareg, Hassaniya Arabic, Hausa, Yoruba, Edo) and some persons
carry a realistic transliteration variant as an alias, which is what search and linkage are
tested on. `duplicate_rate` re-emits some persons as a second, slightly different record
(spelling variant, birth year off by one, phone missing) pointing to the original's `ref`.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from jokko.gazetteer import UnknownPlace, get, places_in
from jokko.taxonomy import vocabulary

__all__ = [
    "SUPPORTED_COUNTRIES",
    "SyntheticCase",
    "SyntheticName",
    "SyntheticPerson",
    "generate_cases",
    "generate_persons",
]

SUPPORTED_COUNTRIES = ("SN", "MR", "ML", "NE", "NG", "GN", "GM", "BF")


@dataclass(frozen=True, slots=True)
class SyntheticName:
    text: str
    script: str  # "latin" | "arabic"
    kind: str  # "primary" | "alias"


@dataclass(frozen=True, slots=True)
class SyntheticPerson:
    ref: str
    names: tuple[SyntheticName, ...]
    sex: str
    birth_date: datetime.date | None
    birth_year: int | None
    birth_date_is_approximate: bool
    nationality: str
    phones: tuple[str, ...]
    documents: tuple[tuple[str, str], ...]
    duplicate_of: str | None


@dataclass(frozen=True, slots=True)
class SyntheticCase:
    person: SyntheticPerson
    case_type: str
    exploitation_types: tuple[str, ...]
    means_of_control: tuple[str, ...]
    recruiter_relation: str
    identification_source: str
    identified_on: datetime.date
    place_code: str
    origin_code: str
    transit_codes: tuple[str, ...]
    destination_code: str
    needs: tuple[str, ...]
    services: tuple[str, ...]
    wants_return: bool


# --- names -------------------------------------------------------------------------------
# group: (female first names, male first names, family names)
NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "wolof": (
        (
            "Fatou",
            "Awa",
            "Aminata",
            "Mame Diarra",
            "Ndeye",
            "Khady",
            "Astou",
            "Coumba",
            "Rokhaya",
            "Sokhna",
            "Adama",
            "Mariama",
            "Aïssatou",
            "Yacine",
        ),
        (
            "Moustapha",
            "Modou",
            "Cheikh",
            "Mamadou",
            "Ibrahima",
            "Abdoulaye",
            "Ousmane",
            "Babacar",
            "Serigne",
            "Pape",
            "Malick",
            "Mouhamed",
            "Assane",
            "Saliou",
        ),
        (
            "Ndiaye",
            "Diop",
            "Fall",
            "Gueye",
            "Mbaye",
            "Seck",
            "Ndour",
            "Sall",
            "Niang",
            "Thiam",
            "Cisse",
            "Diagne",
            "Mbodj",
            "Lo",
        ),
    ),
    "serer": (
        ("Khady", "Ngoné", "Diarra", "Fatou", "Marème", "Ndella"),
        ("Waly", "Mamadou", "Ibou", "Joseph", "Diégane", "Moussa"),
        ("Faye", "Sarr", "Diouf", "Ngom", "Senghor", "Dione", "Tine"),
    ),
    "pulaar": (
        (
            "Aïssatou",
            "Oumou",
            "Hawa",
            "Kadiatou",
            "Mariama",
            "Fatoumata",
            "Djenabou",
            "Hadja",
            "Binta",
            "Ramatoulaye",
        ),
        (
            "Mamadou",
            "Amadou",
            "Boubacar",
            "Alpha",
            "Oumar",
            "Thierno",
            "Souleymane",
            "Saïdou",
            "Ibrahima",
            "Abdoul",
        ),
        ("Diallo", "Ba", "Sow", "Barry", "Bah", "Baldé", "Kane", "Sy", "Ly", "Deh", "Wane"),
    ),
    "soninke": (
        ("Fatoumata", "Hawa", "Sira", "Koumba", "Assa", "Mariam"),
        ("Samba", "Demba", "Hamady", "Bakary", "Yaya", "Moussa"),
        ("Camara", "Cissé", "Diakité", "Sylla", "Touré", "Dramé", "Sakho", "Soumaré", "Doucouré"),
    ),
    "mandinka": (
        (
            "Aminata",
            "Fanta",
            "Mariam",
            "Kadidia",
            "Assitan",
            "Nana",
            "Djeneba",
            "Oumou",
            "Sitan",
            "Korotoumou",
        ),
        (
            "Seydou",
            "Moussa",
            "Bakary",
            "Sekou",
            "Lassana",
            "Drissa",
            "Modibo",
            "Adama",
            "Mamadou",
            "Souleymane",
        ),
        (
            "Keïta",
            "Coulibaly",
            "Traoré",
            "Konaté",
            "Kouyaté",
            "Diarra",
            "Dembélé",
            "Sissoko",
            "Kanté",
            "Sangaré",
            "Doumbia",
        ),
    ),
    "diola": (
        ("Marie", "Awa", "Fatou", "Ndèye", "Agnès"),
        ("Lamine", "Ousmane", "Jean", "Ibrahima", "Sidy"),
        ("Diatta", "Badji", "Sané", "Manga", "Coly", "Sagna", "Goudiaby"),
    ),
    "songhai": (
        ("Aïssata", "Fati", "Hadiza", "Mariama", "Zeinabou"),
        ("Hamidou", "Alhousseini", "Boubacar", "Moussa", "Ismaïla"),
        ("Maïga", "Touré", "Cissé", "Haïdara", "Dicko", "Tandina"),
    ),
    "tuareg": (
        ("Fadimata", "Tinhinan", "Lalla", "Mina"),
        ("Alhassane", "Mohamed", "Intalla", "Attaher", "Bilal"),
        ("Ag Mohamed", "Ag Alhassane", "Walet Intalla", "Ag Attaher", "Ag Ibrahim"),
    ),
    "hassaniya": (
        (
            "Fatimetou",
            "Mariem",
            "Khadijetou",
            "Vatimetou",
            "Aichetou",
            "Lemina",
            "Mouna",
            "Toutou",
            "Salka",
        ),
        (
            "Mohamed",
            "Sidi",
            "Cheikh",
            "Brahim",
            "Ahmed",
            "Mohamed Lemine",
            "Abdallahi",
            "Isselmou",
            "El Hacen",
            "Sidi Mohamed",
        ),
        (
            "Ahmed",
            "Sidi",
            "Mohamed",
            "Abdallahi",
            "Cheikh",
            "Brahim",
            "Mahmoud",
            "Boubacar",
            "Salem",
            "Ely",
        ),
    ),
    "hausa": (
        ("Hadiza", "Zainab", "Aisha", "Amina", "Hauwa", "Fatima", "Halima", "Rakiya"),
        ("Abubakar", "Musa", "Bello", "Garba", "Usman", "Ibrahim", "Sani", "Yusuf", "Aliyu"),
        ("Abdullahi", "Sani", "Danjuma", "Mohammed", "Bello", "Yakubu", "Lawal", "Aminu"),
    ),
    "yoruba": (
        ("Funmilayo", "Oluwaseun", "Adebola", "Folake", "Titilayo", "Bukola", "Yetunde"),
        ("Adebayo", "Adewale", "Babatunde", "Oluwaseun", "Olumide", "Segun", "Tunde"),
        ("Ogunleye", "Adeyemi", "Adeleke", "Okonkwo", "Balogun", "Afolabi", "Ojo"),
    ),
    "edo": (
        ("Osas", "Blessing", "Joy", "Precious", "Efe", "Esohe", "Favour", "Gift", "Ivie", "Osaro"),
        ("Osagie", "Osaro", "Efosa", "Eghosa", "Nosa", "Uyi", "Ehis"),
        (
            "Omoregie",
            "Igbinedion",
            "Ehigiator",
            "Osagie",
            "Obaseki",
            "Aigbe",
            "Edokpolo",
            "Ogbebor",
        ),
    ),
}

# Arabic-script forms of common Hassaniya names (civil registry of Mauritania writes both).
ARABIC = {
    "Mohamed": "محمد",
    "Ahmed": "أحمد",
    "Sidi": "سيدي",
    "Cheikh": "الشيخ",
    "Brahim": "إبراهيم",
    "Abdallahi": "عبد الله",
    "Mariem": "مريم",
    "Fatimetou": "فاطمة",
    "Khadijetou": "خديجة",
    "Aichetou": "عائشة",
    "Mahmoud": "محمود",
    "Salem": "سالم",
    "Ely": "علي",
    "Boubacar": "أبو بكر",
    "Isselmou": "السالم",
    "Lemina": "لمينة",
    "Mohamed Lemine": "محمد الأمين",
    "Vatimetou": "فاطمة",
}

# Spelling variants a clerk in another office (or country) might use.
VARIANTS = {
    "Mamadou": "Mamadu",
    "Mohamed": "Mouhamed",
    "Mouhamed": "Muhammad",
    "Ousmane": "Usman",
    "Diallo": "Jallow",
    "Ndiaye": "Njie",
    "Aïssatou": "Aysatu",
    "Keïta": "Keita",
    "Cissé": "Sisse",
    "Touré": "Ture",
    "Coulibaly": "Kulibali",
    "Konaté": "Konateh",
    "Kouyaté": "Kuyateh",
    "Diop": "Jobe",
    "Ba": "Bah",
    "Sow": "Sowe",
    "Fatoumata": "Fatumata",
    "Seydou": "Saidou",
    "Moussa": "Musa",
    "Oumar": "Umar",
    "Boubacar": "Aboubacar",
    "Abdoulaye": "Abdullahi",
    "Ibrahima": "Ibrahim",
    "Cheikh": "Sheikh",
    "Souleymane": "Sulaiman",
    "Aminata": "Aminatou",
    "Mariama": "Mariyama",
    "Khady": "Khadija",
    "Traoré": "Traore",
    "Sylla": "Silla",
}

GROUPS_BY_NATIONALITY: dict[str, tuple[tuple[str, int], ...]] = {
    "SN": (
        ("wolof", 40),
        ("pulaar", 22),
        ("serer", 14),
        ("mandinka", 8),
        ("soninke", 6),
        ("diola", 10),
    ),
    "MR": (("hassaniya", 65), ("pulaar", 18), ("soninke", 10), ("wolof", 7)),
    "ML": (("mandinka", 50), ("pulaar", 18), ("soninke", 12), ("songhai", 12), ("tuareg", 8)),
    "GN": (("pulaar", 45), ("mandinka", 45), ("soninke", 10)),
    "GM": (("mandinka", 45), ("pulaar", 20), ("wolof", 25), ("diola", 10)),
    "GW": (("pulaar", 40), ("mandinka", 40), ("diola", 20)),
    "NE": (("hausa", 60), ("songhai", 25), ("tuareg", 15)),
    "BF": (("mandinka", 40), ("pulaar", 30), ("songhai", 30)),
    "NG": (("edo", 55), ("yoruba", 20), ("hausa", 25)),
    "CI": (("mandinka", 60), ("pulaar", 40)),
}

PHONE_PREFIX = {
    "SN": ("+221", ("70", "76", "77", "78"), 7),
    "MR": ("+222", ("2", "3", "4"), 7),
    "ML": ("+223", ("6", "7", "9"), 7),
    "GN": ("+224", ("62", "65", "66"), 7),
    "GM": ("+220", ("3", "7", "9"), 6),
    "GW": ("+245", ("95", "96"), 7),
    "NE": ("+227", ("9", "8"), 7),
    "BF": ("+226", ("7", "6"), 7),
    "NG": ("+234", ("803", "806", "813", "816"), 7),
    "CI": ("+225", ("07", "05", "01"), 8),
}


# --- patterns ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Pattern:
    name: str
    case_type: str
    exploitation: tuple[str, ...]
    places: tuple[str, ...]  # where survivors are identified
    nationalities: tuple[tuple[str, int], ...]
    destinations: tuple[str, ...]
    transits: tuple[str, ...]
    ages: tuple[int, int]
    female_share: float
    means: tuple[str, ...]
    recruiters: tuple[str, ...]
    sources: tuple[str, ...]
    needs: tuple[str, ...]
    services: tuple[str, ...]


_GOLD_MR = ("MR-08-CHAMI", "MR-11-ZOUERAT")
_GOLD_SN = ("SN-KE-KEDOUGOU", "SN-KE-SARAYA", "SN-KE-SABODALA", "SN-KE-BANTACO", "SN-KE-KHOSSANTO")
_GOLD_ML = ("ML-1-KENIEBA", "ML-1-SADIOLA", "ML-1-LOULO", "ML-3-YANFOLILA")
_CANARIES = (
    "ES-CN-LAS_PALMAS_DE_GRAN_CANARIA",
    "ES-CN-SANTA_CRUZ_DE_TENERIFE",
    "ES-CN-LA_RESTINGA",
    "ES-CN-ARGUINEGUIN",
)
_LIBYA = ("LY-SB-SABHA", "LY-TB-TRIPOLI", "LY-MQ-AL_QATRUN")
_SHELTER_NEEDS = (
    "shelter",
    "medical_care",
    "mental_health",
    "legal_assistance",
    "identity_documents",
    "return_home",
    "family_contact",
)
_SHELTER_SERVICES = (
    "shelter",
    "medical",
    "psychosocial",
    "legal_aid",
    "documentation",
    "family_tracing",
    "repatriation_return",
)

PATTERNS: dict[str, Pattern] = {
    "gold_mine_sexual": Pattern(
        "gold_mine_sexual",
        "tip",
        ("sexual_exploitation_prostitution", "sexual_exploitation"),
        _GOLD_SN + _GOLD_ML + _GOLD_MR,
        (("NG", 70), ("ML", 10), ("GN", 10), ("BF", 10)),
        (),
        ("ML-BKO-BAMAKO",),
        (15, 28),
        1.0,
        (
            "debt_bondage",
            "false_promises",
            "withholds_documents",
            "spiritual_coercion",
            "physical_threats",
        ),
        ("recruitment_agent", "acquainted", "intimate_partner", "other_relative"),
        ("vigilance_committee", "ngo", "gendarmerie", "police"),
        _SHELTER_NEEDS,
        _SHELTER_SERVICES,
    ),
    "gold_mine_labour": Pattern(
        "gold_mine_labour",
        "tip",
        ("forced_labour_gold_mining", "child_labour"),
        _GOLD_SN + _GOLD_ML + _GOLD_MR,
        (("ML", 35), ("GN", 30), ("BF", 20), ("SN", 15)),
        (),
        (),
        (11, 30),
        0.2,
        ("excessive_working_hours", "takes_earnings", "debt_bondage", "physical_abuse"),
        ("employer", "recruitment_agent", "familial"),
        ("labour_inspection", "vigilance_committee", "gendarmerie"),
        _SHELTER_NEEDS,
        _SHELTER_SERVICES,
    ),
    "talibe_begging": Pattern(
        "talibe_begging",
        "tip",
        ("forced_begging_talibe", "forced_begging"),
        (
            "SN-DK-DAKAR",
            "SN-TH-THIES",
            "SN-SL-SAINT_LOUIS",
            "SN-DB-TOUBA",
            "SN-KL-KAOLACK",
            "SN-DK-PIKINE",
        ),
        (("SN", 55), ("GN", 20), ("GW", 15), ("ML", 10)),
        (),
        (),
        (5, 15),
        0.0,
        ("physical_abuse", "withholds_necessities", "takes_earnings", "restricts_movement"),
        ("koranic_teacher", "parent_guardian"),
        ("ngo", "police", "social_services", "hotline"),
        ("shelter", "family_contact", "schooling", "medical_care"),
        ("shelter", "family_tracing", "family_reunification", "education", "medical"),
    ),
    "domestic_servitude": Pattern(
        "domestic_servitude",
        "tip",
        ("domestic_servitude", "child_labour"),
        ("SN-DK-DAKAR", "MR-13-NOUAKCHOTT", "ML-BKO-BAMAKO", "SN-TH-THIES"),
        (("SN", 30), ("MR", 20), ("ML", 25), ("GN", 15), ("GM", 10)),
        (),
        (),
        (10, 19),
        0.9,
        ("excessive_working_hours", "restricts_movement", "takes_earnings", "psychological_abuse"),
        ("employer", "other_relative", "neighbour_community"),
        ("hotline", "ngo", "social_services", "police"),
        _SHELTER_NEEDS,
        _SHELTER_SERVICES,
    ),
    "atlantic_smuggling": Pattern(
        "atlantic_smuggling",
        "som",
        ("other",),
        (
            "SN-TH-MBOUR",
            "SN-TH-JOAL_FADIOUTH",
            "SN-TH-CAYAR",
            "SN-SL-SAINT_LOUIS",
            "MR-08-NOUADHIBOU",
            "SN-ZG-KAFOUNTINE",
        ),
        (("SN", 45), ("ML", 20), ("GM", 15), ("GN", 15), ("MR", 5)),
        _CANARIES,
        ("MR-08-NOUADHIBOU",),
        (16, 35),
        0.1,
        ("false_promises", "debt_bondage"),
        ("recruitment_agent", "acquainted", "friend", "online_contact"),
        ("coast_guard_navy", "gendarmerie", "border_post", "police"),
        ("food_basic_needs", "medical_care", "return_home", "identity_documents"),
        ("food_basic_needs", "medical", "repatriation_return", "documentation"),
    ),
    "atlantic_turned_tip": Pattern(
        "atlantic_turned_tip",
        "tip_som",
        ("forced_labour", "forced_labour_fishing"),
        ("MR-08-NOUADHIBOU", "SN-SL-SAINT_LOUIS", "SN-TH-MBOUR"),
        (("SN", 40), ("ML", 25), ("GN", 20), ("GM", 15)),
        _CANARIES,
        ("MR-08-NOUADHIBOU",),
        (15, 30),
        0.15,
        ("debt_bondage", "withholds_documents", "physical_threats", "excessive_working_hours"),
        ("recruitment_agent", "employer"),
        ("coast_guard_navy", "police", "ngo"),
        _SHELTER_NEEDS,
        _SHELTER_SERVICES,
    ),
    "sahel_route": Pattern(
        "sahel_route",
        "tip_som",
        ("sexual_exploitation", "forced_labour"),
        ("ML-7-GAO", "ML-BKO-BAMAKO", "NE-1-AGADEZ", "ML-6-TOMBOUCTOU"),
        (("NG", 40), ("GN", 20), ("ML", 15), ("SN", 10), ("GM", 15)),
        (*_LIBYA, "DZ-11-TAMANRASSET"),
        ("NE-1-AGADEZ", "ML-7-GAO"),
        (16, 32),
        0.6,
        ("debt_bondage", "spiritual_coercion", "false_promises", "withholds_documents"),
        ("recruitment_agent", "online_contact", "acquainted"),
        ("international_organisation", "police", "border_post", "ngo"),
        _SHELTER_NEEDS,
        _SHELTER_SERVICES,
    ),
    "forced_marriage": Pattern(
        "forced_marriage",
        "tip",
        ("forced_marriage", "child_marriage"),
        ("SN-KD-KOLDA", "SN-TC-TAMBACOUNDA", "MR-13-NOUAKCHOTT", "ML-4-SEGOU", "ML-5-MOPTI"),
        (("SN", 40), ("MR", 25), ("ML", 35)),
        (),
        (),
        (12, 18),
        1.0,
        ("physical_threats", "threatens_children_family", "restricts_movement"),
        ("familial", "parent_guardian", "spouse"),
        ("social_services", "school", "hotline", "religious_traditional_leader"),
        ("shelter", "schooling", "legal_assistance", "mental_health"),
        ("shelter", "education", "legal_aid", "psychosocial"),
    ),
}

PATTERN_WEIGHTS: dict[str, tuple[tuple[str, int], ...]] = {
    "SN": (
        ("gold_mine_sexual", 22),
        ("gold_mine_labour", 12),
        ("talibe_begging", 22),
        ("domestic_servitude", 10),
        ("atlantic_smuggling", 20),
        ("atlantic_turned_tip", 6),
        ("forced_marriage", 8),
    ),
    "MR": (
        ("atlantic_smuggling", 40),
        ("atlantic_turned_tip", 15),
        ("domestic_servitude", 25),
        ("forced_marriage", 12),
        ("gold_mine_labour", 8),
    ),
    "ML": (
        ("gold_mine_sexual", 30),
        ("gold_mine_labour", 20),
        ("sahel_route", 25),
        ("domestic_servitude", 12),
        ("forced_marriage", 13),
    ),
}


@cache
def _codes(vocab: str) -> frozenset[str]:
    return frozenset(term.code for term in vocabulary(vocab).terms)


def _keep(vocab: str, codes: tuple[str, ...]) -> tuple[str, ...]:
    known = tuple(code for code in codes if code in _codes(vocab))
    return known or (sorted(_codes(vocab))[0],)


@cache
def _place(code: str, country_hint: str) -> str:
    """The code if the gazetteer has it, else a town of the same country (never a bad code)."""
    try:
        return get(code).code
    except UnknownPlace:
        towns = places_in(code[:2] if len(code) >= 2 else country_hint, kind="town") or places_in(
            country_hint
        )
        return towns[0].code


@cache
def _towns_of(country: str) -> list[str]:
    return [p.code for p in places_in(country, kind="town")]


def _weighted(rng: random.Random, pairs: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([p for p, _ in pairs], weights=[w for _, w in pairs])[0]


def _variant(text: str) -> str:
    return " ".join(VARIANTS.get(word, word) for word in text.split())


def _person(
    rng: random.Random,
    ref: str,
    nationality: str,
    female: bool,
    age: int,
    reference_day: datetime.date,
) -> SyntheticPerson:
    group = _weighted(rng, GROUPS_BY_NATIONALITY.get(nationality, GROUPS_BY_NATIONALITY["SN"]))
    females, males, families = NAMES[group]
    first = rng.choice(females if female else males)
    family = rng.choice(families)
    if group == "hassaniya":
        text = f"{first} {'Mint' if female else 'Ould'} {family}"
    else:
        text = f"{first} {family}"
    names = [SyntheticName(text, "latin", "primary")]
    variant = _variant(text)
    if variant != text and rng.random() < 0.3:
        names.append(SyntheticName(variant, "latin", "alias"))
    if group == "hassaniya" and rng.random() < 0.4 and first in ARABIC and family in ARABIC:
        names.append(
            SyntheticName(
                f"{ARABIC[first]} {'بنت' if female else 'ولد'} {ARABIC[family]}", "arabic", "alias"
            )
        )
    year = reference_day.year - age
    exact = rng.random() < 0.35
    birth_date = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28)) if exact else None
    phones: tuple[str, ...] = ()
    if age >= 14 and rng.random() < 0.55:
        prefix, starts, digits = PHONE_PREFIX.get(nationality, PHONE_PREFIX["SN"])
        start = rng.choice(starts)
        rest = "".join(str(rng.randint(0, 9)) for _ in range(digits + 2 - len(start)))
        phones = (f"{prefix}{start}{rest}",)
    documents: tuple[tuple[str, str], ...] = ()
    roll = rng.random()
    if roll < 0.25:
        documents = (("national_id", f"{nationality}{rng.randint(10**8, 10**9 - 1)}"),)
    elif roll < 0.35:
        documents = (
            ("passport", f"{chr(65 + rng.randint(0, 25))}{rng.randint(10**6, 10**7 - 1)}"),
        )
    elif roll < 0.42:
        documents = (("birth_certificate", f"{rng.randint(100, 9999)}/{year}"),)
    return SyntheticPerson(
        ref=ref,
        names=tuple(names),
        sex="female" if female else "male",
        birth_date=birth_date,
        birth_year=None if exact else year,
        birth_date_is_approximate=not exact and rng.random() < 0.5,
        nationality=nationality,
        phones=phones,
        documents=documents,
        duplicate_of=None,
    )


def _duplicate(rng: random.Random, original: SyntheticPerson, ref: str) -> SyntheticPerson:
    primary = original.names[0].text
    variant = _variant(primary)
    year = original.birth_year or (original.birth_date.year if original.birth_date else 2000)
    return SyntheticPerson(
        ref=ref,
        names=(
            SyntheticName(variant if variant != primary else primary.upper(), "latin", "primary"),
        ),
        sex=original.sex,
        birth_date=None,
        birth_year=year + rng.choice((-1, 0, 0, 1)),
        birth_date_is_approximate=True,
        nationality=original.nationality,
        phones=original.phones if rng.random() < 0.5 else (),
        documents=(),
        duplicate_of=original.ref,
    )


def _days_between(start: datetime.date, end: datetime.date) -> int:
    return max(0, (end - start).days)


def generate_cases(
    country: str,
    n: int,
    *,
    seed: int = 0,
    start: datetime.date = datetime.date(2021, 1, 1),
    end: datetime.date = datetime.date(2026, 9, 30),
    duplicate_rate: float = 0.0,
) -> Iterator[SyntheticCase]:
    """`n` cases identified in `country`, each with its survivor, in a reproducible order."""
    rng = random.Random(f"{country}:{seed}")
    weights = PATTERN_WEIGHTS.get(country, PATTERN_WEIGHTS["SN"])
    span = _days_between(start, end)
    recent: list[SyntheticPerson] = []
    for index in range(n):
        pattern = PATTERNS[_weighted(rng, weights)]
        identified_on = start + datetime.timedelta(days=rng.randint(0, span))
        ref = f"{country}-{seed}-{index}"
        if recent and rng.random() < duplicate_rate:
            person = _duplicate(rng, rng.choice(recent), ref)
        else:
            nationality = _weighted(rng, pattern.nationalities)
            female = rng.random() < pattern.female_share
            person = _person(
                rng, ref, nationality, female, rng.randint(*pattern.ages), identified_on
            )
            recent = ([*recent, person])[-500:]
        places = [p for p in pattern.places if p[:2] == country] or _towns_of(country)
        place = _place(rng.choice(places), country)
        towns = places_in(person.nationality, kind="town")
        origin = rng.choice(towns).code if towns else place
        destination = (
            _place(rng.choice(pattern.destinations), country) if pattern.destinations else place
        )
        transits = tuple(
            _place(code, country)
            for code in pattern.transits
            if code[:2] != place[:2] or rng.random() < 0.3
        )
        yield SyntheticCase(
            person=person,
            case_type=pattern.case_type,
            exploitation_types=_keep(
                "exploitation_type",
                tuple(
                    rng.sample(pattern.exploitation, k=rng.randint(1, len(pattern.exploitation)))
                ),
            ),
            means_of_control=_keep(
                "means_of_control",
                tuple(rng.sample(pattern.means, k=rng.randint(1, min(3, len(pattern.means))))),
            ),
            recruiter_relation=_keep("recruiter_relation", (rng.choice(pattern.recruiters),))[0],
            identification_source=_keep("identification_source", (rng.choice(pattern.sources),))[0],
            identified_on=identified_on,
            place_code=place,
            origin_code=origin,
            transit_codes=transits,
            destination_code=destination,
            needs=_keep(
                "need_type",
                tuple(rng.sample(pattern.needs, k=rng.randint(1, min(4, len(pattern.needs))))),
            ),
            services=_keep(
                "service_type",
                tuple(
                    rng.sample(pattern.services, k=rng.randint(1, min(3, len(pattern.services))))
                ),
            ),
            wants_return=person.nationality != country and rng.random() < 0.7,
        )


def generate_persons(
    country: str, n: int, *, seed: int = 0, duplicate_rate: float = 0.0
) -> Iterator[SyntheticPerson]:
    """Persons only: the fast path for benchmarks (no case, no place lookups)."""
    rng = random.Random(f"persons:{country}:{seed}")
    nationalities = (
        (("SN", 60), ("ML", 12), ("GN", 10), ("MR", 6), ("GM", 6), ("NG", 6))
        if country == "SN"
        else ((country, 70), ("SN", 10), ("ML", 8), ("GN", 6), ("NG", 6))
    )
    today = datetime.date(2026, 9, 30)
    recent: list[SyntheticPerson] = []
    for index in range(n):
        ref = f"{country}-{seed}-{index}"
        if recent and rng.random() < duplicate_rate:
            yield _duplicate(rng, rng.choice(recent), ref)
            continue
        person = _person(
            rng, ref, _weighted(rng, nationalities), rng.random() < 0.6, rng.randint(6, 45), today
        )
        if duplicate_rate:
            recent = ([*recent, person])[-500:]
        yield person
