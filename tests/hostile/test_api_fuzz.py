"""Schemathesis against Jokko's own OpenAPI schema, in-process, as several roles.

Every operation of `docs/openapi.json` is called with generated data (valid and invalid) by a
coordinator, a case worker, an investigator and an analyst holding real bearer tokens. The
checks: no server error, and every response (status code, content type, body) conforms to the
committed schema. The schema is read from the file, not from the app, so a handler that drifts
from the published contract fails here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from jokko.accounts.models import ApiToken

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"
schema = schemathesis.openapi.from_path(SCHEMA_PATH)
schema.app = get_wsgi_application()

FUZZ_ROLES = ("coordinator", "worker", "investigator", "analyst")
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Any:
    """Schemathesis calls the WSGI handler directly, whose request_finished signal closes the
    database connection, and with it the test's transaction on PostgreSQL. Django's own test
    client disconnects that handler during a request; so do we."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(users: dict[str, Any], consented_case: Any) -> dict[str, str]:
    """Bearer tokens for the fuzzing roles, with one real case in the database to find."""
    return {role: ApiToken.issue(users[role])[1] for role in FUZZ_ROLES}


@schema.parametrize()
@settings(
    max_examples=4,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_for_every_role(case: Any, tokens: dict[str, str]) -> None:
    for role in FUZZ_ROLES:
        response = case.call(headers={"Authorization": f"Bearer {tokens[role]}"})
        case.validate_response(response, checks=CHECKS)


def _operations_with_a_body() -> list[tuple[str, str]]:
    import json
    import re

    paths = json.loads(SCHEMA_PATH.read_text())["paths"]
    return [
        (method.upper(), re.sub(r"\{[^}]+\}", "1", path))
        for path, item in paths.items()
        for method, operation in item.items()
        if "requestBody" in operation
    ]


@pytest.mark.parametrize(("method", "path"), _operations_with_a_body())
def test_a_body_that_is_not_json_is_a_documented_422(
    users: dict[str, Any], method: str, path: str
) -> None:
    """Before the fix, django-ninja answered 400, a status no operation documents."""
    from django.test import Client

    token = ApiToken.issue(users["coordinator"])[1]
    response = Client().generic(
        method,
        path,
        b"{not json\x00",
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 422, f"{method} {path}: {response.status_code}"
    assert response.json()["detail"]["__all__"]


@pytest.mark.parametrize("huge", [10**25, 10**70])
def test_out_of_range_ids_in_api_paths_are_not_a_crash(users: dict[str, Any], huge: int) -> None:
    import json
    import re

    from django.test import Client

    token = ApiToken.issue(users["coordinator"])[1]
    paths = json.loads(SCHEMA_PATH.read_text())["paths"]
    for path, item in paths.items():
        if "{" not in path or "get" not in item:
            continue
        url = re.sub(r"\{[^}]+\}", str(huge), path)
        response = Client().get(url, headers={"Authorization": f"Bearer {token}"})
        assert response.status_code < 500, f"GET {url[:60]}: {response.status_code}"
