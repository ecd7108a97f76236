"""Reviewing candidate pairs through the pages: side by side, confirm (merge), reject, refusals.

Pairs are made directly here (as the linkage model would store them), so these tests exercise
the review and merge rules alone; tests/dedup/test_find_duplicates.py runs the model.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from jokko.audit.actions import verify_chain
from jokko.audit.models import AuditEntry
from jokko.cases.models import Case
from jokko.dedup.actions import find_duplicates, person_references
from jokko.dedup.models import CandidatePair, MergeRecord, PairStatus
from jokko.people.models import IdentityDocument, Person, PersonName, PersonNameKey, Phone
from jokko.people.search import search_persons
from tests.conftest import login
from tests.dedup.factories import FakeScoredPair, make_pair, register

pytestmark = pytest.mark.django_db

OTHER_ROLES = [
    "worker",
    "other_worker",
    "health_worker",
    "investigator",
    "prosecutor",
    "analyst",
    "reporter",
    "admin",
]


@pytest.fixture
def twins(users: dict[str, Any]) -> dict[str, Any]:
    """One survivor registered twice by two organisations, the first with two cases."""
    first = register(
        users["worker"],
        ["Mamadou Diallo", "Mamadu Jallow"],
        sex="male",
        birth_year=2004,
        nationality="GN",
        phones=["+224 620 11 22 33"],
        documents=[("passport", "GN1234567")],
    )
    second_case_of_first = register(users["worker"], ["Placeholder Name"])
    Case.objects.filter(pk=second_case_of_first.pk).update(person=first.person)
    again = register(
        users["other_worker"],
        ["DIALLO Mamadou"],
        sex="male",
        birth_year=2005,
        nationality="GN",
        phones=["+224 655 44 55 66"],
        documents=[("national_id", "ID998877")],
    )
    Person.objects.filter(pk=again.person.pk).update(roles=",survivor,witness,")
    return {
        "kept": first.person,
        "absorbed": again.person,
        "pair": make_pair(first.person, again.person),
    }


def _counts() -> dict[str, int]:
    return {
        "cases": Case.objects.count(),
        "names": PersonName.objects.count(),
        "documents": IdentityDocument.objects.count(),
        "phones": Phone.objects.count(),
        "name_keys": PersonNameKey.objects.count(),
        "persons": Person.objects.count(),
    }


def test_queue_lists_pending_pairs_by_score_with_pseudonyms_only(
    client: Any, users: dict[str, Any], twins: dict[str, Any]
) -> None:
    low = register(users["worker"], ["Awa Ndiaye"]).person
    make_pair(twins["kept"], low, score=0.41)
    reads_before = AuditEntry.objects.filter(action="read", object_type="person").count()
    login(client, users["coordinator"])
    page = client.get(reverse("dedup-queue")).content.decode()
    assert twins["kept"].pseudonym in page and twins["absorbed"].pseudonym in page
    assert page.index(twins["absorbed"].pseudonym) < page.index(low.pseudonym)  # best first
    assert "Mamadou" not in page  # the queue reads no identity...
    assert AuditEntry.objects.filter(action="read", object_type="person").count() == reads_before


def test_pair_page_shows_both_persons_masked_and_audits_both_reads(
    client: Any, users: dict[str, Any], twins: dict[str, Any]
) -> None:
    login(client, users["coordinator"])
    page = client.get(reverse("dedup-pair", args=[twins["pair"].pk])).content.decode()
    for text in (
        "Mamadou Diallo",
        "Mamadu Jallow",
        "DIALLO Mamadou",
        "phonetic match",
        "same year",
    ):
        assert text in page
    # Phones and documents are partly masked: enough to compare, not to copy.
    assert "+224620112233" not in page and "233" in page
    assert "GN1234567" not in page and "567" in page
    for case in Case.objects.filter(person__in=[twins["kept"], twins["absorbed"]]):
        assert case.reference in page
    for person in (twins["kept"], twins["absorbed"]):
        assert AuditEntry.objects.filter(
            actor_username="coordinator",
            action="read",
            person_id=person.pk,
            detail__purpose="deduplication",
        ).exists()


def test_confirm_merges_without_losing_any_record(
    client: Any, users: dict[str, Any], twins: dict[str, Any]
) -> None:
    kept, absorbed = twins["kept"], twins["absorbed"]
    other = register(users["worker"], ["Fatou Sow"]).person
    stale = make_pair(absorbed, other, score=0.5)
    before = _counts()
    audit_before = AuditEntry.objects.count()
    kept_names = set(PersonName.objects.filter(person=kept).values_list("pk", flat=True))
    absorbed_rows = {
        "cases": set(Case.objects.filter(person=absorbed).values_list("pk", flat=True)),
        "names": set(PersonName.objects.filter(person=absorbed).values_list("pk", flat=True)),
        "phones": set(Phone.objects.filter(person=absorbed).values_list("pk", flat=True)),
        "documents": set(
            IdentityDocument.objects.filter(person=absorbed).values_list("pk", flat=True)
        ),
    }

    login(client, users["coordinator"])
    response = client.post(
        reverse("dedup-confirm", args=[twins["pair"].pk]), {"note": "Same passport photo"}
    )
    assert response.status_code == 302

    assert _counts() == before  # nothing deleted, nothing created
    assert AuditEntry.objects.count() > audit_before  # and the log only grew
    absorbed.refresh_from_db()
    kept.refresh_from_db()
    assert absorbed.merged_into_id == kept.pk
    assert kept.merged_into_id is None
    assert (
        set(Case.objects.filter(person=kept).values_list("pk", flat=True)) >= absorbed_rows["cases"]
    )
    assert Case.objects.filter(person=kept).count() == 3
    assert not Case.objects.filter(person=absorbed).exists()
    assert set(PersonName.objects.filter(person=kept).values_list("pk", flat=True)) == (
        kept_names | absorbed_rows["names"]
    )
    assert Phone.objects.filter(person=kept).count() == 2
    assert IdentityDocument.objects.filter(person=kept).count() == 2
    assert not PersonNameKey.objects.filter(person=absorbed).exists()
    # The absorbed record's name is now an alias of the kept one; the kept name stays primary.
    assert kept.primary_name == "Mamadou Diallo"
    kinds = {name.full_name: name.kind for name in PersonName.objects.filter(person=kept)}
    assert kinds["DIALLO Mamadou"] == "alias" and kinds["Mamadou Diallo"] == "primary"
    assert kept.role_list == ["survivor", "witness"]

    pair = CandidatePair.objects.get(pk=twins["pair"].pk)
    assert pair.status == PairStatus.CONFIRMED and pair.reviewed_by == users["coordinator"]
    assert pair.note == "Same passport photo" and pair.reviewed_at is not None
    stale.refresh_from_db()
    assert stale.status == PairStatus.SUPERSEDED

    merge = MergeRecord.objects.get()
    assert (merge.kept, merge.absorbed, merge.pair) == (kept, absorbed, pair)
    assert set(merge.moved["cases.Case.person"]) == absorbed_rows["cases"]
    assert set(merge.moved["people.PersonName.person"]) == absorbed_rows["names"]
    assert set(merge.moved["people.Phone.person"]) == absorbed_rows["phones"]
    assert set(merge.moved["people.IdentityDocument.person"]) == absorbed_rows["documents"]
    assert merge.changes["roles"] == [",survivor,", ",survivor,witness,"]

    entries = AuditEntry.objects.filter(action="merge")
    assert {e.person_id for e in entries} == {kept.pk, absorbed.pk}
    for entry in entries:
        assert entry.actor_username == "coordinator"
        assert (entry.detail["kept"], entry.detail["absorbed"]) == (kept.pk, absorbed.pk)
        assert entry.detail["moved"]["cases.Case.person"] == 1
        assert entry.detail["moved"]["people.PersonName.person"] == 1
    # Earlier audit entries about the absorbed person keep its id: its history is intact.
    assert AuditEntry.objects.filter(person_id=absorbed.pk, action="create").exists()
    assert verify_chain().ok


def test_merged_person_leaves_search_and_its_page_redirects(
    client: Any, users: dict[str, Any], twins: dict[str, Any]
) -> None:
    kept, absorbed = twins["kept"], twins["absorbed"]
    login(client, users["coordinator"])
    client.post(reverse("dedup-confirm", args=[twins["pair"].pk]))
    for query in ("DIALLO Mamadou", "+224 655 44 55 66", "ID998877", "Mamadou Diallo"):
        found = {hit.person.pk for hit in search_persons(users["coordinator"], query)}
        assert absorbed.pk not in found
        assert kept.pk in found, query  # ...and the kept record is found by the absorbed data
    response = client.get(reverse("person-detail", args=[absorbed.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("person-detail", args=[kept.pk])
    assert AuditEntry.objects.filter(
        action="read", person_id=absorbed.pk, detail__purpose="view"
    ).exists()
    page = client.get(response["Location"]).content.decode()
    assert "DIALLO Mamadou" in page


def test_reject_is_remembered_when_candidates_are_found_again(
    client: Any, users: dict[str, Any], twins: dict[str, Any]
) -> None:
    login(client, users["coordinator"])
    kept, absorbed = twins["kept"], twins["absorbed"]
    undecided = register(users["worker"], ["Mamadou Ba"]).person
    response = client.post(
        reverse("dedup-reject", args=[twins["pair"].pk]), {"note": "Brothers, not one person"}
    )
    assert response.status_code == 302
    pair = CandidatePair.objects.get(pk=twins["pair"].pk)
    assert pair.status == PairStatus.REJECTED and pair.note == "Brothers, not one person"
    assert AuditEntry.objects.filter(
        action="update", object_type="candidate_pair", object_id=str(pair.pk)
    ).exists()

    def linker(records: list[Any]) -> list[FakeScoredPair]:
        return [
            FakeScoredPair(str(absorbed.pk), str(kept.pk), 0.99, {"name": "exact"}),
            FakeScoredPair(str(kept.pk), str(undecided.pk), 0.7, {"name": "similar"}),
        ]

    first = find_duplicates(users["coordinator"], linker=linker)
    assert (first.created, first.updated, first.kept_judgement) == (1, 0, 1)
    pair.refresh_from_db()
    assert pair.status == PairStatus.REJECTED and pair.score == 0.93  # judgement kept
    new = CandidatePair.objects.get(status=PairStatus.PENDING)
    assert (new.person_a, new.person_b, new.score) == (kept, undecided, 0.7)

    def rescored(records: list[Any]) -> list[FakeScoredPair]:
        return [FakeScoredPair(str(undecided.pk), str(kept.pk), 0.8, {"name": "phonetic"})]

    second = find_duplicates(users["coordinator"], linker=rescored)
    assert (second.created, second.updated) == (0, 1)
    new.refresh_from_db()
    assert new.score == 0.8 and new.evidence == {"name": "phonetic"}
    assert CandidatePair.objects.count() == 2
    # The rejected pair is no longer in the queue; the undecided one is.
    page = client.get(reverse("dedup-queue")).content.decode()
    assert undecided.pseudonym in page and absorbed.pseudonym not in page


def test_a_judged_or_stale_pair_cannot_be_judged_again(
    client: Any, users: dict[str, Any], twins: dict[str, Any]
) -> None:
    kept, absorbed = twins["kept"], twins["absorbed"]
    third = register(users["worker"], ["Mamadou Diallo"]).person
    # A pair between the absorbed person and a third one, still pending when the merge happens
    # through another path, is superseded by it...
    stale = make_pair(absorbed, third, score=0.8)
    login(client, users["coordinator"])
    client.post(reverse("dedup-confirm", args=[twins["pair"].pk]))
    stale.refresh_from_db()
    assert stale.status == PairStatus.SUPERSEDED
    page = client.get(reverse("dedup-pair", args=[twins["pair"].pk])).content.decode()
    assert 'id="form-confirm"' not in page and "coordinator" in page  # who judged it
    assert reverse("person-detail", args=[kept.pk]) in page  # link to the kept record
    assert (
        'id="form-reject"'
        not in client.get(reverse("dedup-pair", args=[stale.pk])).content.decode()
    )
    before = _counts()
    response = client.post(reverse("dedup-confirm", args=[stale.pk]), follow=True)
    assert "already reviewed" in response.content.decode()
    response = client.post(reverse("dedup-reject", args=[twins["pair"].pk]), follow=True)
    assert "already reviewed" in response.content.decode()
    assert _counts() == before and MergeRecord.objects.count() == 1
    assert Person.objects.get(pk=third.pk).merged_into_id is None
    assert Person.objects.get(pk=kept.pk).merged_into_id is None


def test_a_too_long_note_changes_nothing(
    client: Any, users: dict[str, Any], twins: dict[str, Any]
) -> None:
    login(client, users["coordinator"])
    response = client.post(
        reverse("dedup-reject", args=[twins["pair"].pk]), {"note": "x" * 501}, follow=True
    )
    assert "too long" in response.content.decode()
    assert CandidatePair.objects.get(pk=twins["pair"].pk).status == PairStatus.PENDING


def test_other_roles_are_refused_and_audited(
    client: Any, users: dict[str, Any], twins: dict[str, Any]
) -> None:
    pair = twins["pair"]
    for role in OTHER_ROLES:
        client.logout()
        login(client, users[role])
        assert client.get(reverse("dedup-queue")).status_code == 403, role
        assert client.post(reverse("dedup-run")).status_code == 403, role
        assert client.get(reverse("dedup-pair", args=[pair.pk])).status_code == 404, role
        assert client.post(reverse("dedup-confirm", args=[pair.pk])).status_code == 404, role
        assert client.post(reverse("dedup-reject", args=[pair.pk])).status_code == 404, role
        assert AuditEntry.objects.filter(
            actor_username=role, action="denied", object_type="candidate_pair"
        ).exists()
    pair.refresh_from_db()
    assert pair.status == PairStatus.PENDING
    assert not Person.objects.filter(merged_into__isnull=False).exists()
    # A coordinator asking for a pair that does not exist gets the same answer.
    login(client, users["coordinator"])
    assert client.get(reverse("dedup-pair", args=[pair.pk + 1000])).status_code == 404


def test_every_reference_to_a_person_is_moved_by_a_merge() -> None:
    """Any foreign key to Person that any app declares (now or later) is found by the merge."""
    from django.apps import apps
    from django.db import models

    declared = {
        f"{model._meta.app_label}.{model.__name__}.{field.name}"
        for model in apps.get_models(include_auto_created=True)
        for field in model._meta.local_fields
        if isinstance(field, models.ForeignKey) and field.related_model is Person
    }
    found = {
        f"{field.model._meta.app_label}.{field.model.__name__}.{field.name}"
        for field in person_references()
    }
    # The dedup app's own records name persons to describe merges; they stay as they are.
    assert found == {label for label in declared if not label.startswith("dedup.")}
    assert "people.PersonNameKey.person" in found  # hidden relation (related_name="+")


def test_a_one_to_one_link_moves_unless_the_kept_person_already_has_one(
    users: dict[str, Any], twins: dict[str, Any]
) -> None:
    """A unique link (here a cross-border encoding) cannot exist twice on the kept person."""
    from django.db import models
    from django.utils import timezone

    from jokko.crosslink.models import LocalEncoding
    from jokko.dedup.actions import confirm_pair

    def encode(person: Any) -> int:
        # Whatever else the crosslink app keeps in an encoding, blank values of the right type.
        blank: dict[type, Any] = {
            models.BinaryField: b"",
            models.CharField: "k",
            models.DateTimeField: timezone.now(),
            models.IntegerField: 0,
            models.JSONField: {},
        }
        values = {
            field.name: next(v for kind, v in blank.items() if isinstance(field, kind))
            for field in LocalEncoding._meta.concrete_fields
            if not (field.primary_key or field.null or field.has_default() or field.is_relation)
        }
        return LocalEncoding.objects.create(person=person, **values).pk

    kept, absorbed = twins["kept"], twins["absorbed"]
    moving = encode(absorbed)
    merge = confirm_pair(users["coordinator"], twins["pair"])
    assert merge.moved["crosslink.LocalEncoding.person"] == [moving] and not merge.not_moved
    assert LocalEncoding.objects.get(pk=moving).person_id == kept.pk

    older = register(users["worker"], ["Awa Ndiaye"]).person
    newer = register(users["worker"], ["Awa Njie"]).person
    encode(older)
    staying = encode(newer)
    merge = confirm_pair(users["coordinator"], make_pair(older, newer))
    assert merge.not_moved == {"crosslink.LocalEncoding.person": [staying]}
    assert LocalEncoding.objects.get(pk=staying).person_id == newer.pk
    assert LocalEncoding.objects.count() == 3  # nothing deleted


def test_a_rejection_still_holds_after_one_side_was_merged(
    users: dict[str, Any], twins: dict[str, Any]
) -> None:
    """Rejected (absorbed, other), then absorbed merged into kept: (kept, other) is not new."""
    from jokko.dedup.actions import confirm_pair, reject_pair

    kept, absorbed = twins["kept"], twins["absorbed"]
    other = register(users["worker"], ["Mamadou Diallo"]).person
    reject_pair(users["coordinator"], make_pair(absorbed, other), note="another village")
    confirm_pair(users["coordinator"], twins["pair"])

    def linker(records: list[Any]) -> list[FakeScoredPair]:
        return [FakeScoredPair(str(kept.pk), str(other.pk), 0.97, {"name": "exact name"})]

    run = find_duplicates(users["coordinator"], linker=linker)
    assert (run.created, run.kept_judgement) == (0, 1)
    assert not CandidatePair.objects.filter(status=PairStatus.PENDING).exists()


def test_merging_a_record_that_had_absorbed_another_keeps_one_hop_to_the_kept_record(
    client: Any, users: dict[str, Any]
) -> None:
    from jokko.dedup.actions import confirm_pair

    oldest = register(users["worker"], ["Ibrahima Ndiaye"]).person
    middle = register(users["worker"], ["Ibrahima Njie"]).person
    newest = register(users["worker"], ["NDIAYE Ibrahima"]).person
    confirm_pair(users["coordinator"], make_pair(middle, newest))
    merge = confirm_pair(users["coordinator"], make_pair(oldest, middle))
    assert merge.moved["people.Person.merged_into"] == [newest.pk]
    assert Person.objects.get(pk=newest.pk).merged_into_id == oldest.pk
    assert Case.objects.filter(person=oldest).count() == 3
    login(client, users["coordinator"])
    response = client.get(reverse("person-detail", args=[newest.pk]))
    assert response["Location"] == reverse("person-detail", args=[oldest.pk])
    assert verify_chain().ok


def test_only_coordinators_see_the_link_to_the_queue(client: Any, users: dict[str, Any]) -> None:
    for role, shown in (("coordinator", True), ("worker", False), ("analyst", False)):
        login(client, users[role])
        home = client.get(reverse("home")).content.decode()
        assert (f'href="{reverse("dedup-queue")}"' in home) is shown, role


def test_every_evidence_level_of_the_model_has_a_translated_label() -> None:
    """A level the model adds later must not reach the reviewer as untranslated English."""
    from jokko.dedup.views import EVIDENCE_LEVELS
    from jokko.linkage.splink_model import LEVEL_LABELS

    assert set(LEVEL_LABELS) <= set(EVIDENCE_LEVELS), set(LEVEL_LABELS) - set(EVIDENCE_LEVELS)
