"""The generator itself: per-run RNG, resolved tables, one record at a time."""

from __future__ import annotations

import datetime
import random
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Generic, TypeVar

from jokko.gazetteer import UnknownPlace, get, places_in
from jokko.synth.names import (
    ANGLOPHONE,
    GROUPS,
    GROUPS_BY_NATIONALITY,
    PATRONYMIC,
    arabic_form,
    variants_of,
)
from jokko.synth.patterns import ORIGINS, PATTERN_WEIGHTS, PATTERNS, PHONES, Pattern, Prefs
from jokko.taxonomy import vocabulary

__all__ = [
    "SUPPORTED_COUNTRIES",
    "SyntheticCase",
    "SyntheticName",
    "SyntheticPerson",
    "generate_cases",
    "generate_persons",
]

SUPPORTED_COUNTRIES: tuple[str, ...] = tuple(PATTERN_WEIGHTS)

ALIAS_SHARE = 0.3  # persons who also carry a spelling variant of their name
ARABIC_SHARE = 0.45  # Hassaniya-named persons also written in Arabic script
RECENT = 2048  # originals kept for near-duplicates (bounded memory)
DEFAULT_START = datetime.date(2021, 1, 1)
DEFAULT_END = datetime.date(2026, 9, 30)


@dataclass(frozen=True, slots=True)
class SyntheticName:
    text: str
    script: str  # "latin" | "arabic"
    kind: str  # "primary" | "alias"


@dataclass(frozen=True, slots=True)
class SyntheticPerson:
    ref: str  # stable id: f"{country}-{seed}-{index}"
    names: tuple[SyntheticName, ...]
    sex: str  # taxonomy "sex" code
    birth_date: datetime.date | None  # exact, or None when only the year is known
    birth_year: int | None  # always set (also when the exact date is known)
    birth_date_is_approximate: bool  # the year itself is an estimate
    nationality: str  # ISO 3166-1 alpha-2
    phones: tuple[str, ...]  # E.164, prefix of the nationality
    documents: tuple[tuple[str, str], ...]  # (document_type code, number)
    duplicate_of: str | None  # ref of the original when this is a near-duplicate record


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
    wants_return: bool  # foreign nationals often opt for assisted voluntary return


T = TypeVar("T")


class _Choice(Generic[T]):
    """A weighted choice drawn with one `random()` call and a bisection."""

    __slots__ = ("cum", "items", "total")

    def __init__(self, pairs: Iterable[tuple[T, float]]) -> None:
        items: list[T] = []
        cum: list[float] = []
        total = 0.0
        for item, weight in pairs:
            if weight > 0:
                total += weight
                items.append(item)
                cum.append(total)
        if not items:
            raise ValueError("a choice needs at least one positive weight")
        self.items = tuple(items)
        self.cum = cum
        self.total = total

    def __call__(self, random: Callable[[], float]) -> T:
        return self.items[bisect_right(self.cum, random() * self.total)]


# --- taxonomy and gazetteer resolution ---------------------------------------------------
@cache
def _codes(vocab: str) -> tuple[str, ...]:
    return tuple(term.code for term in vocabulary(vocab).terms)


@cache
def _resolve(vocab: str, prefs: Prefs) -> _Choice[str]:
    """Preferred codes of a vocabulary: exact codes, else every code containing the token,
    else (nothing matches at all) a uniform choice over the vocabulary."""
    codes = _codes(vocab)
    known = set(codes)
    weights: dict[str, float] = {}
    for token, weight in prefs:
        if token in known:
            weights[token] = weights.get(token, 0.0) + weight
            continue
        matches = [code for code in codes if token in code]
        for code in matches:
            weights[code] = weights.get(code, 0.0) + weight / len(matches)
    if not any(w > 0 for w in weights.values()):
        return _Choice((code, 1.0) for code in codes)
    return _Choice(weights.items())


def _has_match(vocab: str, prefs: Prefs) -> bool:
    codes = _codes(vocab)
    return any(w > 0 and any(t == c or t in c for c in codes) for t, w in prefs)


@cache
def _document_code(token: str) -> str | None:
    codes = _codes("document_type")
    if token in codes:
        return token
    return next((c for c in codes if token in c), None)


@cache
def _valid_place(code: str) -> bool:
    try:
        get(code)
    except UnknownPlace:
        return False
    return True


def _country_of(code: str) -> str:
    return get(code).country


@cache
def _towns(country: str) -> tuple[str, ...]:
    return tuple(p.code for p in places_in(country, kind="town"))


def _lookup(route: dict[str, tuple[str, ...]], country: str, nationality: str) -> tuple[str, ...]:
    for key in (f"{country}:{nationality}", f"{country}:*", f"*:{nationality}", "*:*"):
        if key in route:
            return tuple(code for code in route[key] if _valid_place(code))
    return ()


@cache
def _origins(nationality: str, group: str) -> _Choice[str] | None:
    for key in (f"{nationality}:{group}", f"{nationality}:*"):
        pairs = [(c, w) for c, w in ORIGINS.get(key, ()) if _valid_place(c)]
        if pairs:
            return _Choice(pairs)
    towns = _towns(nationality)
    return _Choice((t, 1.0) for t in towns) if towns else None


# --- per-country plans -------------------------------------------------------------------
class _Plan:
    """One pattern resolved for one country of identification."""

    __slots__ = (
        "case_type",
        "country",
        "destinations",
        "exploitation",
        "groups",
        "means",
        "nationality",
        "needs",
        "pattern",
        "places",
        "recruiter",
        "routes",
        "secondary",
        "services",
        "source",
    )

    def __init__(self, pattern: Pattern, country: str, places: _Choice[str]) -> None:
        self.pattern = pattern
        self.country = country
        self.places = places
        nationalities = pattern.nationalities.get(country, pattern.nationalities["*"])
        self.nationality: _Choice[str] = _Choice(
            (country if nat == "@" else nat, w)
            for nat, w in nationalities
            if (country if nat == "@" else nat) in GROUPS_BY_NATIONALITY
        )
        self.groups: dict[str, _Choice[str]] = {
            nat: _Choice(pattern.groups.get(nat, GROUPS_BY_NATIONALITY[nat]))
            for nat in self.nationality.items
        }
        self.case_type = _resolve("case_type", pattern.case_types)
        self.exploitation = (
            _resolve("exploitation_type", pattern.exploitation)
            if _has_match("exploitation_type", pattern.exploitation)
            else None
        )
        self.secondary = (
            _resolve("exploitation_type", pattern.exploitation_extra)
            if _has_match("exploitation_type", pattern.exploitation_extra)
            else None
        )
        self.means = _resolve("means_of_control", pattern.means)
        self.recruiter = _resolve("recruiter_relation", pattern.recruiters)
        self.source = _resolve("identification_source", pattern.sources)
        self.needs = _resolve("need_type", pattern.needs)
        self.services = _resolve("service_type", pattern.services)
        valid_destinations = [(c, w) for c, w in pattern.destinations if _valid_place(c)]
        self.destinations = _Choice(valid_destinations) if valid_destinations else None
        self.routes: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}

    def route(self, nationality: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        found = self.routes.get(nationality)
        if found is None:
            found = (
                _lookup(self.pattern.pre, self.country, nationality),
                _lookup(self.pattern.post, self.country, nationality),
            )
            self.routes[nationality] = found
        return found


@cache
def _plans(country: str) -> _Choice[_Plan]:
    if country not in PATTERN_WEIGHTS:
        raise ValueError(f"unsupported country {country!r}; one of {SUPPORTED_COUNTRIES}")
    plans: list[tuple[_Plan, float]] = []
    for key, weight in PATTERN_WEIGHTS[country]:
        pattern = PATTERNS[key]
        pairs: dict[str, float] = {}
        for code, w in pattern.places:
            if (
                code.startswith(country + "-")
                and _valid_place(code)
                and _country_of(code) == country
            ):
                pairs[code] = pairs.get(code, 0.0) + w
        for place in places_in(country):
            if place.kind != "region" and set(pattern.place_tags) & set(place.tags):
                pairs.setdefault(place.code, 1.0)
        if pairs:
            plans.append((_Plan(pattern, country, _Choice(pairs.items())), weight))
    if not plans:  # a gazetteer without any of our places: everything in the capital
        towns = _towns(country)
        if not towns:
            raise ValueError(f"the gazetteer has no town in {country!r}")
        pattern = PATTERNS["domestic_servitude"]
        plans.append((_Plan(pattern, country, _Choice((t, 1.0) for t in towns)), 1.0))
    return _Choice(plans)


# --- persons -----------------------------------------------------------------------------
def _alias(r: Callable[[], float], words: tuple[str, ...]) -> str | None:
    options = [(i, v) for i, w in enumerate(words) if (v := variants_of(w))]
    if not options:
        return None
    index, variants = options[int(r() * len(options))]
    changed = list(words)
    changed[index] = variants[int(r() * len(variants))]
    if len(options) > 1 and r() < 0.25:
        other, variants = options[int(r() * len(options))]
        if other != index:
            changed[other] = variants[int(r() * len(variants))]
    text = " ".join(changed)
    return text if text != " ".join(words) else None


def _phone(rng: random.Random, nationality: str) -> str | None:
    spec = PHONES.get(nationality)
    if spec is None:
        return None
    prefix, starts, length = spec
    start = starts[int(rng.random() * len(starts))]
    rest = length - len(start)
    return f"{prefix}{start}{int(rng.random() * 10**rest):0{rest}d}"


_ID_DIGITS = {"SN": 13, "MR": 10, "ML": 15, "NG": 11, "GN": 12, "GM": 9, "NE": 10, "BF": 17}


def _documents(
    rng: random.Random, nationality: str, age: int, year: int, foreign: bool
) -> tuple[tuple[str, str], ...]:
    roll = rng.random()
    kind: str
    if age < 15:
        if roll >= 0.25:
            return ()
        kind = "birth_certificate"
    elif roll < 0.28:
        kind = "national_id"
    elif roll < 0.38:
        kind = "passport"
    elif roll < 0.44 and foreign:
        kind = "consular_card"
    elif roll < 0.49 and foreign:
        kind = "ecowas_travel_certificate"
    elif roll < 0.53:
        kind = "birth_certificate"
    else:
        return ()  # most survivors have no document at all
    code = _document_code(kind)
    if code is None:
        return ()
    if kind == "national_id":
        digits = _ID_DIGITS.get(nationality, 10)
        number = f"{rng.randrange(1, 3)}{rng.randrange(10 ** (digits - 1)):0{digits - 1}d}"
    elif kind == "passport":
        number = f"{chr(65 + int(rng.random() * 26))}{rng.randrange(10**8):08d}"
    elif kind == "consular_card":
        number = f"{nationality}-CC-{rng.randrange(10**6):06d}"
    elif kind == "ecowas_travel_certificate":
        number = f"ETC{rng.randrange(10**7):07d}"
    else:
        number = f"{rng.randrange(1, 4000)}/{year}"
    return ((code, number),)


def _person(
    rng: random.Random,
    ref: str,
    nationality: str,
    group: str,
    female: bool,
    age: int,
    identified: int,  # ordinal of the identification day
    foreign: bool,
) -> SyntheticPerson:
    r = rng.random
    pool = GROUPS[group]
    first_names = pool.female if female else pool.male
    first = first_names[int(r() * len(first_names))]
    family = pool.family[int(r() * len(pool.family))]
    connectors = PATRONYMIC.get(group)
    registry: tuple[str, ...] = (
        (first, connectors[1] if female else connectors[0], family)
        if connectors
        else (first, family)
    )
    words = tuple(ANGLOPHONE.get(w, w) for w in registry) if nationality == "GM" else registry
    names = [SyntheticName(" ".join(words), "latin", "primary")]
    if r() < ALIAS_SHARE:
        alias = _alias(r, words)
        if alias is not None:
            names.append(SyntheticName(alias, "latin", "alias"))
    if group == "hassaniya" and r() < ARABIC_SHARE:
        arabic = arabic_form(registry)
        if arabic is not None:
            names.append(SyntheticName(arabic, "arabic", "alias"))
    born = datetime.date.fromordinal(identified - age * 365 - age // 4 - int(r() * 365))
    documents = _documents(rng, nationality, age, born.year, foreign)
    exact = r() < (0.75 if documents else 0.2)
    approximate = not exact and r() < 0.5
    year = born.year + (int(r() * 5) - 2 if approximate else 0)
    phones: tuple[str, ...] = ()
    if age >= 13 and r() < (0.65 if age >= 18 else 0.3):
        phone = _phone(rng, nationality)
        if phone is not None:
            second = _phone(rng, nationality) if r() < 0.1 else None
            phones = (phone, second) if second and second != phone else (phone,)
    return SyntheticPerson(
        ref=ref,
        names=tuple(names),
        sex="female" if female else "male",
        birth_date=born if exact else None,
        birth_year=year,
        birth_date_is_approximate=approximate,
        nationality=nationality,
        phones=phones,
        documents=documents,
        duplicate_of=None,
    )


def _duplicate(rng: random.Random, original: SyntheticPerson, ref: str) -> SyntheticPerson:
    """The same person recorded again elsewhere: another spelling, a vaguer birth, fewer ids."""
    r = rng.random
    primary = original.names[0].text
    words = tuple(primary.split(" "))
    text = _alias(r, words) if r() < 0.7 else None
    if text is None:
        # French administrative habit: family name first, often in capitals.
        family_first = [words[-1].upper() if r() < 0.5 else words[-1], *words[:-1]]
        text = " ".join(family_first)
    names = [SyntheticName(text, "latin", "primary")]
    names.extend(n for n in original.names[1:] if n.script == "arabic" and r() < 0.4)
    year = original.birth_year
    if year is None and original.birth_date is not None:
        year = original.birth_date.year
    keep_date = original.birth_date is not None and r() < 0.3
    shifted = None if year is None else year + (int(r() * 3) - 1)
    return SyntheticPerson(
        ref=ref,
        names=tuple(names),
        sex=original.sex,
        birth_date=original.birth_date if keep_date else None,
        birth_year=year if keep_date else shifted,
        birth_date_is_approximate=not keep_date and r() < 0.6,
        nationality=original.nationality,
        phones=original.phones if r() < 0.5 else (),
        documents=original.documents if r() < 0.3 else (),
        duplicate_of=original.ref,
    )


def _check(country: str, n: int, duplicate_rate: float) -> None:
    if country not in PATTERN_WEIGHTS:
        raise ValueError(f"unsupported country {country!r}; one of {SUPPORTED_COUNTRIES}")
    if n < 0:
        raise ValueError("n must be >= 0")
    if not 0.0 <= duplicate_rate <= 1.0:
        raise ValueError("duplicate_rate must be between 0 and 1")


def _age(rng: random.Random, pattern: Pattern) -> int:
    low, mode, high = pattern.ages
    return int(rng.triangular(low, high + 1, mode + 0.5))


def _pick_distinct(r: Callable[[], float], choice: _Choice[str], k: int) -> tuple[str, ...]:
    picked: dict[str, None] = {}
    for _ in range(k * 3):
        picked[choice(r)] = None
        if len(picked) >= k:
            break
    return tuple(picked)


# --- public API --------------------------------------------------------------------------
def generate_persons(
    country: str, n: int, *, seed: int = 0, duplicate_rate: float = 0.0
) -> Iterator[SyntheticPerson]:
    """`n` survivors as a node of `country` records them; no case, no route: the fast path."""
    _check(country, n, duplicate_rate)
    return _persons(country, n, seed, duplicate_rate)


def _persons(country: str, n: int, seed: int, duplicate_rate: float) -> Iterator[SyntheticPerson]:
    rng = random.Random(f"persons:{country}:{seed}")
    r = rng.random
    plans = _plans(country)
    first_day = DEFAULT_START.toordinal()
    span = DEFAULT_END.toordinal() - first_day + 1
    recent: list[SyntheticPerson] = []
    for index in range(n):
        ref = f"{country}-{seed}-{index}"
        if recent and r() < duplicate_rate:
            yield _duplicate(rng, recent[int(r() * len(recent))], ref)
            continue
        plan = plans(r)
        nationality = plan.nationality(r)
        person = _person(
            rng,
            ref,
            nationality,
            plan.groups[nationality](r),
            r() < plan.pattern.female_share,
            _age(rng, plan.pattern),
            first_day + int(r() * span),
            nationality != country,
        )
        if duplicate_rate:
            if len(recent) < RECENT:
                recent.append(person)
            else:
                recent[index % RECENT] = person
        yield person


def generate_cases(
    country: str,
    n: int,
    *,
    seed: int = 0,
    start: datetime.date = DEFAULT_START,
    end: datetime.date = DEFAULT_END,
    duplicate_rate: float = 0.0,
) -> Iterator[SyntheticCase]:
    """`n` cases identified in `country` between `start` and `end`, each with its survivor."""
    _check(country, n, duplicate_rate)
    if end < start:
        raise ValueError("end must not be before start")
    return _cases(country, n, seed, start, end, duplicate_rate)


def _cases(
    country: str,
    n: int,
    seed: int,
    start: datetime.date,
    end: datetime.date,
    duplicate_rate: float,
) -> Iterator[SyntheticCase]:
    rng = random.Random(f"{country}:{seed}")
    r = rng.random
    plans = _plans(country)
    first_day = start.toordinal()
    span = end.toordinal() - first_day + 1
    recent: list[tuple[SyntheticPerson, _Plan, str]] = []
    for index in range(n):
        ref = f"{country}-{seed}-{index}"
        identified = first_day + int(r() * span)
        if recent and r() < duplicate_rate:
            original, plan, group = recent[int(r() * len(recent))]
            person = _duplicate(rng, original, ref)
        else:
            plan = plans(r)
            nationality = plan.nationality(r)
            group = plan.groups[nationality](r)
            person = _person(
                rng,
                ref,
                nationality,
                group,
                r() < plan.pattern.female_share,
                _age(rng, plan.pattern),
                identified,
                nationality != country,
            )
            if duplicate_rate:
                if len(recent) < RECENT:
                    recent.append((person, plan, group))
                else:
                    recent[index % RECENT] = (person, plan, group)
        yield _case(rng, plan, person, group, datetime.date.fromordinal(identified))


def _case(
    rng: random.Random,
    plan: _Plan,
    person: SyntheticPerson,
    group: str,
    identified_on: datetime.date,
) -> SyntheticCase:
    r = rng.random
    pattern = plan.pattern
    nationality = person.nationality
    place = plan.places(r)
    destination = plan.destinations(r) if plan.destinations is not None else place
    origins = _origins(nationality, group)
    origin = origins(r) if origins is not None else place
    if origin == place and origins is not None and len(origins.items) > 1:
        origin = origins(r)
    pre, post = plan.route(nationality)
    if place in pre:
        pre = pre[: pre.index(place)]
    if place in post:
        post = post[post.index(place) + 1 :]
    seen = {origin, destination, place}
    transit: list[str] = []
    for code in pre:
        if code not in seen and r() < 0.6:
            transit.append(code)
            seen.add(code)
    if place not in (origin, destination):
        transit.append(place)
    for code in post:
        if code not in seen and r() < 0.5:
            transit.append(code)
            seen.add(code)
    case_type = plan.case_type(r)
    exploitation: tuple[str, ...] = ()
    if case_type != "som":  # pure smuggling: no exploitation to record
        main = plan.exploitation or plan.secondary
        if main is not None:
            exploitation = (main(r),)
        if plan.secondary is not None and r() < pattern.extra_share:
            second = plan.secondary(r)
            if second not in exploitation:
                exploitation = (*exploitation, second)
    means: tuple[str, ...] = ()
    if case_type != "som" or r() < 0.25:
        means = _pick_distinct(r, plan.means, 1 + int(r() * 3))
    foreign = nationality != plan.country
    return SyntheticCase(
        person=person,
        case_type=case_type,
        exploitation_types=exploitation,
        means_of_control=means,
        recruiter_relation=plan.recruiter(r),
        identification_source=plan.source(r),
        identified_on=identified_on,
        place_code=place,
        origin_code=origin,
        transit_codes=tuple(transit),
        destination_code=destination,
        needs=_pick_distinct(r, plan.needs, 2 + int(r() * 3)),
        services=_pick_distinct(r, plan.services, 1 + int(r() * 3)),
        wants_return=foreign and r() < pattern.return_share,
    )
