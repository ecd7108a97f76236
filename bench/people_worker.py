"""One `people` benchmark run, in its own process: load N persons, then time searches and
registrations against references measured on the same database. Prints one JSON line.
"""

from __future__ import annotations

import datetime
import json
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

import django

VARIANTS = [
    ("ou", "u"),
    ("dj", "j"),
    ("ch", "sh"),
    ("ss", "s"),
    ("y", "i"),
    ("é", "e"),
    ("ï", "i"),
    ("mm", "m"),
    ("ll", "l"),
    ("a", "ah"),
]


def variant(name: str) -> str:
    """A spelling a different clerk might have used: one transliteration change, tokens swapped."""
    lowered = name.lower()
    for old, new in VARIANTS:
        if old in lowered:
            lowered = lowered.replace(old, new, 1)
            break
    return " ".join(reversed(lowered.split()))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def timed(function: Callable[[], Any]) -> float:
    start = time.perf_counter()
    function()
    return (time.perf_counter() - start) * 1000


def settle_after_bulk_load() -> None:
    """Measure the steady state, not the aftermath of the bulk load.

    SQLite: fold the write-ahead log back into the database (otherwise the first writes after
    the load, here the audit entries of the first searches, pay for checkpointing a gigabyte).
    Both: refresh the planner's statistics, as a node's nightly maintenance would.
    """
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            cursor.execute("ANALYZE")
        else:
            cursor.execute("VACUUM ANALYZE")


def main(size: int) -> None:
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from jokko.accounts.models import Organisation, User
    from jokko.cases.actions import CaseInput, register_survivor
    from jokko.demo.seed import person_input
    from jokko.gazetteer import places_in
    from jokko.people.actions import PersonInput
    from jokko.people.bulk import bulk_register_persons
    from jokko.people.models import Person
    from jokko.people.search import search_persons
    from jokko.synth import generate_persons
    from jokko.taxonomy import vocabulary

    org = Organisation.objects.create(name="Bench shelter", kind="shelter", country="SN")
    user = User.objects.create(username="bench", role="coordinator", organisation=org)
    sample_every = max(1, size // 400)
    samples: list[str] = []

    def inputs() -> Iterator[PersonInput]:
        for index, person in enumerate(generate_persons("SN", size, seed=7)):
            if index % sample_every == 0:
                samples.append(person.names[0].text)
            yield person_input(person)

    start = time.perf_counter()
    loaded = bulk_register_persons(user, inputs(), batch_size=5000)
    load_seconds = time.perf_counter() - start
    print(f"loaded {loaded} in {load_seconds:.0f}s", file=sys.stderr, flush=True)
    settle_after_bulk_load()

    rng = random.Random(1)
    max_pk = Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 1
    ref = [
        timed(lambda: Person.objects.filter(pk=rng.randint(1, max_pk)).first()) for _ in range(500)
    ]
    queries = samples[:200]
    exact, intended = [], []
    for query in queries:
        begin = time.perf_counter()
        hits = search_persons(user, query, fuzzy=False)
        exact.append((time.perf_counter() - begin) * 1000)
        intended.append({hit.person.pk for hit in hits})
    fuzzy_times, found = [], 0
    for query, wanted in zip(queries, intended, strict=True):
        variant_query = variant(query)
        begin = time.perf_counter()
        hits = search_persons(user, variant_query, fuzzy=True)
        fuzzy_times.append((time.perf_counter() - begin) * 1000)
        found += any(hit.person.pk in wanted for hit in hits)

    # Registration: survivor + case through the real action (validation, encryption, indexes,
    # audit), against a one-row insert-and-commit of a small table.
    town = places_in("SN", kind="town")[0].code
    source = vocabulary("identification_source").terms[0].code
    count = 300
    start = time.perf_counter()
    for index in range(count):
        register_survivor(
            user,
            PersonInput(names=[f"Awa Ndiaye {index}"], birth_year=2005, nationality="SN"),
            CaseInput(
                case_type="tip",
                identification_source=source,
                identified_on=datetime.date.today(),
                place_code=town,
            ),
        )
    registrations_per_s = count / (time.perf_counter() - start)
    start = time.perf_counter()
    for index in range(count):
        Organisation.objects.create(name=f"ref {index}", kind="ngo", country="SN")
    ref_insert_per_s = count / (time.perf_counter() - start)

    print(
        json.dumps(
            {
                "persons": size,
                "load_per_s": loaded / load_seconds,
                "ref_pk_p50_ms": statistics.median(ref),
                "exact_p50_ms": statistics.median(exact),
                "exact_p95_ms": percentile(exact, 0.95),
                "fuzzy_p50_ms": statistics.median(fuzzy_times),
                "fuzzy_p95_ms": percentile(fuzzy_times, 0.95),
                "fuzzy_p99_ms": percentile(fuzzy_times, 0.99),
                "fuzzy_recall": found / len(queries),
                "registrations_per_s": registrations_per_s,
                "ref_insert_per_s": ref_insert_per_s,
            }
        )
    )


if __name__ == "__main__":
    main(int(sys.argv[1]))
