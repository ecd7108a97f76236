"""Writes to person records. Views and the API parse input, then call one of these.

Every function validates everything first and writes nothing if any field is wrong
(`ValidationError` carries a message per field), runs in one transaction, and audits the write.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
import uuid
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jokko import names
from jokko.accounts.access import ActionForbidden
from jokko.audit.actions import record
from jokko.gazetteer import COUNTRIES
from jokko.people.crypto import cipher
from jokko.people.models import (
    BirthDatePrecision,
    IdentityDocument,
    NameKind,
    Person,
    PersonName,
    PersonNameKey,
    PersonRole,
    Phone,
)
from jokko.taxonomy import UnknownCode, vocabulary

MAX_NAME_LENGTH = 200
ALLOWED_PHOTO_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


@dataclass
class PersonInput:
    """What a form or API request says about a new person."""

    names: list[str]
    roles: list[str] = field(default_factory=lambda: [PersonRole.SURVIVOR.value])
    sex: str = ""
    birth_date: datetime.date | None = None
    birth_year: int | None = None
    birth_precision: str = BirthDatePrecision.YEAR
    nationality: str = ""
    languages: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    documents: list[tuple[str, str]] = field(default_factory=list)
    notes: str = ""
    photo: bytes | None = None
    photo_content_type: str = ""  # set by `clean_person_input` from the image itself
    client_id: uuid.UUID | None = None


def normalise_phone(raw: str) -> str:
    """Keep a leading + and the digits: '+221 77 123 45 67' and '+221771234567' are one phone.

    Digits of any script become ASCII: a number typed with Arabic-Indic digits on an Arabic
    keyboard is the same phone as one typed in ASCII digits, so searches and duplicates find it.
    """
    digits = "".join(str(unicodedata.decimal(char)) for char in re.findall(r"\d", raw))
    return ("+" if raw.strip().startswith("+") else "") + digits


def normalise_document_number(raw: str) -> str:
    return re.sub(r"[^0-9A-Za-z]", "", raw).upper()


def _validate_photo(photo: bytes) -> str:
    """Return the content type of a real, small image, or raise."""
    if len(photo) > settings.JOKKO_MAX_PHOTO_BYTES:
        raise ValidationError(
            {
                "photo": _("The photo is too large (maximum %(mb)s MB).")
                % {"mb": settings.JOKKO_MAX_PHOTO_BYTES // (1024 * 1024)}
            }
        )
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(BytesIO(photo)) as image:
            image.verify()
            kind = image.format or ""
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise ValidationError({"photo": _("The photo is not a readable image.")}) from exc
    if kind not in ALLOWED_PHOTO_TYPES:
        raise ValidationError({"photo": _("Photos must be JPEG, PNG or WebP.")})
    return ALLOWED_PHOTO_TYPES[kind]


def clean_person_input(data: PersonInput) -> PersonInput:
    """Validate and normalise every field; raise one `ValidationError` listing all problems."""
    errors: dict[str, list[str]] = {}
    cleaned_names = [" ".join(n.split()) for n in data.names if n and n.strip()]
    if not cleaned_names:
        errors.setdefault("names", []).append(_("At least one name is required."))
    for name in cleaned_names:
        if len(name) > MAX_NAME_LENGTH:
            errors.setdefault("names", []).append(_("A name is too long (200 characters at most)."))
        elif not names.normalise(name):
            errors.setdefault("names", []).append(
                _("“%(name)s” contains no letters.") % {"name": name[:40]}
            )
    for code_field, vocab in (("sex", "sex"),):
        value = getattr(data, code_field)
        if value:
            try:
                vocabulary(vocab).get(value)
            except UnknownCode as exc:
                errors.setdefault(code_field, []).append(str(exc))
    unknown_roles = [r for r in data.roles if r not in PersonRole.values]
    if unknown_roles or not data.roles:
        errors.setdefault("roles", []).append(
            _("Unknown role: %(roles)s") % {"roles": ", ".join(unknown_roles) or "—"}
        )
    if data.nationality and data.nationality.upper() not in COUNTRIES:
        errors.setdefault("nationality", []).append(
            _("Unknown country code: %(code)s") % {"code": data.nationality}
        )
    today = datetime.date.today()
    if data.birth_date is not None:
        if data.birth_date > today or data.birth_date.year < today.year - 120:
            errors.setdefault("birth_date", []).append(_("The date of birth is not plausible."))
    if data.birth_year is not None and not (today.year - 120 <= data.birth_year <= today.year):
        errors.setdefault("birth_year", []).append(_("The year of birth is not plausible."))
    if data.birth_precision not in BirthDatePrecision.values:
        errors.setdefault("birth_precision", []).append(_("Unknown precision."))
    elif data.birth_precision == BirthDatePrecision.EXACT and data.birth_date is None:
        errors.setdefault("birth_date", []).append(_("An exact date of birth needs the date."))
    phones = [normalise_phone(p) for p in data.phones if p.strip()]
    for phone in phones:
        if not 6 <= len(phone.lstrip("+")) <= 15:
            errors.setdefault("phones", []).append(
                _("“%(phone)s” is not a phone number.") % {"phone": phone}
            )
    documents: list[tuple[str, str]] = []
    for doc_type, number in data.documents:
        if not number.strip():
            continue
        try:
            vocabulary("document_type").get(doc_type)
        except UnknownCode as exc:
            errors.setdefault("documents", []).append(str(exc))
        documents.append((doc_type, normalise_document_number(number)))
    photo_type = ""
    if data.photo:
        try:
            photo_type = _validate_photo(data.photo)
        except ValidationError as exc:
            errors.setdefault("photo", []).extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    birth_year = data.birth_date.year if data.birth_date else data.birth_year
    cleaned = PersonInput(
        names=cleaned_names,
        roles=list(dict.fromkeys(data.roles)),
        sex=data.sex,
        birth_date=data.birth_date,
        birth_year=birth_year,
        birth_precision=data.birth_precision,
        nationality=data.nationality.upper(),
        languages=data.languages,
        phones=phones,
        documents=documents,
        notes=data.notes,
        photo=data.photo or None,
        photo_content_type=photo_type,
        client_id=data.client_id,
    )
    return cleaned


class ClientIdReused(ValidationError):
    """A client-generated id already names a record that is not this retry's."""

    def __init__(self) -> None:
        super().__init__({"client_id": [_("This client_id was already used for another record.")]})


def find_retry(model: Any, client_id: uuid.UUID | None, **same: Any) -> Any:
    """The record an earlier submission with `client_id` created, if this is a retry of it.

    A retry comes from the same author for the same parent record; anything else reusing the
    id is refused (`ClientIdReused`) rather than handed back, which would let a client read a
    record it may not see by guessing its id.
    """
    if client_id is None:
        return None
    existing = model.objects.filter(client_id=client_id).first()
    if existing is None:
        return None
    if any(getattr(existing, field) != value for field, value in same.items()):
        raise ClientIdReused
    return existing


def _index_name(person: Person, text: str, kind: str) -> PersonName:
    c = cipher()
    name = PersonName.objects.create(
        person=person,
        full_name=text,
        script=names.split_script(text),
        kind=kind,
        exact_index=c.blind_index("name", names.exact_key(text)),
    )
    PersonNameKey.objects.bulk_create(
        PersonNameKey(person=person, name=name, key_index=c.blind_index("name-key", key))
        for key in sorted(names.name_keys(text))
    )
    return name


@transaction.atomic
def register_person(actor: Any, data: PersonInput, *, channel: str = "web") -> tuple[Person, bool]:
    """Create a person; with a known `client_id`, return the existing one (idempotent retry)."""
    existing = find_retry(Person, data.client_id, created_by_id=actor.pk)
    if existing is not None:
        return existing, False
    cleaned = clean_person_input(data)
    person_uid = uuid.uuid4()
    person = Person.objects.create(
        uid=person_uid,
        client_id=cleaned.client_id,
        roles=Person.encode_roles(cleaned.roles),
        sex=cleaned.sex,
        birth_date=cleaned.birth_date,
        birth_year=cleaned.birth_year,
        birth_precision=cleaned.birth_precision,
        nationality=cleaned.nationality,
        languages=cleaned.languages,
        notes=cleaned.notes,
        photo=cleaned.photo,
        photo_content_type=cleaned.photo_content_type,
        pseudonym=cipher().pseudonym(str(person_uid)),
        owner_organisation=actor.organisation,
        created_by=actor,
    )
    for position, text in enumerate(cleaned.names):
        _index_name(person, text, NameKind.PRIMARY if position == 0 else NameKind.ALIAS)
    c = cipher()
    Phone.objects.bulk_create(
        Phone(person=person, number=p, number_index=c.blind_index("phone", p))
        for p in cleaned.phones
    )
    IdentityDocument.objects.bulk_create(
        IdentityDocument(
            person=person,
            document_type=doc_type,
            number=number,
            number_index=c.blind_index("document", number),
        )
        for doc_type, number in cleaned.documents
    )
    record(actor, "create", "person", person.pk, person_id=person.pk, channel=channel)
    return person, True


@transaction.atomic
def add_alias(actor: Any, person: Person, text: str, *, channel: str = "web") -> PersonName:
    """Another name or spelling learnt later (a document, an embassy, another country's file)."""
    from jokko.people.access import can_edit_person

    if not can_edit_person(actor, person):
        raise ActionForbidden
    cleaned = clean_person_input(PersonInput(names=[text]))
    name = _index_name(person, cleaned.names[0], NameKind.ALIAS)
    record(
        actor, "update", "person", person.pk, person_id=person.pk, channel=channel, added="alias"
    )
    return name
