"""Loading many persons at once (demo at scale, benchmarks, imports of legacy registers).

Same encryption and search indexes as `register_person`, but rows are written in batches and
the audit log gets one entry per batch (who loaded how many, with the first and last id) rather
than one per person: the log stays an account of actions, not a second copy of the table.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django.db import transaction

from jokko import names
from jokko.audit.actions import record
from jokko.people.actions import PersonInput, clean_person_input
from jokko.people.crypto import cipher
from jokko.people.models import (
    IdentityDocument,
    NameKind,
    Person,
    PersonName,
    PersonNameKey,
    Phone,
)


def _load_batch(actor: Any, batch: list[PersonInput]) -> int:
    c = cipher()
    cleaned = [clean_person_input(item) for item in batch]
    persons = []
    for item in cleaned:
        person_uid = uuid.uuid4()
        persons.append(
            Person(
                uid=person_uid,
                client_id=item.client_id,
                roles=Person.encode_roles(item.roles),
                sex=item.sex,
                birth_date=item.birth_date,
                birth_year=item.birth_year,
                birth_precision=item.birth_precision,
                nationality=item.nationality,
                languages=item.languages,
                pseudonym=c.pseudonym(str(person_uid)),
                owner_organisation=actor.organisation,
                created_by=actor,
            )
        )
    with transaction.atomic():
        Person.objects.bulk_create(persons)
        name_rows: list[PersonName] = []
        key_texts: list[list[str]] = []
        phones: list[Phone] = []
        documents: list[IdentityDocument] = []
        for person, item in zip(persons, cleaned, strict=True):
            for position, text in enumerate(item.names):
                name_rows.append(
                    PersonName(
                        person=person,
                        full_name=text,
                        script=names.split_script(text),
                        kind=NameKind.PRIMARY if position == 0 else NameKind.ALIAS,
                        exact_index=c.blind_index("name", names.exact_key(text)),
                    )
                )
                key_texts.append(sorted(names.name_keys(text)))
            phones += [
                Phone(person=person, number=p, number_index=c.blind_index("phone", p))
                for p in item.phones
            ]
            documents += [
                IdentityDocument(
                    person=person,
                    document_type=doc_type,
                    number=number,
                    number_index=c.blind_index("document", number),
                )
                for doc_type, number in item.documents
            ]
        PersonName.objects.bulk_create(name_rows)
        PersonNameKey.objects.bulk_create(
            PersonNameKey(
                person_id=name.person_id, name=name, key_index=c.blind_index("name-key", key)
            )
            for name, keys in zip(name_rows, key_texts, strict=True)
            for key in keys
        )
        Phone.objects.bulk_create(phones)
        IdentityDocument.objects.bulk_create(documents)
        record(
            actor,
            "create",
            "person",
            f"{persons[0].pk}-{persons[-1].pk}",
            channel="bulk",
            count=len(persons),
        )
    return len(persons)


def bulk_register_persons(
    actor: Any, inputs: Iterable[PersonInput], *, batch_size: int = 2000
) -> int:
    """Register every person in `inputs`; returns how many. Each batch is all-or-nothing."""
    total = 0
    batch: list[PersonInput] = []
    for item in inputs:
        batch.append(item)
        if len(batch) >= batch_size:
            total += _load_batch(actor, batch)
            batch = []
    if batch:
        total += _load_batch(actor, batch)
    return total
