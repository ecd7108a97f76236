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
from jokko.people.models import Person, PersonName
from jokko.people.records import linkage_record

CHUNK = 2000


def candidate_persons() -> QuerySet[Person]:
    """Persons that take part in deduplication: every live (not merged) person of the node."""
    return Person.objects.filter(merged_into__isnull=True)


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
            record = linkage_record(
                str(pk),
                names.get(pk, []),
                sex=sex,
                birth_date=birth_date,
                birth_year=birth_year,
                birth_precision=precision,
                nationality=nationality,
            )
            if record.given_name or record.family_name:  # a nameless record links to nothing
                yield record
