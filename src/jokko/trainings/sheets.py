"""Attendance sheets: which columns a sheet may have, and each row checked into a `SheetRow`.

Training officers receive attendance lists typed by hand in French or English, so each column
accepts a few usual names ("Nom", "Name", "Nom et prénom"...). A sheet missing a required column
is refused as a whole (nothing else can be trusted); otherwise every row is checked and each
problem is reported with its line, column and message, and nothing is written unless the
officer confirms a sheet whose rejected rows they have seen.

The optional "date" column (the day the participant signed in) is checked against the
training's dates: a sheet from another training is caught before it is imported.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from jokko.names import exact_key
from jokko.people.actions import normalise_phone
from jokko.tabular import Table

# Canonical column -> the header spellings accepted (compared case- and accent-insensitively).
COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("name", "full name", "nom", "nom et prenom", "nom complet", "prenom et nom"),
    "sex": ("sex", "gender", "sexe", "genre"),
    "agency": ("agency", "organisation", "organization", "structure", "service", "institution"),
    "position": ("position", "role / position", "job", "fonction", "grade", "poste"),
    "country": ("country", "pays"),
    "phone": ("phone", "telephone", "tel", "mobile"),
    "email": ("email", "e-mail", "courriel", "mail"),
    "role": ("role", "attendance role", "qualite", "participation"),
    "pre_score": ("pre_score", "pre-test", "pretest", "pre test", "score avant", "test initial"),
    "post_score": ("post_score", "post-test", "posttest", "post test", "score apres", "test final"),
    "completed": ("completed", "complete", "termine", "acheve", "certificat"),
    "date": ("date", "signed on", "date de signature", "jour"),
}
REQUIRED_COLUMNS = ("name", "agency")
# Numbering columns that sheets often carry and that mean nothing to Jokko.
IGNORED_HEADERS = frozenset({"", "n", "no", "n°", "#", "num", "numero", "signature"})

_SEX = {
    "f": "female",
    "female": "female",
    "femme": "female",
    "woman": "female",
    "m": "male",
    "h": "male",
    "male": "male",
    "homme": "male",
    "man": "male",
    "": "unknown",
}
_ROLE = {
    "": "trainee",
    "trainee": "trainee",
    "participant": "trainee",
    "participante": "trainee",
    "stagiaire": "trainee",
    "apprenant": "trainee",
    "trainer": "trainer",
    "formateur": "trainer",
    "formatrice": "trainer",
    "facilitator": "trainer",
    "facilitateur": "trainer",
}
_YES = frozenset({"", "yes", "y", "oui", "o", "1", "true", "vrai", "x"})
_NO = frozenset({"no", "n", "non", "0", "false", "faux"})
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")
MAX_TEXT = 200


def fold(text: str) -> str:
    """Lower case, no accents, single spaces: how headers and codes are compared."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.lower().replace("_", " ").split())


_HEADER_INDEX = {fold(alias): column for column, aliases in COLUMNS.items() for alias in aliases}


def agency_key(agency: str) -> str:
    """'DIVISION  Traite' and 'Division traite' are one agency; punctuation is ignored."""
    return " ".join(re.sub(r"[^\w]+", " ", fold(agency)).split())


def phone_key(raw: str) -> str:
    """The phone as people search it: digits of any script as ASCII, a leading + kept."""
    return normalise_phone(raw)


@dataclass(frozen=True)
class RowProblem:
    line: int
    column: str
    message: str


@dataclass
class SheetRow:
    """One checked row, ready for `actions.add_participants`."""

    line: int
    name: str
    agency: str
    sex: str = "unknown"
    position: str = ""
    country: str = ""
    phone: str = ""
    email: str = ""
    role: str = "trainee"
    pre_score: int | None = None
    post_score: int | None = None
    completed: bool = True

    @property
    def name_key(self) -> str:
        return exact_key(self.name)

    @property
    def agency_key(self) -> str:
        return agency_key(self.agency)


@dataclass
class ParsedSheet:
    rows: list[SheetRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    # Sheet-level problems (missing columns, ambiguous columns): the sheet cannot be imported.
    sheet_errors: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def rejected_lines(self) -> list[int]:
        return sorted({problem.line for problem in self.problems})


def map_headers(headers: list[str]) -> tuple[dict[str, str], list[str], list[str]]:
    """Return (canonical column -> sheet header, ignored headers, sheet-level errors)."""
    mapping: dict[str, str] = {}
    ignored: list[str] = []
    errors: list[str] = []
    for header in headers:
        column = _HEADER_INDEX.get(fold(header))
        if column is None:
            if fold(header) not in IGNORED_HEADERS:
                ignored.append(header)
            continue
        if column in mapping:
            errors.append(
                _("The columns “%(a)s” and “%(b)s” both mean “%(column)s”; keep one.")
                % {"a": mapping[column], "b": header, "column": column}
            )
            continue
        mapping[column] = header
    missing = [column for column in REQUIRED_COLUMNS if column not in mapping]
    if missing:
        errors.append(
            _(
                "This is not an attendance sheet: the column(s) %(missing)s are missing. "
                "Expected columns: %(expected)s."
            )
            % {
                "missing": ", ".join(missing),
                "expected": ", ".join(COLUMNS),
            }
        )
    return mapping, ignored, errors


def _score(raw: str) -> int:
    text = raw.strip().rstrip("%").strip().replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        raise ValueError(_("“%(value)s” is not a number.") % {"value": raw}) from None
    if value != int(value) or not 0 <= value <= 100:
        raise ValueError(
            _("“%(value)s” is not a score: a whole number from 0 to 100.") % {"value": raw}
        )
    return int(value)


def parse_date(raw: str) -> datetime.date:
    for fmt in _DATE_FORMATS:
        try:
            return datetime.datetime.strptime(raw.strip(), fmt).date()
        except ValueError:
            continue
    raise ValueError(
        _("“%(value)s” is not a date (use yyyy-mm-dd or dd/mm/yyyy).") % {"value": raw}
    )


def parse_attendance(
    table: Table,
    *,
    default_country: str,
    countries: frozenset[str] | set[str],
    first_day: datetime.date,
    last_day: datetime.date,
) -> ParsedSheet:
    """Check every row of an attendance sheet; never raises for a bad row, reports it."""
    mapping, ignored, errors = map_headers(table.headers)
    parsed = ParsedSheet(sheet_errors=errors, ignored_columns=ignored)
    if errors:
        return parsed
    seen: dict[tuple[str, ...], int] = {}
    for row in table.rows:
        values = {column: row.values.get(header, "").strip() for column, header in mapping.items()}
        problems: list[RowProblem] = []

        def problem(
            column: str, message: str, line: int = row.line, found: list[RowProblem] = problems
        ) -> None:
            found.append(RowProblem(line, mapping.get(column, column), message))

        name = " ".join(values.get("name", "").split())
        agency = " ".join(values.get("agency", "").split())
        if not exact_key(name):
            problem("name", _("A name is required."))
        if not agency_key(agency):
            problem("agency", _("The agency is required."))
        for column in ("name", "agency", "position", "phone", "email"):
            if len(values.get(column, "")) > MAX_TEXT:
                problem(column, _("Too long (at most %(n)s characters).") % {"n": MAX_TEXT})
        sex = _SEX.get(fold(values.get("sex", "")))
        if sex is None:
            problem("sex", _("“%(value)s” is not a sex (F or M).") % {"value": values["sex"]})
        role = _ROLE.get(fold(values.get("role", "")))
        if role is None:
            problem(
                "role",
                _("“%(value)s” is not a role (trainee or trainer).") % {"value": values["role"]},
            )
        country = values.get("country", "").upper() or default_country
        if country not in countries:
            problem("country", _("“%(value)s” is not a country code.") % {"value": country})
        email = values.get("email", "")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                problem("email", _("“%(value)s” is not an e-mail address.") % {"value": email})
        phone = values.get("phone", "")
        if phone and not 6 <= len(phone_key(phone).lstrip("+")) <= 15:
            problem("phone", _("“%(value)s” is not a phone number.") % {"value": phone})
        scores: dict[str, int | None] = {"pre_score": None, "post_score": None}
        for column in scores:
            if values.get(column):
                try:
                    scores[column] = _score(values[column])
                except ValueError as exc:
                    problem(column, str(exc))
        completed_text = fold(values.get("completed", ""))
        if completed_text not in _YES | _NO:
            problem(
                "completed",
                _("“%(value)s” is not yes or no.") % {"value": values["completed"]},
            )
        if values.get("date"):
            try:
                signed_on = parse_date(values["date"])
            except ValueError as exc:
                problem("date", str(exc))
            else:
                if not first_day <= signed_on <= last_day:
                    problem(
                        "date",
                        _("%(date)s is not a day of this training (%(first)s to %(last)s).")
                        % {"date": signed_on, "first": first_day, "last": last_day},
                    )
        identity = (exact_key(name), agency_key(agency), country)
        if not problems and all(identity):
            if identity in seen:
                problem(
                    "name",
                    _("The same person as on line %(line)s: a duplicate row.")
                    % {"line": seen[identity]},
                )
            else:
                seen[identity] = row.line
        if problems:
            parsed.problems.extend(problems)
            continue
        parsed.rows.append(
            SheetRow(
                line=row.line,
                name=name,
                agency=agency,
                sex=sex or "unknown",
                position=" ".join(values.get("position", "").split()),
                country=country,
                phone=phone,
                email=email.lower(),
                role=role or "trainee",
                pre_score=scores["pre_score"],
                post_score=scores["post_score"],
                completed=completed_text not in _NO,
            )
        )
    return parsed
