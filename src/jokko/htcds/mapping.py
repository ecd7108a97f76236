"""HTCDS record <-> Jokko values, in both directions, without the database.

Why pure: the importer must never crash on what another system sends (a property test feeds
arbitrary records here), and the exporter and importer must agree on every conversion. Both
directions therefore live in this one module: ``map_record`` (HTCDS -> Jokko values plus the
list of what could not be mapped) and the ``*_to_htcds`` helpers used by the exporter.

Fields Jokko cannot represent (e.g. vic_AgeWhenTrafficked, a referral to an organisation this
node does not know) are reported as unmapped and kept verbatim (``Mapped.preserved``) with the
imported record, so exporting the case again gives them back: an exchange through Jokko loses
nothing. No Django import here.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from jokko.gazetteer import COUNTRIES, Place, UnknownPlace, all_places
from jokko.gazetteer import get as get_place
from jokko.htcds.schema import EXTENSION_FIELDS, REPEATED_TABLES, field_names
from jokko.taxonomy import UnknownCode, vocabulary

PLACEHOLDER_NAME = "Anonymous HTCDS record"
"""Name given to a person whose record carries no name (Jokko needs one); never exported."""

BOOKKEEPING_FIELDS = frozenset({"x_SourceSystem", "x_SourceId"})
"""Fields that name the exporting system: they differ after a round trip, by design."""

CLOSED_STATUSES = frozenset({"Closed", "ClosedReferred"})
OPEN_STATUSES = frozenset({"Active", "FollowUp"})
EVENT_TYPES = ("Recruitment", "Transit", "Exploitation")

# Latest screening outcome (jokko.cases.models.ScreeningOutcome) <-> vic_TraffickingStatus.
# A Jokko screening establishes a *presumed* victim; "actual" status is a later (judicial)
# determination Jokko does not record, so it is imported as a presumed victim and reported.
SCREENING_TO_STATUS: dict[str, str] = {
    "presumed_victim": "PossibleVictimOfTrafficking",
    "both": "PossibleVictimOfTrafficking",
    "not_a_victim": "NotAVictimOfTrafficking",
    "smuggled_migrant": "NotAVictimOfTrafficking",
}
STATUS_TO_SCREENING: dict[str, str] = {
    "PossibleVictimOfTrafficking": "presumed_victim",
    "ActualVictimOfTrafficking": "presumed_victim",
    "NotAVictimOfTrafficking": "not_a_victim",
}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")


@dataclass
class Mapped:
    """What one HTCDS record says, in Jokko's terms."""

    names: list[str] = field(default_factory=list)
    sex: str = ""
    birth_date: datetime.date | None = None
    birth_year: int | None = None
    birth_precision: str = "year"
    nationality: str = ""
    languages: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    documents: list[tuple[str, str]] = field(default_factory=list)
    case_type: str = "tip"
    identification_source: str = "other"
    identified_on: datetime.date | None = None
    place_code: str = ""
    origin_code: str = ""
    transit_codes: list[str] = field(default_factory=list)
    destination_code: str = ""
    exploitation_types: list[str] = field(default_factory=list)
    means_of_control: list[str] = field(default_factory=list)
    recruiter_relation: str = ""
    screening_outcome: str = ""
    services: list[tuple[str, datetime.date]] = field(default_factory=list)
    """(service_type code, delivered_on) from SupportPlans entries with a type and an end date."""
    plans: list[tuple[str, datetime.date | None]] = field(default_factory=list)
    """(goals, review_on) from SupportPlans entries with objectives."""
    closed: bool = False
    closure_reason: str = ""
    consent: bool = False
    preserved: dict[str, Any] = field(default_factory=dict)
    unmapped: dict[str, str] = field(default_factory=dict)
    """Field -> why it could not be mapped (the value is shown too)."""
    notes: list[str] = field(default_factory=list)
    """Defaults Jokko had to fill in (a required field the record lacks)."""


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 120 else text[:117] + "..."


def _date(value: Any) -> datetime.date | None:
    if not isinstance(value, str) or not ISO_DATE.match(value.strip()):
        return None
    try:
        return datetime.date.fromisoformat(value.strip())
    except ValueError:
        return None


def _unmapped(mapped: Mapped, name: str, value: Any, why: str) -> None:
    mapped.unmapped[name] = f"{_show(value)}: {why}"
    mapped.preserved[name] = value


def _terms(mapped: Mapped, name: str, vocab: str, value: Any) -> list[str]:
    """Jokko codes for HTCDS picklist values; unknown values are reported, the rest kept."""
    values = value if isinstance(value, list) else [value]
    codes: list[str] = []
    unknown: list[Any] = []
    for item in values:
        try:
            code = vocabulary(vocab).from_htcds(str(item)).code if isinstance(item, str) else ""
        except UnknownCode:
            code = ""
        if code:
            if code not in codes:
                codes.append(code)
        else:
            unknown.append(item)
    if unknown:
        _unmapped(mapped, name, unknown if isinstance(value, list) else value, "unknown value")
    return codes


def _place_by_name(name: str, country: str, lat: Any, lon: Any) -> Place | None:
    """A gazetteer place from an exported (hte_City, hte_Country), or a Jokko place code."""
    try:
        return get_place(name)
    except UnknownPlace:
        pass
    wanted = name.casefold()
    candidates = [
        p
        for p in all_places()
        if (not country or p.country == country.upper())
        and (p.name.casefold() == wanted or wanted in (a.casefold() for a in p.aliases))
    ]
    if len(candidates) > 1 and isinstance(lat, int | float) and isinstance(lon, int | float):
        candidates = [p for p in candidates if abs(p.lat - lat) < 1e-6 and abs(p.lon - lon) < 1e-6]
    return candidates[0] if len(candidates) == 1 else None


def _events(mapped: Mapped, events: list[Any]) -> None:
    leftovers: list[Any] = []
    for event in events:
        if not isinstance(event, dict):
            leftovers.append(event)
            continue
        kind = event.get("hte_Type")
        place = _place_by_name(
            _text(event.get("hte_City")) or _text(event.get("hte_State")),
            _text(event.get("hte_Country")),
            event.get("hte_Latitude"),
            event.get("hte_Longitude"),
        )
        exported_keys = {
            "hte_Type",
            "hte_City",
            "hte_Country",
            "hte_State",
            "hte_Latitude",
            "hte_Longitude",
        }
        extra = set(event) - exported_keys
        if place is None or kind not in EVENT_TYPES or extra:
            leftovers.append(event)
        elif kind == "Recruitment" and not mapped.origin_code:
            mapped.origin_code = place.code
        elif kind == "Exploitation" and not mapped.destination_code:
            mapped.destination_code = place.code
        elif kind == "Transit":
            mapped.transit_codes.append(place.code)
        else:
            leftovers.append(event)
    if leftovers:
        _unmapped(
            mapped,
            "HistoricTraffickingEvents",
            leftovers,
            "events without a known place, type or with details Jokko does not record",
        )


def _support_plans(mapped: Mapped, plans: list[Any]) -> None:
    """Delivered services (type + actual end date) and case plans (objectives + planned end)."""
    today = datetime.date.today()
    leftovers: list[Any] = []
    for plan in plans:
        if not isinstance(plan, dict):
            leftovers.append(plan)
            continue
        keys = set(plan)
        ended = _date(plan.get("spl_ActualEndDate"))
        planned = _date(plan.get("spl_PlannedEndDate"))
        goals = _text(plan.get("spl_Objectives"))
        if keys == {"spl_Type", "spl_ActualEndDate"} and ended and ended <= today:
            try:
                code = vocabulary("service_type").from_htcds(str(plan["spl_Type"])).code
            except UnknownCode:
                leftovers.append(plan)
                continue
            mapped.services.append((code, ended))
        elif (
            goals
            and keys <= {"spl_Objectives", "spl_PlannedEndDate"}
            and (planned is not None or "spl_PlannedEndDate" not in keys)
        ):
            mapped.plans.append((goals, planned))
        else:
            leftovers.append(plan)
    if leftovers:
        _unmapped(
            mapped,
            "SupportPlans",
            leftovers,
            "support plans Jokko cannot record as a delivered service or a case plan",
        )


def map_record(record: dict[str, Any]) -> Mapped:
    """Translate one schema-valid HTCDS record; never raises on odd but valid values."""
    mapped = Mapped()
    known = field_names()
    handled: set[str] = set()

    def take(name: str) -> Any:
        handled.add(name)
        return record.get(name)

    # Person
    names = [_text(take(n)) for n in ("prs_FirstName", "prs_MiddleName", "prs_SecondName")]
    full_name = " ".join(n for n in names if n)
    mapped.names = [full_name] if full_name else []
    if "prs_Gender" in record:
        codes = _terms(mapped, "prs_Gender", "sex", take("prs_Gender"))
        mapped.sex = codes[0] if codes else ""
    birthdate = take("prs_Birthdate")
    if birthdate is not None:
        parsed = _date(birthdate)
        if parsed is None:
            _unmapped(mapped, "prs_Birthdate", birthdate, "not a date")
        else:
            mapped.birth_date, mapped.birth_precision = parsed, "exact"
            mapped.birth_year = parsed.year
    year = take("x_BirthYear")
    if mapped.birth_date is None and isinstance(year, int):
        mapped.birth_year, mapped.birth_precision = year, "year"
    citizenship = take("prs_Citizenship")
    if citizenship:
        countries = [c for c in citizenship if isinstance(c, str)]
        first = countries[0].strip().upper() if countries else ""
        if first in COUNTRIES:
            mapped.nationality = first
            if len(citizenship) > 1:
                _unmapped(mapped, "prs_Citizenship", citizenship, "Jokko records one nationality")
        else:
            _unmapped(mapped, "prs_Citizenship", citizenship, "unknown country code")
    for name in ("prs_PrimaryLanguage", "prs_SecondaryLanguage"):
        language = take(name)
        if language is None:
            continue
        if isinstance(language, str) and LANGUAGE_CODE.match(language.strip().lower()):
            mapped.languages.append(language.strip().lower())
        else:
            _unmapped(mapped, name, language, "not an ISO 639 language code")
    for name in ("prs_MobilePhone", "prs_HomePhone"):
        phone = _text(take(name))
        if phone:
            mapped.phones.append(phone)
    number = _text(take("prs_IdentityNumber"))
    if number:
        mapped.documents.append(("national_id", number))

    # Victim context and case
    case_type = _text(take("x_CaseType"))
    if case_type:
        if case_type in vocabulary("case_type"):
            mapped.case_type = case_type
        else:
            _unmapped(mapped, "x_CaseType", case_type, "unknown case type")
    if "vic_TraffickingStatusDecisionMakingOrg" in record:
        codes = _terms(
            mapped,
            "vic_TraffickingStatusDecisionMakingOrg",
            "identification_source",
            take("vic_TraffickingStatusDecisionMakingOrg"),
        )
        mapped.identification_source = codes[0] if codes else "other"
    else:
        mapped.notes.append(
            "identification source: other (vic_TraffickingStatusDecisionMakingOrg absent)"
        )
    if "vic_RelationshipToTrafficker" in record:
        codes = _terms(
            mapped,
            "vic_RelationshipToTrafficker",
            "recruiter_relation",
            take("vic_RelationshipToTrafficker"),
        )
        mapped.recruiter_relation = codes[0] if codes else ""
    if "vic_TypeOfExploitation" in record:
        mapped.exploitation_types = _terms(
            mapped, "vic_TypeOfExploitation", "exploitation_type", take("vic_TypeOfExploitation")
        )
    if "vic_MethodsOfControl" in record:
        mapped.means_of_control = _terms(
            mapped, "vic_MethodsOfControl", "means_of_control", take("vic_MethodsOfControl")
        )
    identified = take("x_IdentificationDate")
    mapped.identified_on = _date(identified) or _date(record.get("cas_IncomingReferralDate"))
    if mapped.identified_on is None:
        mapped.notes.append("identification date: date of import (no x_IdentificationDate)")
    place = _text(take("x_IdentificationPlace"))
    if place:
        try:
            mapped.place_code = get_place(place).code
        except UnknownPlace:
            _unmapped(mapped, "x_IdentificationPlace", place, "unknown place code")
    events = take("HistoricTraffickingEvents")
    if isinstance(events, list) and events:
        _events(mapped, events)
    plans = take("SupportPlans")
    if isinstance(plans, list) and plans:
        _support_plans(mapped, plans)
    trafficking_status = take("vic_TraffickingStatus")
    if isinstance(trafficking_status, str) and trafficking_status in STATUS_TO_SCREENING:
        mapped.screening_outcome = STATUS_TO_SCREENING[trafficking_status]
        if trafficking_status == "ActualVictimOfTrafficking":
            mapped.notes.append("vic_TraffickingStatus: recorded as a presumed victim")
    elif trafficking_status is not None:
        _unmapped(mapped, "vic_TraffickingStatus", trafficking_status, "unknown value")
    status = take("cas_Status")
    reason = _text(take("cas_ReasonForCaseClosure"))
    if status in CLOSED_STATUSES:
        mapped.closed = True
        mapped.closure_reason = reason
        if status == "ClosedReferred":
            _unmapped(mapped, "cas_Status", status, "imported as Closed")
    elif status == "FollowUp":
        _unmapped(mapped, "cas_Status", status, "imported as an open case")
    elif reason:
        _unmapped(mapped, "cas_ReasonForCaseClosure", reason, "the case is not closed")
    consent = take("con_Consent")
    if isinstance(consent, bool):
        mapped.consent = consent
    handled.update(BOOKKEEPING_FIELDS)

    # Everything else the record carries: unmapped, kept verbatim.
    for name, value in record.items():
        if name in handled:
            continue
        if name in known:
            why = "Jokko has no field for it"
        else:
            why = "not an HTCDS 2.0 field"
        _unmapped(mapped, name, value, why)
    return mapped


def is_htcds_like(record: Any) -> bool:
    """True for an object carrying at least one HTCDS field (anything else is not HTCDS)."""
    if not isinstance(record, dict):
        return False
    names = field_names() - set(EXTENSION_FIELDS) - set(REPEATED_TABLES.values())
    return any(key in names or key in REPEATED_TABLES.values() for key in record)


def place_event(kind: str, code: str) -> dict[str, Any]:
    """One HistoricTraffickingEvents entry for a Jokko place (the exporter's side)."""
    place = get_place(code)
    return {
        "hte_Type": kind,
        "hte_City": place.name,
        "hte_Country": place.country,
        "hte_Latitude": place.lat,
        "hte_Longitude": place.lon,
    }


def htcds_value(vocab: str, code: str) -> str:
    """The HTCDS Value Name of a Jokko code ("" when HTCDS has none or the code is unknown)."""
    if not code or code not in vocabulary(vocab):
        return ""
    return vocabulary(vocab).get(code).htcds


def htcds_values(vocab: str, codes: list[str]) -> list[str]:
    """HTCDS values of several codes, deduplicated in order (refinements share a value)."""
    return list(dict.fromkeys(v for v in (htcds_value(vocab, c) for c in codes) if v))
