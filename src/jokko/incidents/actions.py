"""Writes to incidents and suspects. Views and the API parse input, then call one of these.

Every function validates everything first and writes nothing if anything is wrong
(`ValidationError` with a message per field), then writes in one transaction with audit entries.
Identifying data goes through `jokko.people.actions`, so names stay encrypted and searchable by
variant like every other person.
"""

from __future__ import annotations

import datetime
import re
import uuid
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jokko.accounts.access import ActionForbidden
from jokko.accounts.models import Organisation, OrganisationKind, Role
from jokko.audit.actions import record
from jokko.gazetteer import COUNTRIES
from jokko.gazetteer.places import UnknownPlace
from jokko.gazetteer.places import get as get_place
from jokko.incidents.models import (
    Incident,
    IncidentItem,
    IncidentKind,
    IncidentPerson,
    ItemKind,
    Offence,
    PersonRole,
    Suspect,
    SuspectPlate,
)
from jokko.people.actions import (
    PersonInput,
    add_alias,
    clean_person_input,
    normalise_phone,
    register_person,
)
from jokko.people.crypto import cipher
from jokko.people.models import Person, Phone
from jokko.validation import add_error

# Units that run operations: only they record incidents.
OPERATIONAL_KINDS = frozenset({OrganisationKind.POLICE, OrganisationKind.GENDARMERIE})
RECORDING_ROLES = frozenset({Role.INVESTIGATOR, Role.COORDINATOR})
MAX_COUNT = 10_000


@dataclass
class SuspectInput:
    """One suspect as the officer knows them at the scene: a name, perhaps a phone or a plate."""

    name: str
    sex: str = ""
    nationality: str = ""
    phone: str = ""
    plate: str = ""


@dataclass
class CountedInput:
    """People recorded as a number (e.g. 12 smuggled migrants of one nationality)."""

    role: str
    count: int
    nationality: str = ""


@dataclass
class ItemInput:
    kind: str
    description: str = ""
    identifier: str = ""
    amount: str = ""
    currency: str = ""
    quantity: int = 1


@dataclass
class IncidentInput:
    kind: str
    occurred_on: datetime.date | None
    place_code: str
    offences: list[str]
    unit_id: int | None = None  # defaults to the user's own organisation
    summary: str = ""
    suspects: list[SuspectInput] = field(default_factory=list)
    counted: list[CountedInput] = field(default_factory=list)
    items: list[ItemInput] = field(default_factory=list)


SUSPECT_FIELDS = ("name", "sex", "nationality", "phone", "plate")


def normalise_plate(raw: str) -> str:
    """'DK-1234 AB' and 'dk 1234ab' are one plate."""
    return re.sub(r"[^0-9A-Za-z]", "", raw).upper()


def can_record_incidents(user: Any) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and user.role in RECORDING_ROLES
        and user.organisation_id is not None
    )


def recording_units(user: Any) -> list[Organisation]:
    """Units the user may record an incident for: their own police/gendarmerie unit; a
    coordinator may record for any operational unit of the node."""
    if not can_record_incidents(user):
        return []
    units = Organisation.objects.filter(kind__in=OPERATIONAL_KINDS, country=settings.NODE_COUNTRY)
    if user.role != Role.COORDINATOR:
        units = units.filter(pk=user.organisation_id)
    return list(units.order_by("name"))


def _clean_suspect(errors: dict[str, list[str]], position: int, data: SuspectInput) -> None:
    label = _("Suspect %(n)s") % {"n": position}
    if not data.name.strip():
        add_error(errors, "suspects", _("%(label)s: a name is required.") % {"label": label})
        return
    try:
        clean_person_input(_person_input(data))
    except ValidationError as exc:
        for message in exc.messages:
            add_error(errors, "suspects", f"{label}: {message}")
    if data.plate.strip() and not normalise_plate(data.plate):
        add_error(errors, "suspects", _("%(label)s: the plate is not valid.") % {"label": label})


def _person_input(data: SuspectInput) -> PersonInput:
    return PersonInput(
        names=[data.name],
        roles=[PersonRole.SUSPECT.value],
        sex=data.sex,
        nationality=data.nationality,
        phones=[data.phone] if data.phone.strip() else [],
    )


def _clean_item(errors: dict[str, list[str]], data: ItemInput) -> Decimal | None:
    if data.kind not in ItemKind.values:
        add_error(errors, "items", _("Unknown item kind: %(kind)s") % {"kind": data.kind})
    if data.quantity < 1:
        add_error(errors, "items", _("The quantity of an item must be at least 1."))
    if not data.amount.strip():
        return None
    try:
        amount = Decimal(data.amount.replace(" ", "").replace(",", "."))
    except InvalidOperation:
        add_error(errors, "items", _("“%(amount)s” is not an amount.") % {"amount": data.amount})
        return None
    if amount < 0:
        add_error(errors, "items", _("An amount cannot be negative."))
    return amount


def clean_incident_input(user: Any, data: IncidentInput) -> Organisation:
    """Validate everything; return the unit. Raises one `ValidationError` listing all problems."""
    errors: dict[str, list[str]] = {}
    if data.kind not in IncidentKind.values:
        add_error(errors, "kind", _("Choose the kind of incident."))
    if data.occurred_on is None:
        add_error(errors, "occurred_on", _("The date is required."))
    elif data.occurred_on > timezone.localdate():
        add_error(errors, "occurred_on", _("This date is in the future."))
    if not data.place_code:
        add_error(errors, "place_code", _("The place is required."))
    else:
        try:
            get_place(data.place_code)
        except UnknownPlace:
            add_error(
                errors, "place_code", _("Unknown place: %(code)s") % {"code": data.place_code}
            )
    if not data.offences:
        add_error(errors, "offences", _("Choose at least one offence (trafficking or smuggling)."))
    unknown = [o for o in data.offences if o not in Offence.values]
    if unknown:
        add_error(
            errors, "offences", _("Unknown offence: %(codes)s") % {"codes": ", ".join(unknown)}
        )
    units = {unit.pk: unit for unit in recording_units(user)}
    unit_id = data.unit_id if data.unit_id is not None else user.organisation_id
    unit = units.get(unit_id) if unit_id is not None else None
    if unit is None:
        add_error(errors, "unit", _("The unit must be a police or gendarmerie unit you belong to."))
    for position, suspect in enumerate(data.suspects, start=1):
        _clean_suspect(errors, position, suspect)
    for group in data.counted:
        if group.role not in PersonRole.values or group.role == PersonRole.SUSPECT:
            add_error(
                errors, "counted", _("Only survivors, migrants and witnesses may be counted.")
            )
        if not 1 <= group.count <= MAX_COUNT:
            add_error(errors, "counted", _("A number of persons must be between 1 and 10000."))
        if group.nationality and group.nationality.upper() not in COUNTRIES:
            add_error(
                errors,
                "counted",
                _("Unknown country code: %(code)s") % {"code": group.nationality},
            )
    for item in data.items:
        _clean_item(errors, item)
    if errors:
        raise ValidationError(errors)
    assert unit is not None
    return unit


def _suspect_for(user: Any, person: Person) -> Suspect:
    suspect, _created = Suspect.objects.get_or_create(person=person, defaults={"created_by": user})
    return suspect


@transaction.atomic
def record_incident(user: Any, data: IncidentInput, *, channel: str = "web") -> Incident:
    """An operation as the unit reports it: named suspects become Person + Suspect records,
    counted people stay numbers, seized items are listed."""
    if not can_record_incidents(user):
        raise ActionForbidden
    unit = clean_incident_input(user, data)
    assert data.occurred_on is not None
    incident = Incident.objects.create(
        reference=f"tmp-{uuid.uuid4().hex[:24]}",  # replaced below once the pk is known
        kind=data.kind,
        occurred_on=data.occurred_on,
        place_code=data.place_code,
        unit=unit,
        offences=[o for o in Offence.values if o in data.offences],
        summary=data.summary.strip(),
        created_by=user,
    )
    incident.reference = (
        f"INC-{settings.NODE_COUNTRY}-{incident.occurred_on.year}-{incident.pk:04d}"
    )
    incident.save(update_fields=["reference"])
    for suspect_data in data.suspects:
        person, _created = register_person(user, _person_input(suspect_data), channel=channel)
        suspect = _suspect_for(user, person)
        IncidentPerson.objects.create(incident=incident, role=PersonRole.SUSPECT, person=person)
        plate = normalise_plate(suspect_data.plate)
        if plate:
            SuspectPlate.objects.get_or_create(
                suspect=suspect, plate=plate, defaults={"incident": incident}
            )
        record(user, "create", "suspect", suspect.pk, person_id=person.pk, channel=channel)
    for group in data.counted:
        IncidentPerson.objects.create(
            incident=incident,
            role=group.role,
            count=group.count,
            nationality=group.nationality.upper(),
        )
    for item in data.items:
        IncidentItem.objects.create(
            incident=incident,
            kind=item.kind,
            description=item.description.strip()[:200],
            identifier=_item_identifier(item),
            amount=_clean_item({}, item),
            currency=item.currency.strip().upper()[:3],
            quantity=item.quantity,
        )
    record(user, "create", "incident", incident.pk, channel=channel, kind=incident.kind)
    return incident


def _item_identifier(item: ItemInput) -> str:
    if item.kind == ItemKind.PHONE:
        return normalise_phone(item.identifier)
    if item.kind in (ItemKind.VEHICLE, ItemKind.BOAT):
        return normalise_plate(item.identifier)
    return item.identifier.strip()[:64]


def can_edit_incident(user: Any, incident: Incident) -> bool:
    """The recording unit's investigators, and coordinators."""
    if not can_record_incidents(user):
        return False
    return bool(user.role == Role.COORDINATOR or incident.unit_id == user.organisation_id)


def _check_can_edit(user: Any, incident: Incident | None = None) -> None:
    if not can_record_incidents(user):
        raise ActionForbidden
    if incident is not None and not can_edit_incident(user, incident):
        raise ActionForbidden


@transaction.atomic
def add_suspect_to_incident(
    user: Any, incident: Incident, suspect: Suspect, *, channel: str = "web"
) -> IncidentPerson:
    """A known suspect recognised in another incident: link, do not create a second person."""
    _check_can_edit(user, incident)
    if incident.persons.filter(person=suspect.person, role=PersonRole.SUSPECT).exists():
        raise ValidationError({"suspect": [_("This suspect is already linked to the incident.")]})
    link = IncidentPerson.objects.create(
        incident=incident, role=PersonRole.SUSPECT, person=suspect.person
    )
    record(
        user,
        "update",
        "incident",
        incident.pk,
        person_id=suspect.person_id,
        channel=channel,
        added="suspect",
    )
    return link


@transaction.atomic
def add_suspect_phone(user: Any, suspect: Suspect, raw: str, *, channel: str = "web") -> Phone:
    _check_can_edit(user)
    phone = normalise_phone(raw)
    if not 6 <= len(phone.lstrip("+")) <= 15:
        raise ValidationError({"phone": [_("“%(phone)s” is not a phone number.") % {"phone": raw}]})
    created = Phone.objects.create(
        person=suspect.person, number=phone, number_index=cipher().blind_index("phone", phone)
    )
    record(
        user,
        "update",
        "suspect",
        suspect.pk,
        person_id=suspect.person_id,
        channel=channel,
        added="phone",
    )
    return created


@transaction.atomic
def add_suspect_plate(
    user: Any, suspect: Suspect, raw: str, description: str = "", *, channel: str = "web"
) -> SuspectPlate:
    _check_can_edit(user)
    plate = normalise_plate(raw)
    if not plate:
        raise ValidationError({"plate": [_("The plate is not valid.")]})
    if suspect.plates.filter(plate=plate).exists():
        raise ValidationError({"plate": [_("This plate is already known for this suspect.")]})
    created = SuspectPlate.objects.create(
        suspect=suspect, plate=plate, description=description.strip()[:120]
    )
    record(
        user,
        "update",
        "suspect",
        suspect.pk,
        person_id=suspect.person_id,
        channel=channel,
        added="plate",
    )
    return created


@transaction.atomic
def add_suspect_alias(user: Any, suspect: Suspect, text: str, *, channel: str = "web") -> None:
    """Another name or spelling, indexed by the people app so name-variant search finds it."""
    _check_can_edit(user)
    add_alias(user, suspect.person, text, channel=channel)


@transaction.atomic
def link_associates(user: Any, suspect: Suspect, other: Suspect, *, channel: str = "web") -> None:
    _check_can_edit(user)
    if suspect.pk == other.pk:
        raise ValidationError({"associate": [_("A suspect cannot be their own associate.")]})
    suspect.associates.add(other)
    for one, two in ((suspect, other), (other, suspect)):
        record(
            user,
            "update",
            "suspect",
            one.pk,
            person_id=one.person_id,
            channel=channel,
            added="associate",
            associate=two.pk,
        )


@transaction.atomic
def link_case(
    user: Any,
    incident: Incident,
    case: Any,
    *,
    role: str = PersonRole.SURVIVOR,
    channel: str = "web",
) -> IncidentPerson:
    """Record that a survivor's case (one the user may see) comes from this incident.

    Only the link is stored: the incident pages show the case reference and the pseudonym,
    never the survivor's names, which stay behind the case's own access rules and consent.
    """
    from jokko.cases.access import visible_cases

    _check_can_edit(user, incident)
    if not visible_cases(user).filter(pk=case.pk).exists():
        raise ActionForbidden
    if role not in (PersonRole.SURVIVOR, PersonRole.SMUGGLED_MIGRANT, PersonRole.WITNESS):
        raise ValidationError({"role": [_("A case links a survivor, migrant or witness.")]})
    if incident.persons.filter(case=case).exists():
        raise ValidationError({"case": [_("This case is already linked to the incident.")]})
    link = IncidentPerson.objects.create(
        incident=incident, role=role, person_id=case.person_id, case=case
    )
    record(
        user,
        "update",
        "incident",
        incident.pk,
        person_id=case.person_id,
        channel=channel,
        added="case",
        case=case.pk,
    )
    return link
