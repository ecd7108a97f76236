"""Answers of a submission -> the inputs of Jokko's actions (PersonInput, CaseInput,
ReportInput, HTCDS records), collecting every problem instead of stopping at the first.

Vocabulary answers are Jokko codes (what Jokko's own XLSForms send) or HTCDS picklist values
(what a partner's form built on the standard sends): both resolve through jokko.taxonomy. An
answer that is neither is a reason to reject the submission, named by its question.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from django.utils.translation import gettext as _

from jokko.cases.actions import CaseInput
from jokko.cases.models import ConsentScope
from jokko.gazetteer import COUNTRIES, search
from jokko.odk.parsing import Submission
from jokko.people.actions import PersonInput
from jokko.people.models import BirthDatePrecision
from jokko.taxonomy import UnknownCode, vocabulary

Errors = dict[str, list[str]]


def _add(errors: Errors, name: str, message: str) -> None:
    errors.setdefault(name, []).append(message)


def _date(errors: Errors, name: str, value: str) -> datetime.date | None:
    if not value:
        return None
    try:
        # ODK dates are yyyy-mm-dd; Kobo sometimes exports dateTime values for date questions.
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        _add(errors, name, _("“%(value)s” is not a date (yyyy-mm-dd).") % {"value": value[:40]})
        return None


def _integer(errors: Errors, name: str, value: str) -> int | None:
    if not value:
        return None
    try:
        return int(float(value)) if len(value) < 20 else int(value)
    except ValueError:
        _add(errors, name, _("“%(value)s” is not a number.") % {"value": value[:40]})
        return None


def vocabulary_codes(errors: Errors, name: str, vocab: str, value: str) -> list[str]:
    """Space-separated answers (select_multiple) -> Jokko codes, accepting HTCDS values."""
    codes: list[str] = []
    unknown: list[str] = []
    terms = vocabulary(vocab)
    for answer in value.split():
        if answer in terms:
            codes.append(answer)
            continue
        try:
            codes.append(terms.from_htcds(answer).code)
        except UnknownCode:
            unknown.append(answer)
    if unknown:
        _add(
            errors,
            name,
            _("Unknown value(s) for %(field)s: %(values)s")
            % {"field": name, "values": ", ".join(v[:40] for v in unknown)},
        )
    return list(dict.fromkeys(codes))


def vocabulary_code(errors: Errors, name: str, vocab: str, value: str) -> str:
    if len(value.split()) > 1:
        _add(errors, name, _("Only one answer is allowed for %(field)s.") % {"field": name})
        return ""
    codes = vocabulary_codes(errors, name, vocab, value)
    return codes[0] if codes else ""


@dataclass
class Identification:
    person: PersonInput
    case: CaseInput
    consent_scopes: list[str] = field(default_factory=list)
    consent_form: str = "written"


def identification(sub: Submission) -> tuple[Identification | None, Errors]:
    """The identification form's answers as the inputs of `register_survivor`."""
    errors: Errors = {}
    full_name = " ".join(part for part in (sub.get("given_name"), sub.get("family_name")) if part)
    names = [full_name] if full_name else []
    names += [n.strip() for n in sub.get("other_names").split(";") if n.strip()]
    if not names:
        _add(errors, "given_name", _("At least one name is required."))
    birth_date = _date(errors, "birth_date", sub.get("birth_date"))
    birth_year = _integer(errors, "birth_year", sub.get("birth_year"))
    if birth_date is not None:
        birth_year, precision = birth_date.year, BirthDatePrecision.EXACT
    else:
        precision = BirthDatePrecision.YEAR
    sex = vocabulary_code(errors, "sex", "sex", sub.get("sex"))
    identified_on = _date(errors, "identified_on", sub.get("identified_on"))
    if identified_on is None and "identified_on" not in errors:
        _add(errors, "identified_on", _("This field is required."))
    scopes = sub.get("consent_scopes").split()
    unknown_scopes = [s for s in scopes if s not in ConsentScope.values]
    if unknown_scopes:
        _add(
            errors,
            "consent_scopes",
            _("Unknown consent scope: %(codes)s") % {"codes": ", ".join(unknown_scopes)},
        )
    consent_form = sub.get("consent_form") or "written"
    if consent_form not in ("written", "verbal"):
        _add(errors, "consent_form", _("Consent is written or verbal."))
    case = CaseInput(
        case_type=sub.get("case_type"),
        identification_source=vocabulary_code(
            errors,
            "identification_source",
            "identification_source",
            sub.get("identification_source"),
        ),
        identified_on=identified_on or datetime.date.today(),
        place_code=sub.get("place_code") or sub.get("region"),
        exploitation_types=vocabulary_codes(
            errors, "exploitation_types", "exploitation_type", sub.get("exploitation_types")
        ),
        means_of_control=vocabulary_codes(
            errors, "means_of_control", "means_of_control", sub.get("means_of_control")
        ),
        recruiter_relation=vocabulary_code(
            errors, "recruiter_relation", "recruiter_relation", sub.get("recruiter_relation")
        ),
        summary=sub.get("summary"),
    )
    person = PersonInput(
        names=names,
        sex=sex,
        birth_date=birth_date,
        birth_year=birth_year,
        birth_precision=precision,
        nationality=sub.get("nationality").upper(),
        phones=[sub.get("phone")] if sub.get("phone") else [],
    )
    if errors:
        return None, errors
    return Identification(person, case, [s for s in dict.fromkeys(scopes)], consent_form), {}


def report(sub: Submission) -> tuple[Any, Errors]:
    """The community-report form's answers as a `ReportInput` (channel "odk")."""
    from jokko.community.actions import ReportInput
    from jokko.community.models import SuspectedOffence, Urgency

    errors: Errors = {}
    children = sub.get("children_involved").lower()
    if children not in ("", "yes", "no", "true", "false", "1", "0"):
        _add(errors, "children_involved", _("Answer yes or no."))
    offence = sub.get("suspected_offence") or SuspectedOffence.UNKNOWN
    if offence not in SuspectedOffence.values:
        _add(errors, "suspected_offence", _("Unknown value: %(value)s") % {"value": offence[:40]})
    urgency = sub.get("urgency") or Urgency.NORMAL
    if urgency not in Urgency.values:
        _add(errors, "urgency", _("Unknown value: %(value)s") % {"value": urgency[:40]})
    data = ReportInput(
        description=sub.get("description"),
        place_code=sub.get("place_code") or sub.get("region"),
        place_text=sub.get("place_text"),
        suspected_offence=offence,
        persons_count=_integer(errors, "persons_count", sub.get("persons_count")),
        children_involved=None if not children else children in ("yes", "true", "1"),
        urgency=urgency,
        contact=sub.get("contact"),
    )
    return (None, errors) if errors else (data, {})


# The HTCDS XLSForm (IOM, CC BY 4.0) ------------------------------------------------------

# Names in htcds_xlsform.xlsx that differ from the field standard's names.
HTCDS_FORM_RENAMES = {
    "prs_First_Name": "prs_FirstName",
    "prs_Second_Name": "prs_SecondName",
    "vic_Methods_of_Control": "vic_MethodsOfControl",
}
HTCDS_FORM_SKIPPED = frozenset({"start", "end", "__version__"})
# Fields the standard types as lists (multiselect): the others take one value.
HTCDS_LIST_FIELDS = frozenset(
    {
        "prs_Citizenship",
        "vic_MethodOfRecruitment",
        "vic_MethodsOfControl",
        "vic_TypeOfExploitation",
        "vic_TypeOfSexExploitation",
    }
)


@cache
def htcds_form() -> dict[str, Any]:
    """The questions and choices of the standard's own XLSForm (see htcds_xlsform.json)."""
    text = resources.files("jokko.odk").joinpath("htcds_xlsform.json").read_text("utf-8")
    document: dict[str, Any] = json.loads(text)
    return document


def htcds_question_names() -> list[str]:
    return [q["name"] for q in htcds_form()["survey"] if q["name"] not in HTCDS_FORM_SKIPPED]


def looks_like_htcds(sub: Submission) -> bool:
    """A submission of the HTCDS form: it answers at least one of its questions."""
    return any(name in sub.answers for name in htcds_question_names())


def htcds_record(
    sub: Submission, *, country: str = "", default_place: str = ""
) -> tuple[dict[str, Any], Errors]:
    """One HTCDS record (the standard's field names and JSON types) from the form's answers.

    The record carries `x_SourceId` = instanceID, so the HTCDS importer keys re-submissions
    on it. Choice answers are checked against the form's own lists.
    """
    errors: Errors = {}
    record: dict[str, Any] = {"x_SourceId": sub.instance_id}
    choices: dict[str, list[list[str]]] = htcds_form()["choices"]
    for question in htcds_form()["survey"]:
        name = question["name"]
        value = sub.get(name)
        if name in HTCDS_FORM_SKIPPED or not value:
            continue
        kind, _space, list_name = question["type"].partition(" ")
        standard = HTCDS_FORM_RENAMES.get(name, name)
        if kind in ("select_one", "select_multiple"):
            allowed = {c[0] for c in choices.get(list_name, [])}
            answers = value.split()
            unknown = [a for a in answers if a not in allowed]
            if unknown:
                _add(
                    errors,
                    name,
                    _("Unknown value(s) for %(field)s: %(values)s")
                    % {"field": name, "values": ", ".join(u[:40] for u in unknown)},
                )
                continue
            if name == "con_Consent":
                record[standard] = value == "TRUE"
            elif standard in HTCDS_LIST_FIELDS:
                record[standard] = answers
            elif len(answers) > 1:
                # The form allows several answers where the standard records one.
                _add(
                    errors,
                    name,
                    _("The HTCDS standard records one value for %(field)s.") % {"field": name},
                )
            else:
                record[standard] = answers[0]
        elif kind == "date":
            parsed = _date(errors, name, value)
            if parsed is not None:
                record[standard] = parsed.isoformat()
        else:
            record[standard] = value
    identified = record.get("cas_IncomingReferralDate") or (sub.submitted_at or sub.get("end"))[:10]
    if identified and "x_IdentificationDate" not in record:
        record["x_IdentificationDate"] = identified
    place = htcds_place(record, country, default_place)
    if place:
        record["x_IdentificationPlace"] = place
    return record, errors


def htcds_place(record: dict[str, Any], country: str, default_place: str) -> str:
    """The HTCDS form has no coded place: look its free-text locations up in the gazetteer
    (exploitation first, then recruitment), else use the receiving organisation's place."""
    for name in ("vic_LocationOfExploitation", "vic_LocationOfRecruitment"):
        text = str(record.get(name, "")).strip()
        if text:
            found = search(text, country=country, limit=1) or search(text, limit=1)
            if found:
                return found[0].code
    return default_place


# Fields of the HTCDS form that identify a person: never copied into a case's notes.
HTCDS_IDENTIFYING = frozenset(
    {
        "prs_Salutation",
        "prs_Title",
        "prs_Email",
        "prs_MailingCity",
        "prs_MailingCountry",
        "prs_MailingState",
        "prs_MailingStreet",
        "prs_MailingPostalCode",
        "cas_ReferringPrimaryCaseWorker",
    }
)


def identification_from_htcds(
    record: dict[str, Any],
) -> tuple[Identification | None, Errors, list[str]]:
    """An HTCDS record as `register_survivor` inputs, without the HTCDS importer.

    Returns the inputs, the errors, and the names of the fields Jokko has no place for (their
    non-identifying values go to the case summary so nothing the team collected is lost).
    """
    errors: Errors = {}
    unmapped: list[str] = []
    notes: list[str] = []
    names = [
        " ".join(
            str(record.get(n, "")).strip() for n in ("prs_FirstName", "prs_SecondName")
        ).strip()
    ]
    if not names[0]:
        _add(errors, "prs_First_Name", _("At least one name is required."))
    sex = ""
    if record.get("prs_Gender"):
        sex = vocabulary_code(errors, "prs_Gender", "sex", str(record["prs_Gender"]))
    birth_date = _date(errors, "prs_Birthdate", str(record.get("prs_Birthdate", "")))
    nationality = ""
    for code in record.get("prs_Citizenship", []):
        if code in COUNTRIES and not nationality:
            nationality = code
        else:
            notes.append(f"prs_Citizenship: {code}")
    identified_on = _date(
        errors, "cas_IncomingReferralDate", str(record.get("x_IdentificationDate", ""))
    )
    if identified_on is None and "cas_IncomingReferralDate" not in errors:
        _add(errors, "cas_IncomingReferralDate", _("This field is required."))
    place = str(record.get("x_IdentificationPlace", ""))
    if not place:
        _add(
            errors,
            "vic_LocationOfExploitation",
            _("No known place: give a place of the gazetteer, or set your organisation's place."),
        )
    source = "other"
    if record.get("vic_TraffickingStatusDecisionMakingOrg"):
        source = vocabulary_code(
            errors,
            "vic_TraffickingStatusDecisionMakingOrg",
            "identification_source",
            str(record["vic_TraffickingStatusDecisionMakingOrg"]),
        )
    exploitation = vocabulary_codes(
        errors,
        "vic_TypeOfExploitation",
        "exploitation_type",
        " ".join(record.get("vic_TypeOfExploitation", [])),
    )
    control = vocabulary_codes(
        errors,
        "vic_Methods_of_Control",
        "means_of_control",
        " ".join(record.get("vic_MethodsOfControl", [])),
    )
    mapped = {
        "prs_FirstName",
        "prs_SecondName",
        "prs_Gender",
        "prs_Birthdate",
        "prs_Citizenship",
        "prs_MobilePhone",
        "prs_HomePhone",
        "vic_TraffickingStatusDecisionMakingOrg",
        "vic_TypeOfExploitation",
        "vic_MethodsOfControl",
        "x_SourceId",
        "x_IdentificationDate",
        "x_IdentificationPlace",
    }
    for name, value in record.items():
        if name in mapped:
            continue
        unmapped.append(name)
        if name not in HTCDS_IDENTIFYING:
            shown = " ".join(value) if isinstance(value, list) else str(value)
            notes.append(f"{name}: {shown}")
    phones = [str(record[n]) for n in ("prs_MobilePhone", "prs_HomePhone") if record.get(n)]
    if errors:
        return None, errors, unmapped
    person = PersonInput(
        names=names,
        sex=sex,
        birth_date=birth_date,
        birth_year=birth_date.year if birth_date else None,
        birth_precision=BirthDatePrecision.EXACT if birth_date else BirthDatePrecision.YEAR,
        nationality=nationality,
        phones=phones,
    )
    case = CaseInput(
        case_type="tip",
        identification_source=source,
        identified_on=identified_on or datetime.date.today(),
        place_code=place,
        exploitation_types=exploitation,
        means_of_control=control,
        summary="\n".join(["HTCDS (ODK):", *notes]) if notes else "",
    )
    return Identification(person, case), {}, unmapped
