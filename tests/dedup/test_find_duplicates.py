"""Candidate generation with the real linkage model, on generated persons with known duplicates."""

from __future__ import annotations

import datetime
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from jokko.audit.models import AuditEntry
from jokko.dedup.candidates import iter_person_records
from jokko.dedup.models import CandidatePair, PairStatus
from jokko.demo.seed import person_input
from jokko.people.actions import PersonInput, register_person
from jokko.people.bulk import bulk_register_persons
from jokko.people.models import Person
from jokko.synth import generate_persons
from tests.conftest import login
from tests.dedup.factories import make_pair

pytestmark = pytest.mark.django_db

PERSONS = 300


@pytest.fixture
def register_with_duplicates(users: dict[str, Any]) -> set[tuple[int, int]]:
    """Generated persons loaded by the bulk loader; returns the true duplicate pairs (by pk)."""
    synthetic = list(generate_persons("SN", PERSONS, seed=11, duplicate_rate=0.1))
    bulk_register_persons(users["coordinator"], [person_input(p) for p in synthetic])
    pks = list(Person.objects.order_by("pk").values_list("pk", flat=True))
    by_ref = {person.ref: pk for person, pk in zip(synthetic, pks, strict=True)}
    truth = set()
    for person in synthetic:
        if person.duplicate_of is not None:
            one, other = by_ref[person.duplicate_of], by_ref[person.ref]
            truth.add((min(one, other), max(one, other)))
    assert len(truth) >= 15
    return truth


def test_the_button_proposes_the_true_duplicates_with_evidence(
    client: Any, users: dict[str, Any], register_with_duplicates: set[tuple[int, int]]
) -> None:
    truth = register_with_duplicates
    login(client, users["coordinator"])
    response = client.post(reverse("dedup-run"), follow=True)
    assert response.status_code == 200
    assert f"{PERSONS} " in response.content.decode()  # "300 persons compared: ..."

    found = set(CandidatePair.objects.values_list("person_a_id", "person_b_id"))
    recall = len(truth & found) / len(truth)
    assert recall >= 0.9, f"only {len(truth & found)} of {len(truth)} true duplicates proposed"
    assert CandidatePair.objects.filter(status=PairStatus.PENDING).count() == len(found)

    # The batch read of identities is one audit entry with its count and purpose.
    batch_reads = AuditEntry.objects.filter(action="read", detail__purpose="deduplication")
    assert batch_reads.count() == 1
    assert batch_reads.get().detail["count"] == PERSONS
    assert batch_reads.get().actor_username == "coordinator"

    a, b = sorted(truth & found)[0]
    pair = CandidatePair.objects.get(person_a_id=a, person_b_id=b)
    assert pair.evidence and {"name", "birth"} <= set(pair.evidence)
    page = client.get(reverse("dedup-pair", args=[pair.pk])).content.decode()
    assert pair.evidence["name"] in page


def test_a_rejected_pair_is_not_proposed_again_by_the_command(
    users: dict[str, Any], register_with_duplicates: set[tuple[int, int]]
) -> None:
    out = StringIO()
    call_command("find_duplicates", "--user", "coordinator", stdout=out, stderr=StringIO())
    assert f"{PERSONS} persons compared" in out.getvalue()
    total = CandidatePair.objects.count()
    pair = CandidatePair.objects.order_by("-score").first()
    assert pair is not None
    pair.status, pair.note = PairStatus.REJECTED, "different mothers"
    pair.save()

    out = StringIO()
    call_command("find_duplicates", stdout=out, stderr=StringIO())  # as the system this time
    assert "0 new" in out.getvalue() and "1 already judged" in out.getvalue()
    assert CandidatePair.objects.count() == total
    pair.refresh_from_db()
    assert pair.status == PairStatus.REJECTED and pair.note == "different mothers"
    assert AuditEntry.objects.filter(
        action="read", detail__purpose="deduplication", actor_username="system"
    ).exists()


def test_the_command_refuses_a_user_who_is_not_a_coordinator(users: dict[str, Any]) -> None:
    for username in ("worker", "nobody"):
        with pytest.raises(CommandError, match="not an active coordinator"):
            call_command("find_duplicates", "--user", username, stdout=StringIO())
    with pytest.raises(CommandError, match="between 0 and 1"):
        call_command("find_duplicates", "--threshold", "1.5", stdout=StringIO())
    assert not AuditEntry.objects.filter(detail__purpose="deduplication").exists()


def test_persons_become_linkage_records(users: dict[str, Any]) -> None:
    coordinator = users["coordinator"]
    exact, _ = register_person(
        coordinator,
        PersonInput(
            names=["DIALLO Mamadou", "Mamadu Jallow", "ممادو"],
            sex="male",
            birth_date=datetime.date(2001, 4, 12),
            birth_precision="exact",
            nationality="gn",
        ),
    )
    year_only, _ = register_person(
        coordinator, PersonInput(names=["Aminata Mint Sidi"], sex="female", birth_year=1999)
    )
    unknown, _ = register_person(coordinator, PersonInput(names=["Awa"], sex="unknown"))
    merged, _ = register_person(coordinator, PersonInput(names=["Mamadou Diallo"]))
    Person.objects.filter(pk=merged.pk).update(merged_into=exact)
    records = {record.id: record for record in iter_person_records(chunk=2)}
    assert set(records) == {str(exact.pk), str(year_only.pk), str(unknown.pk)}
    first = records[str(exact.pk)]
    assert (first.given_name, first.family_name) == ("Mamadou", "DIALLO")
    assert first.other_names == ("Mamadu Jallow", "ممادو")
    assert (first.sex, first.birth_date, first.nationality) == ("M", "2001-04-12", "GN")
    second = records[str(year_only.pk)]
    assert (second.given_name, second.family_name) == ("Aminata", "Mint Sidi")
    assert (second.sex, second.birth_date, second.nationality) == ("F", "1999", "")
    third = records[str(unknown.pk)]
    assert (third.given_name, third.family_name, third.sex, third.birth_date) == ("Awa", "", "", "")


def test_a_merged_person_is_no_longer_a_candidate(users: dict[str, Any]) -> None:
    coordinator = users["coordinator"]
    one, _ = register_person(coordinator, PersonInput(names=["Ousmane Sow"], birth_year=1990))
    two, _ = register_person(coordinator, PersonInput(names=["Usman Sow"], birth_year=1990))
    from jokko.dedup.actions import confirm_pair

    confirm_pair(coordinator, make_pair(one, two))
    assert [record.id for record in iter_person_records()] == [str(one.pk)]
