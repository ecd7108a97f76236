"""Finding a person by name, phone or document number without decrypting the table.

Exact search compares the blind index of the query's exact key (tokens normalised and sorted,
so "DIALLO Mamadou" finds "Mamadou Diallo"), plus phone and document-number indexes.

Fuzzy search computes the query's fuzzy keys (`jokko.names.name_keys`: one phonetic key per
token plus the sorted normalised name), looks their blind indexes up in `PersonNameKey`, keeps
the persons sharing the most keys, then decrypts only those candidates' names and ranks them by
`jokko.names.similarity`. So "Mouhamed Jallow" finds "Mohamed Diallo" after reading a few
hundred rows, not the whole table.

Results are restricted to the persons the user may see, and each search is audited (query text
excluded: the log must not become a second copy of names).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Q

from jokko import names
from jokko.audit.actions import record
from jokko.people.access import sees_every_person, visible_persons
from jokko.people.actions import normalise_document_number, normalise_phone
from jokko.people.crypto import cipher
from jokko.people.models import IdentityDocument, Person, PersonName, PersonNameKey, Phone

# How many key-sharing candidates are decrypted and ranked per fuzzy query.
FUZZY_CANDIDATES = 200


@dataclass(frozen=True)
class SearchHit:
    person: Person
    matched_name: str
    score: float


def _exact_match(query: str) -> Q:
    """Persons whose name, phone or document number is exactly the query, as SQL subqueries.

    Kept in the database (not materialised in Python) because a common name can have
    thousands of exact namesakes in a national register.
    """
    c = cipher()
    match = Q(
        pk__in=PersonName.objects.filter(
            exact_index=c.blind_index("name", names.exact_key(query))
        ).values("person_id")
    )
    phone = normalise_phone(query)
    if len(phone.lstrip("+")) >= 6:
        match |= Q(
            pk__in=Phone.objects.filter(number_index=c.blind_index("phone", phone)).values(
                "person_id"
            )
        )
    document = normalise_document_number(query)
    if document:
        match |= Q(
            pk__in=IdentityDocument.objects.filter(
                number_index=c.blind_index("document", document)
            ).values("person_id")
        )
    return match


# Stop widening the candidate set once the selective keys have found this many persons.
ENOUGH_CANDIDATES = 20


def _fuzzy_candidate_ids(query: str, user: Any, visible: Any) -> list[int]:
    """Persons sharing the most keys with the query, most selective keys first.

    Pair and full-name keys come first (few postings each); single-token keys, which can
    hold every Mohamed of the country, are read only when those found too few candidates.
    """
    c = cipher()
    keys = names.name_keys(query)
    selective = [k for k in keys if not k.startswith("p:")]
    broad = [k for k in keys if k.startswith("p:")]
    postings = PersonNameKey.objects.all()
    if not sees_every_person(user):
        postings = postings.filter(person__in=visible)
    found: list[int] = []
    for group in (selective, broad):
        if not group or len(found) >= ENOUGH_CANDIDATES:
            continue
        rows = (
            postings.filter(key_index__in=[c.blind_index("name-key", k) for k in group])
            .values("person_id")
            .annotate(shared=Count("id"))
            .order_by("-shared", "-person_id")[:FUZZY_CANDIDATES]
        )
        found += [row["person_id"] for row in rows if row["person_id"] not in found]
    return found


def search_persons(
    user: Any, query: str, *, fuzzy: bool = True, limit: int = 20, channel: str = "web"
) -> list[SearchHit]:
    query = query.strip()[:200]
    if not query:
        return []
    # A person merged into another one (`jokko.dedup`) is found through the kept record.
    visible = visible_persons(user).filter(merged_into__isnull=True)
    # Exact matches all score 1.0: the newest `limit` of them are enough to show.
    exact_ids = set(
        visible.filter(_exact_match(query)).order_by("-pk").values_list("pk", flat=True)[:limit]
    )
    candidate_ids = list(exact_ids)
    if fuzzy:
        fuzzy_ids = _fuzzy_candidate_ids(query, user, visible)
        candidate_ids += [i for i in fuzzy_ids if i not in exact_ids]
    persons = Person.objects.filter(pk__in=candidate_ids).prefetch_related("names")
    threshold = settings.JOKKO_FUZZY_THRESHOLD
    hits: list[SearchHit] = []
    for person in persons:
        best_name, best_score = "", 0.0
        for name in person.names.all():
            score = names.similarity(query, name.full_name)
            if score > best_score:
                best_name, best_score = name.full_name, score
        if person.pk in exact_ids:
            hits.append(SearchHit(person, best_name or person.primary_name, 1.0))
        elif best_score >= threshold:
            hits.append(SearchHit(person, best_name, best_score))
    hits.sort(key=lambda hit: (-hit.score, -hit.person.pk))
    hits = hits[:limit]
    record(
        user,
        "search",
        "person",
        "",
        channel=channel,
        fuzzy=fuzzy,
        results=[hit.person.pk for hit in hits],
    )
    return hits
