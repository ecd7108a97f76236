"""The node's persons as linkage records, read in chunks.

The linkage model (`jokko.linkage.plain.dedupe`) never touches the database: it takes
`PersonRecord`s. Names are encrypted at rest, so building the records means decrypting every
name of the node; it is done in primary-key ranges of `CHUNK` persons so that memory holds one
chunk of model instances at a time, not the whole register (tens of thousands of persons and
more), and the caller audits the batch read once, with its count and purpose.

Persons already merged into another one (`Person.merged_into`) are left out: their names and
documents now belong to the kept person.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import QuerySet

from jokko.linkage.records import PersonRecord
from jokko.people.models import BirthDatePrecision, NameKind, Person, PersonName

CHUNK = 2000

# Taxonomy "sex" codes that linkage can compare; anything else ("unknown", gender identities
# that a register would not record consistently) is left blank rather than guessed.
SEX_CODES = {"male": "M", "female": "F"}

# Filiation particles that start a family name: "Mohamed Ould Ahmed" is Mohamed of the Ahmed.
FAMILY_PARTICLES = frozenset(
    {"ould", "mint", "ag", "walet", "ben", "bint", "ibn", "wuld", "ولد", "منت", "بنت", "بن"}
)


def split_name(full_name: str) -> tuple[str, str]:
    """(given names, family name) of one full name as people write it in West Africa.

    The foundation stores a person's names whole; linkage compares given and family names
    separately (and also tries them swapped). French administrative habit writes the family
    name first in capitals, so a leading all-capital word (when the rest is not) is the family
    name; a filiation particle starts the family name; otherwise the last word is.

    >>> split_name("Mamadou Diallo")
    ('Mamadou', 'Diallo')
    >>> split_name("DIALLO Mamadou Saliou")
    ('Mamadou Saliou', 'DIALLO')
    >>> split_name("Mohamed Ould Ahmed")
    ('Mohamed', 'Ould Ahmed')
    >>> split_name("Awa")
    ('Awa', '')
    """
    words = full_name.split()
    if len(words) < 2:
        return full_name.strip(), ""
    first = words[0]
    if first.isupper() and len(first) > 1 and not all(w.isupper() for w in words[1:]):
        return " ".join(words[1:]), first
    for position, word in enumerate(words[1:], start=1):
        if word.casefold() in FAMILY_PARTICLES and position < len(words) - 1:
            return " ".join(words[:position]), " ".join(words[position:])
    return " ".join(words[:-1]), words[-1]


def candidate_persons() -> QuerySet[Person]:
    """Persons that take part in deduplication: every live (not merged) person of the node."""
    return Person.objects.filter(merged_into__isnull=True)


def _birth(birth_date: object, birth_year: int | None, precision: str) -> str:
    if birth_date is not None and precision == BirthDatePrecision.EXACT:
        return birth_date.isoformat()  # type: ignore[attr-defined]
    if birth_year is not None:
        return f"{birth_year:04d}"
    return ""


def iter_person_records(chunk: int = CHUNK) -> Iterator[PersonRecord]:
    """Every live person as a `PersonRecord` (id = the person's primary key as text)."""
    last_pk = 0
    while True:
        rows = list(
            candidate_persons()
            .filter(pk__gt=last_pk)
            .order_by("pk")
            .values_list("pk", "sex", "birth_date", "birth_year", "birth_precision", "nationality")[
                :chunk
            ]
        )
        if not rows:
            return
        first_pk, last_pk = rows[0][0], rows[-1][0]
        names: dict[int, list[tuple[str, str]]] = {}
        for person_id, kind, full_name in (
            PersonName.objects.filter(person_id__gte=first_pk, person_id__lte=last_pk)
            .order_by("person_id", "id")
            .values_list("person_id", "kind", "full_name")
        ):
            names.setdefault(person_id, []).append((kind, full_name))
        for pk, sex, birth_date, birth_year, precision, nationality in rows:
            person_names = names.get(pk, [])
            primary = next((text for kind, text in person_names if kind == NameKind.PRIMARY), "")
            others = tuple(text for text in dict.fromkeys(t for _, t in person_names) if text)
            if not primary and not others:
                continue  # nothing to compare a nameless record on
            if not primary:
                primary, others = others[0], others[1:]
            else:
                others = tuple(text for text in others if text != primary)
            given, family = split_name(primary)
            yield PersonRecord(
                id=str(pk),
                given_name=given,
                family_name=family,
                other_names=others,
                sex=SEX_CODES.get(sex, ""),
                birth_date=_birth(birth_date, birth_year, precision),
                nationality=nationality or "",
            )
