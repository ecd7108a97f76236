"""The dedup API: the queue without identities, decisions with the same rules as the pages."""

from __future__ import annotations

from typing import Any

import pytest

from jokko.audit.models import AuditEntry
from jokko.dedup.models import CandidatePair, PairStatus
from jokko.people.models import Person
from tests.api.test_api import ApiClient
from tests.dedup.factories import make_pair, register

pytestmark = pytest.mark.django_db


def test_list_confirm_and_reject_through_the_api(users: dict[str, Any]) -> None:
    api = ApiClient(users["coordinator"])
    api.client.cookies["django_language"] = "en"
    first = register(users["worker"], ["Mamadou Diallo"], birth_year=2004).person
    second = register(users["other_worker"], ["DIALLO Mamadu"], birth_year=2004).person
    third = register(users["worker"], ["Mamadou Ba"], birth_year=2004).person
    same = make_pair(first, second, score=0.97)
    different = make_pair(first, third, score=0.4)

    listed = api.get("/dedup/pairs").json()
    assert [row["id"] for row in listed] == [same.pk, different.pk]
    assert listed[0]["person_a"] == {"id": first.pk, "pseudonym": first.pseudonym}
    assert "Mamadou" not in str(listed)  # pseudonyms only
    assert api.get("/dedup/pairs", status="nonsense").status_code == 422

    response = api.post(f"/dedup/pairs/{same.pk}/confirm", {"note": "same passport"})
    assert response.status_code == 200
    body = response.json()
    assert (body["kept"]["id"], body["absorbed"]["id"]) == (first.pk, second.pk)
    assert body["moved"]["cases.Case.person"] == 1
    assert Person.objects.get(pk=second.pk).merged_into_id == first.pk
    assert AuditEntry.objects.filter(action="merge", channel="api").count() == 2

    again = api.post(f"/dedup/pairs/{same.pk}/confirm", {})
    assert again.status_code == 422 and "already reviewed" in again.content.decode()

    response = api.post(f"/dedup/pairs/{different.pk}/reject", {"note": "x" * 501})
    assert response.status_code == 422
    assert CandidatePair.objects.get(pk=different.pk).status == PairStatus.PENDING
    response = api.post(f"/dedup/pairs/{different.pk}/reject", {"note": "cousins"})
    assert response.status_code == 200 and response.json()["status"] == "rejected"
    assert [row["id"] for row in api.get("/dedup/pairs", status="rejected").json()] == [
        different.pk
    ]
    assert api.get("/dedup/pairs").json() == []


def test_other_roles_are_refused(users: dict[str, Any]) -> None:
    first = register(users["worker"], ["Awa Ndiaye"]).person
    second = register(users["worker"], ["Awa Njie"]).person
    pair = make_pair(first, second)
    for role in ("worker", "investigator", "analyst", "admin"):
        api = ApiClient(users[role])
        assert api.get("/dedup/pairs").status_code == 403
        assert api.post(f"/dedup/pairs/{pair.pk}/confirm", {}).status_code == 404
        assert api.post(f"/dedup/pairs/{pair.pk}/reject", {}).status_code == 404
    assert CandidatePair.objects.get(pk=pair.pk).status == PairStatus.PENDING
    assert AuditEntry.objects.filter(action="denied", object_type="candidate_pair").count() == 12
