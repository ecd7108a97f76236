"""From the node's persons (encrypted names) to `PersonRecord`s, the shape linkage reads.

Names are stored whole ("Mamadou Diallo"), not split into given and family name, because the
people who record them often do not know which part is which. Linkage wants the split, so the
last word is taken as the family name (the West African and Sahelian convention in Latin
script); the CLK encoder also compares names order-insensitively, so a swapped name still
links. Aliases go to `other_names`.
"""

from __future__ import annotations

from collections.abc import Iterable

from jokko.linkage.records import PersonRecord
from jokko.people.models import BirthDatePrecision, NameKind, Person

# The node's sex vocabulary (jokko.taxonomy "sex") mapped to the linkage format's M/F/"".
SEX_CODES = {"male": "M", "female": "F"}


def split_name(full_name: str) -> tuple[str, str]:
    """("given names", "family name"); a single word is a given name."""
    words = full_name.split()
    if len(words) < 2:
        return (full_name.strip(), "")
    return (" ".join(words[:-1]), words[-1])


def birth_field(person: Person) -> str:
    if person.birth_date and person.birth_precision == BirthDatePrecision.EXACT:
        return person.birth_date.isoformat()
    if person.birth_year:
        return f"{person.birth_year:04d}"
    if person.birth_date:
        return f"{person.birth_date.year:04d}"
    return ""


def person_record(person: Person, record_id: str | None = None) -> PersonRecord:
    """Decrypts the person's names: call it only where the read is audited."""
    names = list(person.names.all())
    primary = next((n.full_name for n in names if n.kind == NameKind.PRIMARY), "")
    others = tuple(n.full_name for n in names if n.kind != NameKind.PRIMARY)
    if not primary and others:
        primary, others = others[0], others[1:]
    given, family = split_name(primary)
    return PersonRecord(
        id=record_id if record_id is not None else str(person.pk),
        given_name=given,
        family_name=family,
        other_names=others,
        sex=SEX_CODES.get(person.sex, ""),
        birth_date=birth_field(person),
        nationality=person.nationality or "",
        birth_place="",
    )


def person_records(persons: Iterable[Person]) -> list[PersonRecord]:
    return [person_record(person) for person in persons]
