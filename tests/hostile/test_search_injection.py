"""Hostile text in every search box and list filter: no server error, no match-all.

The pages are taken from the URL resolver (every named page without a path argument), each
requested by a role the permission matrix lets in, with every query parameter any list view
reads set to SQL metacharacters, LIKE wildcards, NUL bytes, look-alike digits, script tags and
very long text. Then the real search boxes are checked for wildcard leaks: `%` or `_` must not
find the survivor, the suspect or the trainee that the database holds.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import get_resolver, reverse

from tests.conftest import login
from tests.hostile.test_csrf_and_routes import ROUTES
from tests.web.test_permissions import PAGE_RULES, ROLES

pytestmark = pytest.mark.django_db

HOSTILE_VALUES = [
    "' OR '1'='1' --",
    '"; DROP TABLE people_person; --',
    "%_\\",
    "a\x00b",
    "²",
    "9" * 5000,
    "x" * 20_000,
    "<script>alert(1)</script>",
    "2026-02-30",
    "-1",
]
PARAMETERS = [
    "q", "ref", "mode", "status", "direction", "overdue", "kind", "offence", "page", "lpage",
    "country", "topic", "year", "number", "period", "quarter", "region", "start", "end",
    "exploitation_type", "organisation", "box", "hops", "since", "until", "node", "a", "b",
    "seasonal", "language", "format", "export",
]  # fmt: skip
# Routes that are not pages a person opens with a GET (each answers a GET with 405).
NOT_GET_PAGES = {"logout", "community-webhook-rapidpro", "federation-inbox", "crosslink-share"}
PAGES = sorted(
    name
    for name, pattern, _route in ROUTES
    if name and not getattr(pattern.pattern, "converters", {}) and name not in NOT_GET_PAGES
)


def _role_for(name: str) -> str:
    """The first role the permission matrix lets see the page (a coordinator otherwise)."""
    rule = PAGE_RULES.get(name)
    if rule is None:
        return "coordinator"
    allowed = (role for role, status in zip(ROLES, rule, strict=True) if status == 200)
    return next(allowed, "coordinator")


@pytest.mark.parametrize("name", PAGES)
def test_hostile_filters_never_break_a_page(users: dict[str, Any], name: str) -> None:
    client = login(Client(), users[_role_for(name)])
    url = reverse(name)
    for value in HOSTILE_VALUES:
        response = client.get(url, {parameter: value for parameter in PARAMETERS})
        assert response.status_code < 500, f"{name} with {value[:20]!r}: {response.status_code}"
        assert b"<script>alert(1)</script>" not in response.content, f"{name} echoes a script"


@pytest.fixture
def records(users: dict[str, Any], make_case: Any) -> dict[str, Any]:
    from tests.incidents.helpers import suspect_for_permissions
    from tests.trainings.helpers import participant_for_permissions

    return {
        "case": make_case(name="Aïssatou Diallo"),
        "suspect": suspect_for_permissions(),
        "participant": participant_for_permissions(),
    }


SEARCHES = [
    # (page, role, text that must appear when the record is found)
    ("person-search", "worker", "Diallo"),
    ("suspect-list", "investigator", None),
    ("participant-list", "programme", "Ndiaye"),
]


@pytest.mark.parametrize(("name", "role", "marker"), SEARCHES)
@pytest.mark.parametrize("wildcard", ["%", "_", "%%", "*", "_%_", ".*", "' OR 1=1 --"])
def test_wildcards_do_not_match_everything(
    users: dict[str, Any], records: dict[str, Any], name: str, role: str, marker: str | None,
    wildcard: str,
) -> None:
    client = login(Client(), users[role])
    if marker is None:
        marker = records["suspect"].person.names.first().full_name.split()[-1]
    found = client.get(reverse(name), {"q": marker})
    assert found.status_code == 200 and marker in found.content.decode()
    response = client.get(reverse(name), {"q": wildcard})
    assert response.status_code == 200
    assert marker not in response.content.decode(), f"{wildcard!r} matched everyone on {name}"


def test_api_search_does_not_match_everything(users: dict[str, Any], make_case: Any) -> None:
    from jokko.accounts.models import ApiToken

    make_case(name="Aïssatou Diallo")
    _, token = ApiToken.issue(users["worker"])
    headers = {"Authorization": f"Bearer {token}"}
    found = Client().get("/api/v1/persons", {"q": "Diallo"}, headers=headers)
    assert found.status_code == 200 and found.json()
    for wildcard in ["%", "_", "%%", "' OR 1=1 --", "\x00", "x" * 20_000]:
        response = Client().get("/api/v1/persons", {"q": wildcard}, headers=headers)
        assert response.status_code in (200, 422), response.content[:200]
        if response.status_code == 200:
            assert response.json() == [], f"{wildcard[:20]!r} matched a person"


def test_the_resolver_sees_the_pages() -> None:
    assert "person-search" in PAGES and len(get_resolver().url_patterns) > 10


def test_a_nul_character_is_refused_with_a_message_everywhere(
    users: dict[str, Any], make_case: Any
) -> None:
    """PostgreSQL cannot store U+0000: it used to reach the database and fail there as a 500."""
    from jokko.accounts.models import ApiToken
    from jokko.audit.models import AuditEntry
    from jokko.people.models import Person

    make_case(name="Aïssatou Diallo")
    client = login(Client(), users["worker"])
    client.cookies["django_language"] = "en"
    before = (Person.objects.count(), AuditEntry.objects.count())
    page = client.get(reverse("person-search"), {"q": "Dia\x00llo"})
    assert page.status_code == 400 and b"NUL character" in page.content
    form = client.post(reverse("case-register"), {"name": "Awa\x00 Sow"})
    assert form.status_code == 400
    _, token = ApiToken.issue(users["worker"])
    api = Client().post(
        "/api/v1/persons",
        '{"names": ["Awa\\u0000 Sow"]}',
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert api.status_code == 422 and api.json()["detail"]["__all__"]
    assert (Person.objects.count(), AuditEntry.objects.count()) == before
    assert client.get(reverse("person-search"), {"q": "Diallo"}).status_code == 200
