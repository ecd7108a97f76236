"""The structured facts each kind of bulletin carries, declared once.

The compose form, the API and the "bulletin.new" handler all validate with `clean_details`, so
a vehicle alert always has a plate and a route always has gazetteer places, on every node.
Example: `clean_details("vehicle", {"plate": " dk-1234-a ", "make": "Toyota"})` returns
`{"plate": "DK-1234-A", "make": "Toyota"}`; `clean_details("vehicle", {})` raises a
`ValidationError` on `details.plate`.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from jokko.bulletins.models import BulletinKind
from jokko.gazetteer import COUNTRIES, UnknownPlace
from jokko.gazetteer import get as get_place
from jokko.people.actions import normalise_phone
from jokko.taxonomy import UnknownCode, vocabulary

MAX_TEXT = 2000
MAX_LINE = 200


class FieldType(StrEnum):
    TEXT = "text"  # one line
    LONG_TEXT = "long_text"
    PLACE = "place"  # a gazetteer code
    PLACES = "places"  # gazetteer codes, in order (a route)
    DATE = "date"  # YYYY-MM-DD
    COUNTRY = "country"  # ISO 3166-1 alpha-2
    NUMBER = "number"  # a non-negative integer
    PHONE = "phone"
    NAMES = "names"  # several names or spellings
    SEX = "sex"  # taxonomy "sex"
    EXPLOITATION = "exploitation"  # taxonomy "exploitation_type" codes


@dataclass(frozen=True)
class DetailField:
    name: str
    label: str | Promise
    type: FieldType
    required: bool = False
    min_items: int = 0


F = FieldType
KIND_FIELDS: dict[str, tuple[DetailField, ...]] = {
    BulletinKind.PERSON_OF_INTEREST: (
        DetailField("description", _lazy("Description of the person"), F.LONG_TEXT, True),
        DetailField("names", _lazy("Names and aliases used"), F.NAMES),
        DetailField("sex", _lazy("Sex"), F.SEX),
        DetailField("approximate_age", _lazy("Approximate age"), F.NUMBER),
        DetailField("nationality", _lazy("Nationality"), F.COUNTRY),
        DetailField("last_seen_place", _lazy("Last seen at"), F.PLACE),
    ),
    BulletinKind.MODUS_OPERANDI: (
        DetailField("description", _lazy("How they operate"), F.LONG_TEXT, True),
        DetailField("exploitation_types", _lazy("Forms of exploitation"), F.EXPLOITATION),
        DetailField("places", _lazy("Places concerned"), F.PLACES),
    ),
    BulletinKind.ROUTE: (
        DetailField("places", _lazy("Route (origin, transit, destination)"), F.PLACES, True, 2),
        DetailField("transport", _lazy("Means of transport"), F.TEXT),
    ),
    BulletinKind.VEHICLE: (
        DetailField("plate", _lazy("Number plate"), F.TEXT, True),
        DetailField("registration_country", _lazy("Country of registration"), F.COUNTRY),
        DetailField("make", _lazy("Make and model"), F.TEXT),
        DetailField("colour", _lazy("Colour"), F.TEXT),
        DetailField("last_seen_place", _lazy("Last seen at"), F.PLACE),
    ),
    BulletinKind.PHONE_NUMBER: (
        DetailField("number", _lazy("Phone number"), F.PHONE, True),
        DetailField("usage", _lazy("How the number is used"), F.TEXT),
    ),
    BulletinKind.BOAT_DEPARTURE: (
        DetailField("departure_place", _lazy("Place of departure"), F.PLACE, True),
        DetailField("expected_date", _lazy("Expected departure date"), F.DATE, True),
        DetailField("destination_place", _lazy("Destination"), F.PLACE),
        DetailField("passengers", _lazy("Estimated passengers"), F.NUMBER),
    ),
    BulletinKind.ASSISTANCE_REQUEST: (
        DetailField("request", _lazy("Assistance requested"), F.LONG_TEXT, True),
        DetailField("needed_by", _lazy("Answer needed by"), F.DATE),
    ),
    BulletinKind.MLA_REQUEST: (
        DetailField("requesting_authority", _lazy("Requesting judicial authority"), F.TEXT, True),
        DetailField("measures", _lazy("Measures requested"), F.LONG_TEXT, True),
        DetailField("case_reference", _lazy("Proceedings reference"), F.TEXT),
        # "mla" or "extradition": extradition requests travel as this kind (cooperation app).
        DetailField("request_type", _lazy("Type of request"), F.TEXT),
    ),
}


def fields_of(kind: str) -> tuple[DetailField, ...]:
    return KIND_FIELDS.get(kind, ())


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def _as_list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [part.strip() for part in re.split(r"[\n,]", value) if part.strip()]
    if isinstance(value, list | tuple):
        return [str(part).strip() for part in value if str(part).strip()]
    raise ValueError


def _place(code: Any) -> str:
    try:
        return get_place(str(code)).code
    except UnknownPlace as exc:
        raise ValueError(_("Unknown place: %(code)s") % {"code": code}) from exc


def _clean_value(spec: DetailField, value: Any, *, today: datetime.date) -> Any:
    """The normalised value, or `ValueError` with a message for the user."""
    if spec.type in (F.TEXT, F.LONG_TEXT):
        text = str(value).strip()
        limit = MAX_LINE if spec.type == F.TEXT else MAX_TEXT
        if len(text) > limit:
            raise ValueError(_("Too long (%(n)s characters at most).") % {"n": limit})
        return text.upper() if spec.name == "plate" else text
    if spec.type == F.PLACE:
        return _place(value)
    if spec.type == F.PLACES:
        places = [_place(code) for code in _as_list(value)]
        if len(places) < spec.min_items:
            raise ValueError(_("Give at least %(n)s places.") % {"n": spec.min_items})
        return places
    if spec.type == F.DATE:
        try:
            day = datetime.date.fromisoformat(str(value))
        except ValueError as exc:
            raise ValueError(_("Enter a date as YYYY-MM-DD.")) from exc
        if spec.name == "expected_date" and day < today:
            raise ValueError(_("This date is in the past."))
        return day.isoformat()
    if spec.type == F.COUNTRY:
        code = str(value).strip().upper()
        if code not in COUNTRIES:
            raise ValueError(_("Unknown country: %(code)s") % {"code": code})
        return code
    if spec.type == F.NUMBER:
        try:
            number = int(value)
        except (TypeError, ValueError) as exc:
            raise ValueError(_("Enter a whole number.")) from exc
        if number < 0 or number > 100000:
            raise ValueError(_("Enter a number between 0 and 100000."))
        return number
    if spec.type == F.PHONE:
        raw = str(value).strip()
        phone = normalise_phone(raw)  # Arabic-Indic digits are the same phone
        if not 6 <= len(phone.lstrip("+")) <= 15:
            raise ValueError(_("A phone number has 6 to 15 digits."))
        return phone
    if spec.type == F.NAMES:
        names = _as_list(value)
        if any(len(name) > MAX_LINE for name in names):
            raise ValueError(_("A name is too long (200 characters at most)."))
        return names
    if spec.type == F.SEX:
        try:
            return vocabulary("sex").get(str(value)).code
        except UnknownCode as exc:
            raise ValueError(str(exc)) from exc
    if spec.type == F.EXPLOITATION:
        try:
            return vocabulary("exploitation_type").validate(_as_list(value))
        except UnknownCode as exc:
            raise ValueError(str(exc)) from exc
    raise AssertionError(f"unhandled field type {spec.type}")


def clean_details(kind: str, raw: Any, *, today: datetime.date | None = None) -> dict[str, Any]:
    """Validate and normalise the facts of a bulletin of `kind`; errors name `details.<field>`.

    Unknown fields are refused rather than dropped: a sender must never believe a node carried
    a fact it silently threw away.
    """
    if not isinstance(raw, dict):
        raise ValidationError({"details": [_("Details must be an object of named fields.")]})
    day = today or timezone.localdate()
    specs = {spec.name: spec for spec in fields_of(kind)}
    errors: dict[str, list[str]] = {}
    unknown = sorted(set(raw) - set(specs))
    if unknown:
        errors["details"] = [_("Unknown fields: %(names)s") % {"names": ", ".join(unknown)}]
    cleaned: dict[str, Any] = {}
    for name, spec in specs.items():
        value = raw.get(name)
        if _is_empty(value):
            if spec.required:
                errors[f"details.{name}"] = [_("This field is required.")]
            continue
        try:
            cleaned[name] = _clean_value(spec, value, today=day)
        except ValueError as exc:
            errors[f"details.{name}"] = [str(exc) or _("Invalid value.")]
            continue
        if spec.required and _is_empty(cleaned[name]):
            errors[f"details.{name}"] = [_("This field is required.")]
    if errors:
        raise ValidationError(errors)
    return cleaned
