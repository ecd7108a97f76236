"""From the node's persons (encrypted names) to `PersonRecord`s, the shape linkage reads.

The mapping itself is `jokko.people.records`, shared with deduplication; the CLK encoder also
compares names order-insensitively, so a name split the wrong way round still links.
Building a record decrypts names: call these only where the read is audited.
"""

from __future__ import annotations

from collections.abc import Iterable

from jokko.linkage.records import PersonRecord
from jokko.people.models import Person
from jokko.people.records import person_record

__all__ = ["person_record", "person_records"]


def person_records(persons: Iterable[Person]) -> list[PersonRecord]:
    return [person_record(person) for person in persons]
