"""The Jokko fields a spreadsheet column can fill, per kind of import, and how cells are read.

Partners' sheets name columns in French or English ("Nom", "Name", "Date d'identification")
and fill coded fields with labels ("Féminin", "Travail forcé") rather than Jokko's codes. Each
field lists the header spellings it recognises (used to suggest the mapping) and a parser that
accepts a code, a label in any language of the node or an HTCDS value, and otherwise says
exactly which value is wrong and what is expected.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from jokko.gazetteer import COUNTRIES
from jokko.gazetteer import places as gazetteer
from jokko.incidents.models import IncidentKind, Offence
from jokko.people.models import PersonRole
from jokko.spreadsheets.models import ImportKind
from jokko.taxonomy import vocabulary
from jokko.taxonomy.vocabularies import UnknownCode


class CellError(ValueError):
    """A cell that cannot be read; the message names the value and what is expected."""


def fold(text: str) -> str:
    """Compare headers and labels without case, accents, punctuation or spacing."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", "", stripped.casefold())


# --- Cell parsers -----------------------------------------------------------------------------

_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d")


def parse_text(raw: str) -> str:
    return " ".join(raw.split()) if "\n" not in raw else raw.strip()


def parse_date(raw: str) -> dt.date:
    text = raw.strip().split(" ")[0]
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise CellError(
        _g("“%(value)s” is not a date (write dd/mm/yyyy or yyyy-mm-dd).") % {"value": raw}
    )


def parse_int(raw: str) -> int:
    text = raw.strip().replace(" ", "").replace("\u202f", "")
    # At most 18 digits: a longer cell is not a count, and int() refuses more than 4300.
    match = re.fullmatch(r"(\d{1,18})(?:[.,]0+)?", text)
    if not match:
        raise CellError(_g("“%(value)s” is not a whole number.") % {"value": raw})
    return int(match.group(1))


def split_values(raw: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;|\n,]", raw) if part.strip()]


@lru_cache(maxsize=64)
def _label_index(vocab: str) -> dict[str, str]:
    index: dict[str, str] = {}
    for term in vocabulary(vocab):
        index.setdefault(fold(term.code), term.code)
        for label in term.labels.values():
            index.setdefault(fold(label), term.code)
    return index


def vocabulary_code(vocab: str, raw: str) -> str:
    """A vocabulary code from its code, a label (any language) or an HTCDS value."""
    code = _label_index(vocab).get(fold(raw))
    if code is not None:
        return code
    try:
        return vocabulary(vocab).from_htcds(raw).code
    except UnknownCode:
        pass
    examples = ", ".join(
        term.label(translation.get_language() or "en") for term in vocabulary(vocab)
    )
    raise CellError(
        _g("Unknown value “%(value)s”; expected one of: %(examples)s.")
        % {"value": raw, "examples": examples[:300]}
    )


@lru_cache(maxsize=32)
def _choice_index(choices: Any) -> dict[str, str]:
    index: dict[str, str] = {}
    for language in ("en", *[code for code, _name in settings.LANGUAGES]):
        with translation.override(language):
            for value, label in choices.choices:
                index.setdefault(fold(value), value)
                index.setdefault(fold(str(label)), value)
    return index


def choice_code(choices: Any, raw: str, extra: Mapping[str, str] | None = None) -> str:
    """A TextChoices code from its code or its label in English or the node's languages."""
    folded = fold(raw)
    extra_index = {fold(key): value for key, value in (extra or {}).items()}
    code = extra_index.get(folded) or _choice_index(choices).get(folded)
    if code is None:
        expected = ", ".join(str(label) for _value, label in choices.choices)
        raise CellError(
            _g("Unknown value “%(value)s”; expected one of: %(examples)s.")
            % {"value": raw, "examples": expected}
        )
    return code


def country_code(raw: str) -> str:
    text = raw.strip()
    if text.upper() in COUNTRIES:
        return text.upper()
    wanted = fold(text)
    for iso2, names in COUNTRIES.items():
        if any(fold(name) == wanted for name in names.values()):
            return iso2
    raise CellError(
        _g("Unknown country “%(value)s” (write its name or ISO code, e.g. SN).") % {"value": raw}
    )


def place_code(raw: str) -> str:
    """A gazetteer code, or a place name that designates one place unambiguously."""
    text = raw.strip()
    try:
        return gazetteer.get(text.upper()).code
    except gazetteer.UnknownPlace:
        pass
    wanted = gazetteer.normalize(text)
    found = [
        place
        for place in gazetteer.search(text, limit=50)
        if gazetteer.normalize(place.name) == wanted
        or any(gazetteer.normalize(alias) == wanted for alias in place.aliases)
    ]
    in_country = [place for place in found if place.country == settings.NODE_COUNTRY]
    candidates = in_country or found
    towns = [place for place in candidates if place.kind == "town"]
    candidates = towns if len(towns) == 1 else candidates
    if len(candidates) == 1:
        return candidates[0].code
    if candidates:
        raise CellError(
            _g("“%(value)s” names several places (%(codes)s); write the place code.")
            % {"value": raw, "codes": ", ".join(place.code for place in candidates[:5])}
        )
    raise CellError(_g("Unknown place “%(value)s”.") % {"value": raw})


def _sex(raw: str) -> str:
    short = {"f": "female", "m": "male", "h": "male"}
    return short.get(raw.strip().casefold()) or vocabulary_code("sex", raw)


def _vocab(name: str) -> Callable[[str], str]:
    return lambda raw: vocabulary_code(name, raw)


def _vocab_list(name: str) -> Callable[[str], list[str]]:
    return lambda raw: list(dict.fromkeys(vocabulary_code(name, v) for v in split_values(raw)))


def _offences(raw: str) -> list[str]:
    extra = {"traite": Offence.TIP, "trafic": Offence.SOM, "tip": Offence.TIP, "som": Offence.SOM}
    return list(dict.fromkeys(choice_code(Offence, value, extra) for value in split_values(raw)))


def _phones(raw: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;|/\n]", raw) if part.strip()]


def _names(raw: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;|\n]", raw) if part.strip()]


# --- Field catalogue --------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportField:
    name: str
    label: Promise
    parse: Callable[[str], Any]
    aliases: tuple[str, ...] = ()
    required: bool = False
    help: Promise | str = ""

    def matches(self, header: str) -> bool:
        folded = fold(header)
        return folded in {fold(self.name), fold(str(self.label)), *(fold(a) for a in self.aliases)}


PERSON_FIELDS: tuple[ImportField, ...] = (
    ImportField(
        "name",
        _("Name"),
        parse_text,
        ("nom", "nom complet", "full name", "nom et prenom", "prenom et nom", "noms", "names"),
        required=True,
    ),
    ImportField(
        "other_names",
        _("Other names or spellings"),
        _names,
        ("alias", "aliases", "autres noms", "surnom", "other names"),
        help=_("Several names separated by “;”."),
    ),
    ImportField("sex", _("Sex"), _sex, ("sexe", "genre", "gender")),
    ImportField(
        "birth_date",
        _("Date of birth"),
        parse_date,
        ("date de naissance", "ne le", "nee le", "date of birth", "birth date", "dob"),
    ),
    ImportField(
        "birth_year",
        _("Year of birth"),
        parse_int,
        ("annee de naissance", "year of birth", "birth year"),
    ),
    ImportField("age", _("Age (estimated)"), parse_int, ("age", "age estime", "estimated age")),
    ImportField(
        "nationality", _("Nationality"), country_code, ("nationalite", "nationality", "pays")
    ),
    ImportField(
        "phones",
        _("Phone numbers"),
        _phones,
        ("telephone", "tel", "phone", "phones", "numero de telephone", "phone number", "contact"),
    ),
    ImportField("notes", _("Notes"), parse_text, ("notes", "remarques", "observations")),
)


def _person_role(raw: str) -> str:
    """Survivors, witnesses, smuggled migrants. Suspects and recruiters are recorded through
    incidents, by those who may (their identity is justice data, not a case worker's)."""
    role = choice_code(PersonRole, raw)
    if role in (PersonRole.SUSPECT, PersonRole.RECRUITER):
        raise CellError(
            _g("Suspects and recruiters are recorded through incidents, not as persons.")
        )
    return role


ROLE_FIELD = ImportField(
    "role",
    _("Role"),
    _person_role,
    ("role", "qualite", "statut"),
    help=_("Survivor when empty."),
)

CASE_FIELDS: tuple[ImportField, ...] = (
    ImportField(
        "case_type",
        _("Case type"),
        _vocab("case_type"),
        ("type de cas", "case type", "type", "infraction"),
        required=True,
    ),
    ImportField(
        "identification_source",
        _("Identified by"),
        _vocab("identification_source"),
        ("source d'identification", "identifie par", "identification source", "identified by"),
        required=True,
    ),
    ImportField(
        "identified_on",
        _("Date of identification"),
        parse_date,
        (
            "date d'identification",
            "identifie le",
            "date identification",
            "identified on",
            "identification date",
            "date",
        ),
        required=True,
    ),
    ImportField(
        "place_code",
        _("Place of identification"),
        place_code,
        ("lieu d'identification", "lieu", "localite", "place", "identification place", "location"),
        required=True,
    ),
    ImportField(
        "origin_code",
        _("Place of origin"),
        place_code,
        ("origine", "lieu d'origine", "origin", "place of origin"),
    ),
    ImportField("destination_code", _("Destination"), place_code, ("destination",)),
    ImportField(
        "exploitation_types",
        _("Forms of exploitation"),
        _vocab_list("exploitation_type"),
        (
            "type d'exploitation",
            "types d'exploitation",
            "exploitation",
            "exploitation type",
            "forms of exploitation",
        ),
        help=_("Several values separated by “;”."),
    ),
    ImportField(
        "means_of_control",
        _("Means of control"),
        _vocab_list("means_of_control"),
        ("moyens de controle", "moyen de controle", "means of control"),
    ),
    ImportField(
        "recruiter_relation",
        _("Relation to the recruiter"),
        _vocab("recruiter_relation"),
        ("lien avec le recruteur", "relation avec le recruteur", "recruiter relation"),
    ),
    ImportField("summary", _("Summary"), parse_text, ("resume", "summary", "description", "recit")),
)

INCIDENT_FIELDS: tuple[ImportField, ...] = (
    ImportField(
        "kind",
        _("Kind of operation"),
        lambda raw: choice_code(IncidentKind, raw),
        ("type d'operation", "type d'incident", "type", "kind", "operation", "incident type"),
        required=True,
    ),
    ImportField(
        "occurred_on",
        _("Date"),
        parse_date,
        ("date", "date de l'incident", "date de l'operation", "occurred on", "incident date"),
        required=True,
    ),
    ImportField(
        "place_code",
        _("Place"),
        place_code,
        ("lieu", "localite", "place", "location"),
        required=True,
    ),
    ImportField(
        "offences",
        _("Offences"),
        _offences,
        ("infractions", "infraction", "offences", "offence", "offenses"),
        required=True,
        help=_("Trafficking in persons and/or smuggling of migrants, separated by “;”."),
    ),
    ImportField("unit", _("Unit"), parse_text, ("unite", "unit", "service")),
    ImportField("summary", _("Summary"), parse_text, ("resume", "summary", "description")),
    ImportField(
        "suspects",
        _("Suspects' names"),
        _names,
        ("suspects", "noms des suspects", "suspect", "suspect names", "mis en cause"),
        help=_("Several names separated by “;”."),
    ),
    ImportField(
        "survivors_count",
        _("Number of victims"),
        parse_int,
        ("nombre de victimes", "victimes", "victims", "survivors", "number of victims"),
    ),
    ImportField(
        "migrants_count",
        _("Number of smuggled migrants"),
        parse_int,
        ("nombre de migrants", "migrants", "number of migrants"),
    ),
)


def fields_for(kind: str) -> tuple[ImportField, ...]:
    if kind == ImportKind.PERSONS:
        return (*PERSON_FIELDS[:1], ROLE_FIELD, *PERSON_FIELDS[1:])
    if kind == ImportKind.CASES:
        return PERSON_FIELDS + CASE_FIELDS
    return INCIDENT_FIELDS


def suggest_mapping(kind: str, headers: list[str]) -> dict[str, str]:
    """field name -> header, for each field whose name or alias a header spells."""
    mapping: dict[str, str] = {}
    used: set[str] = set()
    for import_field in fields_for(kind):
        for header in headers:
            if header not in used and import_field.matches(header):
                mapping[import_field.name] = header
                used.add(header)
                break
    return mapping
