"""The node's persons as linkage records: what deduplication and cross-border linkage compare.

Both read the same thing, a `jokko.linkage.records.PersonRecord` per person, so the mapping
lives here once: the primary name split into given and family name, the other names and
aliases as `other_names`, sex as M/F, the birth date at the precision it was recorded.
Building a record decrypts names: callers audit the read.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from jokko.linkage.records import PersonRecord, split_name
from jokko.people.models import BirthDatePrecision, NameKind, Person

# Taxonomy "sex" codes that linkage can compare; anything else ("unknown", gender identities
# that a register would not record consistently) is left blank rather than guessed.
SEX_CODES = {"male": "M", "female": "F"}


def birth_field(birth_date: datetime.date | None, birth_year: int | None, precision: str) -> str:
    """``YYYY-MM-DD`` only for an exact date; else the year; else empty."""
    if birth_date is not None and precision == BirthDatePrecision.EXACT:
        return birth_date.isoformat()
    if birth_year is not None:
        return f"{birth_year:04d}"
    if birth_date is not None:
        return f"{birth_date.year:04d}"
    return ""


def linkage_record(
    record_id: str,
    names: Iterable[tuple[str, str]],
    *,
    sex: str,
    birth_date: datetime.date | None,
    birth_year: int | None,
    birth_precision: str,
    nationality: str,
) -> PersonRecord:
    """A record from stored fields; ``names`` are (kind, full name) pairs in recording order.

    Without a primary name the first other name stands in for it; a name recorded twice is
    compared once.
    """
    named = [(kind, text) for kind, text in names if text]
    primary = next((text for kind, text in named if kind == NameKind.PRIMARY), "")
    others = tuple(dict.fromkeys(text for _, text in named if text != primary))
    if not primary and others:
        primary, others = others[0], others[1:]
    given, family = split_name(primary)
    return PersonRecord(
        id=record_id,
        given_name=given,
        family_name=family,
        other_names=others,
        sex=SEX_CODES.get(sex, ""),
        birth_date=birth_field(birth_date, birth_year, birth_precision),
        nationality=nationality or "",
    )


def person_record(person: Person, record_id: str | None = None) -> PersonRecord:
    """One person's record (names prefetched, or read here)."""
    return linkage_record(
        record_id if record_id is not None else str(person.pk),
        ((name.kind, name.full_name) for name in person.names.all()),
        sex=person.sex,
        birth_date=person.birth_date,
        birth_year=person.birth_year,
        birth_precision=person.birth_precision,
        nationality=person.nationality,
    )
