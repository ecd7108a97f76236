"""Finding suspects by name variant, phone or plate.

Names and phones go through `jokko.people.search.search_persons` (the foundation's normalisation
and blind indexes, audited there), restricted to persons with a suspect profile; plates are not
encrypted (a plate alone identifies a vehicle, not a human) and are matched normalised.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jokko.audit.actions import record
from jokko.incidents.access import visible_suspects
from jokko.incidents.actions import normalise_plate
from jokko.incidents.models import Suspect
from jokko.people.search import search_persons


@dataclass(frozen=True)
class SuspectHit:
    suspect: Suspect
    matched: str
    score: float


def search_suspects(user: Any, query: str, *, channel: str = "web") -> list[SuspectHit]:
    query = query.strip()[:200]
    suspects = visible_suspects(user).select_related("person")
    if not query or not suspects.exists():
        return []
    hits: dict[int, SuspectHit] = {}
    plate = normalise_plate(query)
    if len(plate) >= 3:
        for suspect in suspects.filter(plates__plate=plate).distinct():
            hits[suspect.pk] = SuspectHit(suspect, plate, 1.0)
        if hits:
            record(user, "search", "suspect", "", channel=channel, by="plate", results=list(hits))
    by_person = {s.person_id: s for s in suspects}
    for hit in search_persons(user, query, limit=50, channel=channel):
        found = by_person.get(hit.person.pk)
        if found is not None and found.pk not in hits:
            hits[found.pk] = SuspectHit(found, hit.matched_name, hit.score)
    return sorted(hits.values(), key=lambda h: (-h.score, -h.suspect.pk))
