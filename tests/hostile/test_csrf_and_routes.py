"""Every route, generated from the URL resolver: CSRF on every POST, a name and a rule for each.

A new page is covered the moment it is added to a `urls.py`: it gets a CSRF check here, and
`tests/web/test_permissions.py::test_every_page_has_a_rule` demands its row in the permission
matrix. That test can only see *named* routes, so this file also refuses unnamed ones.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from jokko.audit.models import AuditEntry
from tests.conftest import login

pytestmark = pytest.mark.django_db

# Views that take POSTs without a CSRF token, and why that is safe: none of them accepts a
# browser session as the authority to write.
CSRF_EXEMPT = {
    "federation-inbox": "each message is signed by a registered peer's Ed25519 key",
    "community-webhook-rapidpro": "a shared key in the Authorization header",
    "odk-openrosa-formlist": "read-only; OpenRosa clients cannot send a CSRF token",
    "odk-openrosa-form": "read-only; OpenRosa clients cannot send a CSRF token",
    "odk-openrosa-submission": "Basic user:API-token header; a session alone never writes",
}
SAMPLE_ARGUMENTS = {
    "IntConverter": 1,
    "SlugConverter": "x",
    "StringConverter": "x",
    "PathConverter": "x",
    "UUIDConverter": uuid.uuid4(),
}


def _routes(
    patterns: list[Any], namespace: str = "", prefix: str = ""
) -> Iterator[tuple[str, URLPattern, str]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            route = prefix + str(pattern.pattern)
            if route.startswith(("admin/", "api/", "i18n/")):
                continue  # Django's admin and i18n, and the API (its own matrix, bearer tokens)
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _routes(pattern.url_patterns, inner, route)
        elif isinstance(pattern, URLPattern):
            yield (namespace + pattern.name if pattern.name else ""), pattern, prefix + str(
                pattern.pattern
            )


def _url(name: str, pattern: URLPattern) -> str:
    converters = getattr(pattern.pattern, "converters", {})
    kwargs = {key: SAMPLE_ARGUMENTS[type(conv).__name__] for key, conv in converters.items()}
    return reverse(name, kwargs=kwargs)


ROUTES = list(_routes(get_resolver().url_patterns))


def test_every_route_has_a_name() -> None:
    unnamed = [route for name, _pattern, route in ROUTES if not name]
    assert not unnamed, f"routes without a name escape the permission matrix: {unnamed}"


def test_the_exempt_list_is_exactly_the_exempt_views() -> None:
    exempt = {name for name, pattern, _ in ROUTES if getattr(pattern.callback, "csrf_exempt", 0)}
    assert exempt == set(CSRF_EXEMPT)


@pytest.mark.parametrize(
    "name", sorted(name for name, _p, _r in ROUTES if name and name not in CSRF_EXEMPT)
)
def test_posts_without_a_csrf_token_are_refused(users: dict[str, Any], name: str) -> None:
    pattern = next(p for n, p, _ in ROUTES if n == name)
    client = Client(enforce_csrf_checks=True)
    if name != "login":
        login(client, users["coordinator"])
    before = AuditEntry.objects.count()
    response = client.post(_url(name, pattern), {"name": "x", "text": "x"})
    assert response.status_code == 403, f"{name}: {response.status_code}"
    assert b"CSRF" in response.content
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize("name", sorted(CSRF_EXEMPT))
def test_exempt_routes_do_not_write_on_a_session_alone(users: dict[str, Any], name: str) -> None:
    """A forged cross-site POST carries the victim's cookie, nothing else: it must not write."""
    from django.apps import apps

    pattern = next(p for n, p, _ in ROUTES if n == name)
    client = login(Client(enforce_csrf_checks=True), users["coordinator"])

    def counts() -> list[int]:
        return [m.objects.count() for m in apps.get_models() if m._meta.app_label != "sessions"]

    before = counts()
    response = client.post(_url(name, pattern), b"{}", content_type="application/json")
    assert response.status_code in (400, 401, 403, 405), f"{name}: {response.status_code}"
    # The inbox records what it refused (that is its audit); nothing else may change.
    after = counts()
    changed = [a - b for a, b in zip(after, before, strict=True) if a != b]
    assert changed in ([], [1]), f"{name} wrote {changed}"


def test_every_api_operation_is_in_the_schema_the_api_matrix_reads() -> None:
    """`tests/api/test_api.py` builds its matrix check from the OpenAPI schema. An operation
    hidden from the schema (`include_in_schema=False`) or a route mounted beside django-ninja
    would escape it; this compares the schema with what the router and resolver really serve."""
    from jokko.api.api import api

    served = {
        (method, (prefix + path).rstrip("/") or "/")
        for prefix, router in api._routers
        for path, view in router.path_operations.items()
        for operation in view.operations
        for method in operation.methods
    }
    documented = {
        (method.upper(), path.removeprefix("/api/v1").rstrip("/") or "/")
        for path, item in api.get_openapi_schema()["paths"].items()
        for method in item
    }
    assert served == documented, served ^ documented
    api_resolver = next(
        p for p in get_resolver().url_patterns if str(p.pattern).startswith("api/")
    )
    assert isinstance(api_resolver, URLResolver)
    extra = {
        str(p.pattern) for p in api_resolver.url_patterns if p.name not in _ninja_view_names(api)
    }
    # django-ninja's own: the schema, and the API root (a 404 here, the docs page being off).
    assert extra == {"openapi.json", ""}, extra
    assert Client().get("/api/v1/").status_code == 404


def _ninja_view_names(api: Any) -> set[str]:
    return {
        operation.view_func.__name__
        for _prefix, router in api._routers
        for view in router.path_operations.values()
        for operation in view.operations
    }


INT_ROUTES = sorted(
    name
    for name, pattern, _route in ROUTES
    if name
    and any(
        type(conv).__name__ == "IntConverter"
        for conv in getattr(pattern.pattern, "converters", {}).values()
    )
)


@pytest.mark.parametrize("huge", [10**25, 2**63, 10**70, 0])
def test_out_of_range_ids_are_not_found_not_a_crash(users: dict[str, Any], huge: int) -> None:
    """An id beyond the database's integer range (or zero) in any page's path: never a 500."""
    client = login(Client(), users["coordinator"])
    for name in INT_ROUTES:
        pattern = next(p for n, p, _ in ROUTES if n == name)
        kwargs = {
            key: huge if type(conv).__name__ == "IntConverter" else "x"
            for key, conv in pattern.pattern.converters.items()
        }
        response = client.get(reverse(name, kwargs=kwargs))
        assert response.status_code < 500, f"{name} with {huge}: {response.status_code}"
