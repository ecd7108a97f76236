"""Finding persons by name, phone and document number, through keyed hashes only."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.urls import reverse

from jokko.audit.models import AuditEntry
from jokko.people.actions import PersonInput, register_person
from jokko.people.search import search_persons
from tests.conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(users: dict[str, Any]) -> dict[str, Any]:
    worker = users["worker"]

    def add(
        *names: str, phones: tuple[str, ...] = (), documents: tuple[tuple[str, str], ...] = ()
    ) -> Any:
        person, _ = register_person(
            worker, PersonInput(names=list(names), phones=list(phones), documents=list(documents))
        )
        return person

    return {
        "mohamed": add("Mohamed Diallo", phones=("+221 77 123 45 67",)),
        "mamadou": add("Mamadou Ndiaye"),
        "aissatou": add("Aïssatou Sow", documents=(("passport", "A 1234-567"),)),
        "ahmed": add("Mohamed Ould Ahmed", "محمد ولد أحمد"),
        "moussa": add("Moussa Diop"),
    }


@pytest.mark.parametrize(
    "query, expected",
    [
        ("Mouhamed Jallow", "mohamed"),
        ("DIALLO Muhammad", "mohamed"),
        ("Mamadu Njie", "mamadou"),
        ("Aysatu Sowe", "aissatou"),
        ("محمد أحمد", "ahmed"),
        ("Muhammad Ahmed", "ahmed"),
        ("Musa Jobe", "moussa"),
    ],
)
def test_fuzzy_search_finds_transliteration_variants(
    users: dict[str, Any], registry: dict[str, Any], query: str, expected: str
) -> None:
    hits = search_persons(users["worker"], query)
    assert hits and hits[0].person.pk == registry[expected].pk, [
        (h.matched_name, h.score) for h in hits
    ]


def test_fuzzy_search_does_not_return_different_people(
    users: dict[str, Any], registry: dict[str, Any]
) -> None:
    found = {hit.person.pk for hit in search_persons(users["worker"], "Moussa Diop")}
    assert registry["mamadou"].pk not in found and registry["mohamed"].pk not in found


def test_exact_search_by_name_phone_and_document(
    users: dict[str, Any], registry: dict[str, Any]
) -> None:
    worker = users["worker"]
    assert [h.person.pk for h in search_persons(worker, "DIALLO mohamed", fuzzy=False)] == [
        registry["mohamed"].pk
    ]
    assert search_persons(worker, "Mouhamed Diallo", fuzzy=False) == []
    assert [h.person.pk for h in search_persons(worker, "+221771234567", fuzzy=False)] == [
        registry["mohamed"].pk
    ]
    assert [h.person.pk for h in search_persons(worker, "a1234567", fuzzy=False)] == [
        registry["aissatou"].pk
    ]


def test_search_is_limited_to_what_the_user_may_see_and_is_audited(
    users: dict[str, Any], registry: dict[str, Any]
) -> None:
    assert search_persons(users["other_worker"], "Mohamed Diallo") == []
    assert len(search_persons(users["coordinator"], "Mohamed Diallo")) >= 1
    entry = AuditEntry.objects.filter(action="search", actor_username="coordinator").get()
    assert registry["mohamed"].pk in entry.detail["results"]
    assert "Mohamed" not in entry.canonical()  # the log is not a second copy of names


def test_search_page_and_htmx_fragment(
    client: Any, users: dict[str, Any], registry: dict[str, Any]
) -> None:
    login(client, users["worker"])
    page = client.get(reverse("person-search"), {"q": "Mouhamed Jallow"})
    assert page.status_code == 200 and "Mohamed Diallo" in page.content.decode()
    fragment = client.get(
        reverse("person-search"), {"q": "Mouhamed Jallow"}, HTTP_HX_REQUEST="true"
    )
    assert (
        "<html" not in fragment.content.decode() and "Mohamed Diallo" in fragment.content.decode()
    )


def test_names_are_not_stored_in_clear_anywhere(
    users: dict[str, Any], registry: dict[str, Any]
) -> None:
    """Encrypted columns hold tokens only the node's key opens; index columns hold keyed hashes.

    Ciphertext is base64, so a short word such as "sow" turns up in it by chance: the test
    proves encryption by decrypting, and looks for clear words only where no base64 is stored.
    """
    from django.db import connection

    from jokko.people.crypto import cipher

    encrypted = (
        ("people_personname", "full_name"),
        ("people_phone", "number"),
        ("people_identitydocument", "number"),
    )
    blind_indexes = (
        ("people_personname", "exact_index"),
        ("people_personnamekey", "key_index"),
    )
    clear_words = ("diallo", "mohamed", "sow", "771234567", "1234567")
    with connection.cursor() as cursor:
        for table, column in encrypted:
            cursor.execute(f"SELECT {column} FROM {table}")  # noqa: S608 (fixed identifiers)
            values = [value for (value,) in cursor.fetchall()]
            assert values, (table, "no rows to check")
            for value in values:
                plaintext = cipher().decrypt(value)
                assert plaintext and plaintext not in value, (table, value)
        for table, column in blind_indexes:
            cursor.execute(f"SELECT {column} FROM {table}")  # noqa: S608 (fixed identifiers)
            for (value,) in cursor.fetchall():
                assert re.fullmatch(r"[0-9a-f]{32}", value), (table, value)
                assert not any(word in value for word in clear_words), (table, value)


def test_registration_validates_people(users: dict[str, Any]) -> None:
    from django.core.exceptions import ValidationError

    from jokko.people.models import Person

    bad = [
        PersonInput(names=["!!!"]),
        PersonInput(names=["Awa"], nationality="XX"),
        PersonInput(
            names=["Awa"],
            birth_date=datetime.date.today() + datetime.timedelta(days=1),
            birth_precision="exact",
        ),
        PersonInput(names=["Awa"], sex="robot"),
        PersonInput(names=["Awa"], documents=[("spaceship_licence", "123")]),
        PersonInput(names=["Awa"], roles=["king"]),
    ]
    for person in bad:
        with pytest.raises(ValidationError):
            register_person(users["worker"], person)
    assert not Person.objects.exists()


def test_an_alias_learnt_later_is_searchable(
    client: Any, users: dict[str, Any], registry: dict[str, Any]
) -> None:
    person = registry["moussa"]
    login(client, users["worker"])
    response = client.post(
        reverse("person-alias", kwargs={"person_id": person.pk}), {"name": "Moussa Diop Ndongo"}
    )
    assert response.status_code == 302
    assert person.names.count() == 2
    hits = search_persons(users["worker"], "Ndongo")
    assert [hit.person.pk for hit in hits] == [person.pk]
    assert (
        client.post(
            reverse("person-alias", kwargs={"person_id": person.pk}), {"name": "!!!"}
        ).status_code
        == 302
    )
    assert person.names.count() == 2  # refused: no letters
    login(client, users["other_worker"])
    assert (
        client.post(
            reverse("person-alias", kwargs={"person_id": person.pk}), {"name": "X Y"}
        ).status_code
        == 404
    )
    assert person.names.count() == 2


def test_many_exact_namesakes_are_capped_at_the_limit(users: dict[str, Any]) -> None:
    for _ in range(25):
        register_person(users["worker"], PersonInput(names=["Awa Ndiaye"]))
    hits = search_persons(users["worker"], "Awa Ndiaye", fuzzy=False, limit=20)
    assert len(hits) == 20 and all(hit.score == 1.0 for hit in hits)
    assert hits == sorted(hits, key=lambda hit: -hit.person.pk)
