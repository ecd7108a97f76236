"""The JSON API: tokens, the permission matrix per role, idempotent creates, clear errors."""

from __future__ import annotations

import datetime
import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from jokko.accounts.models import ApiToken
from jokko.audit.models import AuditEntry
from jokko.cases import actions
from jokko.cases.models import Case, Referral, ServiceDelivery
from jokko.people.models import Person

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today().isoformat()
API = "/api/v1"


class ApiClient:
    def __init__(self, user: Any) -> None:
        self.client = Client()
        _, raw = ApiToken.issue(user)
        self.auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(API + path, params, **self.auth)

    def post(self, path: str, body: Any) -> Any:
        return self.client.post(
            API + path, json.dumps(body), content_type="application/json", **self.auth
        )


def _code(vocab: str) -> str:
    from jokko.taxonomy import vocabulary

    return vocabulary(vocab).terms[0].code


def _town() -> str:
    from jokko.gazetteer import places_in

    return places_in("SN", kind="town")[0].code


def _case_body(**overrides: Any) -> dict[str, Any]:
    body = {
        "person": {
            "names": ["Kadiatou Barry", "Kadijatou Bari"],
            "sex": _code("sex"),
            "birth_year": 2009,
            "nationality": "GN",
        },
        "case_type": "tip",
        "identification_source": _code("identification_source"),
        "identified_on": TODAY,
        "place_code": _town(),
        "exploitation_types": [_code("exploitation_type")],
    }
    body.update(overrides)
    return body


def test_tokens_are_required_and_checked(users: dict[str, Any]) -> None:
    client = Client()
    assert client.get(API + "/cases").status_code == 401
    assert client.get(API + "/cases", HTTP_AUTHORIZATION="Bearer jk_forged").status_code == 401
    token, raw = ApiToken.issue(users["worker"])
    assert client.get(API + "/cases", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    token.revoked_at = token.created_at
    token.save()
    assert client.get(API + "/cases", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    assert token.key_hash != raw and raw not in token.key_hash


ROLES = [
    "coordinator",
    "worker",
    "other_worker",
    "health_worker",
    "investigator",
    "prosecutor",
    "analyst",
    "reporter",
    "admin",
]

# endpoint -> expected status per role (order of ROLES), for a case owned by `worker`'s shelter,
# not referred, not shared. 404 where the record exists but is not theirs to see. In the
# POST /referrals row the coordinator's and worker's referrals to the health centre open the
# case to `health_worker`, who may then see it but not refer it (403).
# fmt: off
API_RULES: dict[str, list[int]] = {
    #                     coord worker other health invest prosec analyst reporter admin
    "GET /cases":         [200,  200,   200,  200,   200,    200,   403,    403,     403],
    "GET /cases/{id}":    [200,  200,   404,  404,   404,    404,   404,    404,     404],
    "POST /cases":        [201,  201,   201,  201,   403,    403,   403,    403,     403],
    "GET /persons?q":     [200,  200,   200,  200,   200,    200,   403,    403,     403],
    "GET /persons/{id}":  [200,  200,   404,  404,   404,    404,   404,    404,     404],
    "POST /persons":      [201,  201,   201,  201,   201,    201,   403,    403,     403],
    "GET /referrals":     [200,  200,   404,  404,   404,    404,   404,    404,     404],
    "POST /referrals":    [201,  201,   404,  403,   404,    404,   404,    404,     404],
    "GET /services":      [200,  200,   404,  404,   404,    404,   404,    404,     404],
    "POST /services":     [201,  201,   404,  404,   404,    404,   404,    404,     404],
    "POST /transition":   [200,  200,   404,  404,   404,    404,   404,    404,     404],
}
# fmt: on


def _call(api: ApiClient, endpoint: str, case: Case, orgs: dict[str, Any]) -> int:
    case_path = f"/cases/{case.pk}"
    calls = {
        "GET /cases": lambda: api.get("/cases"),
        "GET /cases/{id}": lambda: api.get(case_path),
        "POST /cases": lambda: api.post("/cases", _case_body()),
        "GET /persons?q": lambda: api.get("/persons", q="Aïssatou Diallo"),
        "GET /persons/{id}": lambda: api.get(f"/persons/{case.person_id}"),
        "POST /persons": lambda: api.post(
            "/persons", {"names": ["Ibrahim Sanogo"], "roles": ["suspect"]}
        ),
        "GET /referrals": lambda: api.get(case_path + "/referrals"),
        "POST /referrals": lambda: api.post(
            case_path + "/referrals",
            {"to_organisation": orgs["health"].pk, "service_type": _code("service_type")},
        ),
        "GET /services": lambda: api.get(case_path + "/services"),
        "POST /services": lambda: api.post(
            case_path + "/services", {"service_type": _code("service_type"), "delivered_on": TODAY}
        ),
        "POST /transition": lambda: api.post(
            case_path + "/transition",
            {"target": "return", "version": Case.objects.get(pk=case.pk).version},
        ),
    }
    return int(calls[endpoint]().status_code)


@pytest.mark.parametrize("endpoint", sorted(API_RULES))
def test_api_permission_matrix(
    users: dict[str, Any], orgs: dict[str, Any], consented_case: Case, endpoint: str
) -> None:
    actions.plan_voluntary_return(
        users["worker"], consented_case, destination_country="NG"
    )  # for /transition
    actions.transition_case(users["worker"], Case.objects.get(pk=consented_case.pk), "assistance")
    for role, expected in zip(ROLES, API_RULES[endpoint], strict=True):
        status = _call(ApiClient(users[role]), endpoint, consented_case, orgs)
        if endpoint == "POST /transition" and status == 200:  # put it back for the next role
            actions.transition_case(
                users["worker"], Case.objects.get(pk=consented_case.pk), "assistance"
            )
        assert status == expected, f"{endpoint} as {role}: {status}"


def test_every_api_route_has_a_rule() -> None:
    from jokko.api.api import api

    schema = api.get_openapi_schema()
    operations = {
        f"{method.upper()} {path}" for path, item in schema["paths"].items() for method in item
    }
    covered = {
        "GET /api/v1/cases",
        "GET /api/v1/cases/{case_id}",
        "POST /api/v1/cases",
        "GET /api/v1/persons",
        "GET /api/v1/persons/{person_id}",
        "POST /api/v1/persons",
        "GET /api/v1/cases/{case_id}/referrals",
        "POST /api/v1/cases/{case_id}/referrals",
        "GET /api/v1/cases/{case_id}/services",
        "POST /api/v1/cases/{case_id}/services",
        "POST /api/v1/cases/{case_id}/transition",
        # Covered by the tests below:
        "POST /api/v1/cases/{case_id}/screenings",
        "POST /api/v1/cases/{case_id}/consents",
        "POST /api/v1/cases/{case_id}/consents/{consent_id}/withdraw",
        "POST /api/v1/referrals/{referral_id}/status",
    }
    assert operations - covered == set(), "API routes without a permission test"


def test_refusals_are_audited(users: dict[str, Any], make_case: Any) -> None:
    case = make_case()
    assert ApiClient(users["other_worker"]).get(f"/cases/{case.pk}").status_code == 404
    assert AuditEntry.objects.filter(
        actor_username="other_worker", action="denied", object_type="case", channel="api"
    ).exists()


def test_investigator_sees_identity_only_when_shared_with_it(
    users: dict[str, Any], orgs: dict[str, Any], consented_case: Case
) -> None:
    api = ApiClient(users["investigator"])
    actions.share_case(
        users["worker"], consented_case, organisation=orgs["police"], include_identity=False
    )
    body = api.get(f"/cases/{consented_case.pk}").json()
    assert body["person"]["identity_shown"] is False and body["person"]["names"] == []
    assert body["person"]["pseudonym"] == consented_case.person.pseudonym
    actions.share_case(
        users["worker"],
        consented_case,
        organisation=orgs["police"],
        include_identity=True,
        legal_basis="Réquisition n°3",
    )
    body = api.get(f"/cases/{consented_case.pk}").json()
    assert body["person"]["names"][0]["full_name"] == "Aïssatou Diallo"


def test_registration_is_idempotent_with_client_id(users: dict[str, Any]) -> None:
    api = ApiClient(users["worker"])
    body = _case_body(client_id=str(uuid.uuid4()))
    first = api.post("/cases", body)
    again = api.post("/cases", body)
    assert first.status_code == 201 and again.status_code == 200
    assert first.json()["id"] == again.json()["id"]
    assert Case.objects.count() == 1 and Person.objects.count() == 1
    assert {n["full_name"] for n in first.json()["person"]["names"]} == {
        "Kadiatou Barry",
        "Kadijatou Bari",
    }


def test_referral_and_service_creates_are_idempotent(
    users: dict[str, Any], orgs: dict[str, Any], consented_case: Case
) -> None:
    api = ApiClient(users["worker"])
    path = f"/cases/{consented_case.pk}"
    body = {
        "client_id": str(uuid.uuid4()),
        "to_organisation": orgs["health"].pk,
        "service_type": _code("service_type"),
    }
    assert [api.post(path + "/referrals", body).status_code for _ in range(2)] == [201, 200]
    assert Referral.objects.count() == 1
    service = {
        "client_id": str(uuid.uuid4()),
        "service_type": _code("service_type"),
        "delivered_on": TODAY,
    }
    assert [api.post(path + "/services", service).status_code for _ in range(2)] == [201, 200]
    assert ServiceDelivery.objects.count() == 1


@pytest.mark.parametrize(
    "override, field",
    [
        ({"identified_on": "2026-02-31"}, None),
        ({"identified_on": "yesterday"}, None),
        ({"place_code": "ZZ-NOWHERE"}, "place_code"),
        ({"exploitation_types": ["unicorn_herding"]}, "exploitation_types"),
        ({"person": {"names": ["Awa Ndiaye"], "sex": "robot"}}, "sex"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(
    users: dict[str, Any], override: dict[str, Any], field: str | None
) -> None:
    response = ApiClient(users["worker"]).post("/cases", _case_body(**override))
    assert response.status_code == 422
    if field:
        assert field in response.json()["detail"]
    assert not Case.objects.exists() and not Person.objects.exists()


def test_workflow_steps_and_conflicts(
    users: dict[str, Any], orgs: dict[str, Any], make_case: Any
) -> None:
    case = make_case()
    api = ApiClient(users["worker"])
    path = f"/cases/{case.pk}"
    assert (
        api.post(
            path + "/transition", {"target": "reintegration", "version": case.version}
        ).status_code
        == 409
    )
    assert (
        api.post(
            path + "/screenings", {"outcome": "presumed_victim", "screened_on": TODAY}
        ).status_code
        == 201
    )
    consent = api.post(path + "/consents", {"scopes": ["referral"], "given_on": TODAY})
    assert consent.status_code == 201
    version = api.get(path).json()["version"]
    stale = api.post(path + "/transition", {"target": "assistance", "version": version - 1})
    assert stale.status_code == 409 and "someone else" in stale.json()["detail"]
    moved = api.post(path + "/transition", {"target": "assistance", "version": version})
    assert moved.status_code == 200 and moved.json()["status"] == "assistance"
    referral = api.post(
        path + "/referrals",
        {"to_organisation": orgs["health"].pk, "service_type": _code("service_type")},
    ).json()
    assert (
        ApiClient(users["worker"])
        .post(f"/referrals/{referral['id']}/status", {"status": "accepted"})
        .status_code
        == 403
    )
    accepted = ApiClient(users["health_worker"]).post(
        f"/referrals/{referral['id']}/status", {"status": "accepted"}
    )
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    withdrawn = api.post(
        f"{path}/consents/{consent.json()['id']}/withdraw", {"withdrawn_on": TODAY}
    )
    assert withdrawn.status_code == 200 and withdrawn.json()["withdrawn_on"] == TODAY
    refused = api.post(
        path + "/referrals",
        {"to_organisation": orgs["health"].pk, "service_type": _code("service_type")},
    )
    assert refused.status_code == 422 and "consent" in refused.json()["detail"]
    Case.objects.get(pk=case.pk)
    assert (
        ApiClient(users["other_worker"])
        .post(path + "/screenings", {"outcome": "presumed_victim", "screened_on": TODAY})
        .status_code
        == 404
    )


def test_search_over_api_finds_variants(users: dict[str, Any], make_case: Any) -> None:
    case = make_case(name="Mouhamed Jallow")
    hits = ApiClient(users["worker"]).get("/persons", q="Mohamed Diallo").json()
    assert hits and hits[0]["person"]["id"] == case.person_id


def test_committed_openapi_schema_is_current() -> None:
    from jokko.api.management.commands.export_openapi import openapi_document

    committed = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"
    assert committed.read_text() == openapi_document(), (
        "docs/openapi.json is out of date: run `.venv/bin/jokko export_openapi` and commit it"
    )


def test_issue_token_command_prints_a_working_token_once(users: dict[str, Any]) -> None:
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError

    out = StringIO()
    call_command("issue_token", "worker", stdout=out)
    raw = out.getvalue().strip()
    assert Client().get(API + "/cases", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    assert not ApiToken.objects.filter(key_hash=raw).exists()
    with pytest.raises(CommandError, match="no active user"):
        call_command("issue_token", "nobody")
