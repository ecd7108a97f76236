"""Persons with known duplicates, and candidate pairs made directly (as the model would)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from jokko.dedup.models import CandidatePair


@dataclass(frozen=True)
class FakeScoredPair:
    """The shape of `jokko.linkage.plain.ScoredPair`, for linkers written in a test."""

    left_id: str
    right_id: str
    score: float
    evidence: dict[str, str]


def make_pair(one: Any, other: Any, score: float = 0.93, **evidence: str) -> CandidatePair:
    a, b = sorted([one.pk, other.pk])
    return CandidatePair.objects.create(
        person_a_id=a,
        person_b_id=b,
        score=score,
        evidence=evidence or {"name": "phonetic match", "birth": "same year"},
    )


def register(worker: Any, names: list[str], **person: Any) -> Any:
    """A survivor and a case through the real registration action; returns the case."""
    from jokko.cases.actions import CaseInput, register_survivor
    from jokko.gazetteer import places_in
    from jokko.people.actions import PersonInput
    from jokko.taxonomy import vocabulary

    case, _ = register_survivor(
        worker,
        PersonInput(names=names, **person),
        CaseInput(
            case_type="tip",
            identification_source=vocabulary("identification_source").terms[0].code,
            identified_on=datetime.date.today() - datetime.timedelta(days=3),
            place_code=places_in("SN", kind="town")[0].code,
        ),
    )
    return case


def duplicate_pair_for_permissions(case: Any) -> CandidatePair:
    """A pair between `case`'s survivor and a second record of them (permission table)."""
    from jokko.people.actions import PersonInput, register_person

    existing = CandidatePair.objects.filter(person_a=case.person).first()
    if existing is not None:
        return existing
    other, _ = register_person(case.created_by, PersonInput(names=["Aissatou Jallow"]))
    return make_pair(case.person, other)


def dedup_api_calls() -> dict[str, tuple[Any, Any, Any]]:
    """The dedup rows of the API permission matrix (tests/api/test_api.py): for each route,
    (prepare, call, effect) over a fresh pending pair of two newly registered persons."""
    from jokko.dedup.models import PairStatus
    from jokko.people.actions import PersonInput, register_person

    def fresh_pair(world: Any) -> int:
        worker = world.users["worker"]
        one, _ = register_person(worker, PersonInput(names=["Ousmane Sow"], birth_year=1990))
        other, _ = register_person(worker, PersonInput(names=["Usman Sow"], birth_year=1990))
        return make_pair(one, other).pk

    def unchanged(world: Any, prepared: Any, before: Any, after: Any) -> bool:
        return bool(before == after)

    def status_is(status: str) -> Any:
        def check(world: Any, prepared: int, before: Any, after: Any) -> bool:
            return CandidatePair.objects.get(pk=prepared).status == status

        return check

    return {
        "GET /dedup/pairs": (fresh_pair, lambda api, w, p: api.get("/dedup/pairs"), unchanged),
        "POST /dedup/pairs/{pair_id}/confirm": (
            fresh_pair,
            lambda api, w, p: api.post(f"/dedup/pairs/{p}/confirm", {"note": "same"}),
            status_is(PairStatus.CONFIRMED),
        ),
        "POST /dedup/pairs/{pair_id}/reject": (
            fresh_pair,
            lambda api, w, p: api.post(f"/dedup/pairs/{p}/reject", {"note": "brothers"}),
            status_is(PairStatus.REJECTED),
        ),
    }
