"""The JSON API: tokens, the permission matrix per role, idempotent creates, clear errors.

Every test checks both what the client is told (status, body) and what the database holds.
"""

from __future__ import annotations

import datetime
import json
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from jokko.accounts.models import ApiToken
from jokko.audit.models import AuditEntry
from jokko.cases import actions
from jokko.cases.models import (
    Case,
    CaseEvent,
    Consent,
    Referral,
    Screening,
    ServiceDelivery,
)
from jokko.people.models import Person
from tests.actionplans.helpers import actionplan_api_calls
from tests.analytics.helpers import analytics_api_calls
from tests.bulletins.helpers import bulletin_api_calls
from tests.campaigns.helpers import campaign_api_calls
from tests.community.helpers import community_api_calls
from tests.cooperation.helpers import cooperation_api_calls
from tests.crosslink.api_calls import crosslink_api_calls
from tests.dashboards.helpers import dashboards_api_calls
from tests.dedup.factories import dedup_api_calls
from tests.federation.helpers import federation_api_calls
from tests.htcds.helpers import htcds_api_calls
from tests.incidents.helpers import incident_api_calls
from tests.investigations.helpers import investigation_api_calls
from tests.maps.helpers import maps_api_calls
from tests.networks.helpers import network_api_calls
from tests.odk.helpers import odk_api_calls
from tests.prosecutions.helpers import prosecution_api_calls
from tests.releases.helpers import release_api_calls
from tests.reports.helpers import reports_api_calls
from tests.spreadsheets.helpers import spreadsheet_api_calls
from tests.trainings.helpers import training_api_calls

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today().isoformat()
API = "/api/v1"


class ApiClient:
    def __init__(self, user: Any) -> None:
        self.client = Client()
        _, raw = ApiToken.issue(user)
        self.headers = {"Authorization": f"Bearer {raw}"}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(API + path, params, headers=self.headers)

    def post(self, path: str, body: Any) -> Any:
        return self.client.post(
            API + path, json.dumps(body), content_type="application/json", headers=self.headers
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


def _snapshot() -> dict[str, Any]:
    """Everything an API call could write (the audit log aside: refusals are audited)."""
    return {
        "cases": list(Case.objects.order_by("pk").values_list("pk", "status", "version")),
        "persons": Person.objects.count(),
        "events": CaseEvent.objects.count(),
        "screenings": Screening.objects.count(),
        "consents": list(Consent.objects.order_by("pk").values_list("pk", "withdrawn_on")),
        "referrals": list(Referral.objects.order_by("pk").values_list("pk", "status")),
        "services": ServiceDelivery.objects.count(),
    }


# --- authentication --------------------------------------------------------------------------
def test_tokens_are_required_and_checked(users: dict[str, Any], make_case: Any) -> None:
    case = make_case()
    client = Client()
    before = _snapshot()
    assert client.get(API + "/cases").status_code == 401
    assert (
        client.get(API + "/cases", headers={"Authorization": "Bearer jk_forged"}).status_code == 401
    )
    assert (
        client.get(API + "/cases", headers={"Authorization": "Basic d29ya2VyOnB3"}).status_code
        == 401
    )
    # A logged-in browser session is not an API credential (and so needs no CSRF token).
    client.force_login(users["worker"])
    assert client.get(API + f"/cases/{case.pk}").status_code == 401
    assert (
        client.post(API + "/cases", _case_body(), content_type="application/json").status_code
        == 401
    )
    token, raw = ApiToken.issue(users["worker"])
    bearer = {"Authorization": f"Bearer {raw}"}
    assert Client().get(API + "/cases", headers=bearer).status_code == 200
    assert ApiToken.objects.get(pk=token.pk).last_used_at is not None
    token.revoked_at = token.created_at
    token.save()
    assert Client().get(API + "/cases", headers=bearer).status_code == 401
    _, raw = ApiToken.issue(users["other_worker"])
    users["other_worker"].is_active = False
    users["other_worker"].save()
    assert (
        Client().get(API + "/cases", headers={"Authorization": f"Bearer {raw}"}).status_code == 401
    )
    assert token.key_hash != raw and raw not in token.key_hash
    assert _snapshot() == before


# --- the permission matrix -------------------------------------------------------------------
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
    "programme",
]

# Endpoint -> expected status per role (columns in the order of ROLES), for a case owned by
# `worker`'s shelter, in assistance, referred only to an organisation with no user here, and not
# shared with the police or the court. `other_worker` (another NGO) and `health_worker` (the
# health centre, no referral yet) are case workers who have nothing to do with this case.
# 404 = the record exists but is not theirs to see (indistinguishable from "no such record");
# 403 = the role may not do this at all. Investigators and prosecutors register suspects.
# Columns: crd coordinator, wrk worker, oth other_worker, hlt health_worker, inv investigator,
# pro prosecutor, ana analyst, rep reporter (community reporter), adm admin (node administrator),
# prg programme (programme / training officer).
# fmt: off
API_RULES: dict[str, list[int]] = {
                                            #crd  wrk  oth  hlt  inv  pro  ana  rep  adm  prg
    "GET /cases":                           [200, 200, 200, 200, 200, 200, 403, 403, 403, 403],
    "GET /cases/{id}":                      [200, 200, 404, 404, 404, 404, 404, 404, 404, 404],
    "POST /cases":                          [201, 201, 201, 201, 403, 403, 403, 403, 403, 403],
    "POST /cases/{id}/transition":          [200, 200, 404, 404, 404, 404, 404, 404, 404, 404],
    "POST /cases/{id}/screenings":          [201, 201, 404, 404, 404, 404, 404, 404, 404, 404],
    "POST /cases/{id}/consents":            [201, 201, 404, 404, 404, 404, 404, 404, 404, 404],
    "POST /cases/{id}/consents/{c}/withdraw":
                                            [200, 200, 404, 404, 404, 404, 404, 404, 404, 404],
    "GET /persons?q=":                      [200, 200, 200, 200, 200, 200, 403, 403, 403, 403],
    "GET /persons/{id}":                    [200, 200, 404, 404, 404, 404, 404, 404, 404, 404],
    "POST /persons":                        [201, 201, 201, 201, 201, 201, 403, 403, 403, 403],
    "GET /cases/{id}/referrals":            [200, 200, 404, 404, 404, 404, 404, 404, 404, 404],
    "GET /referrals/{id}":                  [200, 200, 404, 404, 404, 404, 404, 404, 404, 404],
    "POST /cases/{id}/referrals":           [201, 201, 404, 404, 404, 404, 404, 404, 404, 404],
    "POST /referrals/{id}/status":          [200, 403, 404, 404, 404, 404, 404, 404, 404, 404],
    "GET /cases/{id}/services":             [200, 200, 404, 404, 404, 404, 404, 404, 404, 404],
    "GET /services/{id}":                   [200, 200, 404, 404, 404, 404, 404, 404, 404, 404],
    "POST /cases/{id}/services":            [201, 201, 404, 404, 404, 404, 404, 404, 404, 404],
    # bulletins: a vehicle alert received from Mauritania; prosecutors see only MLA requests
    "GET /bulletins":                       [200, 403, 403, 403, 200, 200, 403, 403, 403, 403],
    "POST /bulletins":                      [201, 403, 403, 403, 201, 403, 403, 403, 403, 403],
    "GET /bulletins/{bulletin_id}":         [200, 404, 404, 404, 200, 404, 404, 404, 404, 404],
    "GET /bulletins/{bulletin_id}/identity":
                                            [200, 404, 404, 404, 200, 404, 404, 404, 404, 404],
    "POST /bulletins/{bulletin_id}/acknowledge":
                                            [200, 404, 404, 404, 200, 404, 404, 404, 404, 404],
    "POST /bulletins/{bulletin_id}/replies":
                                            [201, 404, 404, 404, 201, 404, 404, 404, 404, 404],
    "POST /bulletins/{bulletin_id}/links":  [201, 404, 404, 404, 201, 404, 404, 404, 404, 404],
    # dedup: coordinators review candidate duplicate pairs (a fresh pending pair per call)
    "GET /dedup/pairs":                     [200, 403, 403, 403, 403, 403, 403, 403, 403, 403],
    "POST /dedup/pairs/{pair_id}/confirm":  [200, 404, 404, 404, 404, 404, 404, 404, 404, 404],
    "POST /dedup/pairs/{pair_id}/reject":   [200, 404, 404, 404, 404, 404, 404, 404, 404, 404],
    # crosslink: the case's survivor has no cross-border consent; checks rest on a judge's order
    "POST /crosslink/queries":              [201, 403, 403, 403, 404, 403, 403, 403, 403, 403],
    "GET /crosslink/queries/{query_id}":    [200, 403, 403, 403, 404, 403, 403, 403, 403, 403],
    "POST /crosslink/candidates/{candidate_id}/disclosures":
                                            [201, 403, 403, 403, 404, 403, 403, 403, 403, 403],
    "GET /crosslink/disclosures":           [200, 403, 403, 403, 200, 403, 403, 403, 403, 403],
    "GET /crosslink/disclosures/{request_id}":
                                            [200, 403, 403, 403, 404, 403, 403, 403, 403, 403],
    # investigations: the police unit's Kidira investigation, open (not yet referred)
    "GET /investigations":                  [200, 403, 403, 403, 200, 200, 403, 403, 403, 403],
    "POST /investigations":                 [403, 403, 403, 403, 201, 403, 403, 403, 403, 403],
    "GET /investigations/{investigation_id}": [200, 404, 404, 404, 200, 404, 404, 404, 404, 404],
    # incidents: the Kidira interception recorded by the police investigator
    # odk: a Kobo submission of the identification form becomes a case of the sender's org
    "GET /odk/forms":                       [200, 200, 200, 200, 403, 403, 403, 403, 403, 403],
    "GET /odk/submissions":                 [200, 200, 200, 200, 403, 403, 403, 403, 403, 403],
    "POST /odk/submissions/{form}":         [200, 200, 200, 200, 403, 403, 403, 403, 403, 403],
    "GET /htcds/export":                    [200, 200, 200, 200, 403, 403, 403, 403, 403, 403],
    "POST /htcds/import":                   [200, 403, 403, 403, 403, 403, 403, 403, 403, 403],
    "GET /incidents":                       [200, 403, 403, 403, 200, 200, 403, 403, 403, 403],
    "POST /incidents":                      [201, 403, 403, 403, 201, 403, 403, 403, 403, 403],
    "GET /incidents/{incident_id}":         [200, 404, 404, 404, 200, 200, 404, 404, 404, 404],
    "GET /incidents/suspects":              [200, 403, 403, 403, 200, 200, 403, 403, 403, 403],
    "GET /incidents/suspects/{suspect_id}": [200, 404, 404, 404, 200, 200, 404, 404, 404, 404],
    # networks: link analysis around the Kidira suspect, investigators only
    "GET /networks/overview":               [403, 403, 403, 403, 200, 403, 403, 403, 403, 403],
    "GET /networks/ego":                    [403, 403, 403, 403, 200, 403, 403, 403, 403, 403],
    "GET /networks/path":                   [403, 403, 403, 403, 200, 403, 403, 403, 403, 403],
    # cooperation: MLA and extradition requests drafted by the court's prosecutor
    "GET /cooperation":                     [200, 403, 403, 403, 200, 200, 403, 403, 403, 403],
    "POST /cooperation":                    [201, 403, 403, 403, 403, 201, 403, 403, 403, 403],
    "GET /cooperation/{request_id}":        [200, 404, 404, 404, 404, 200, 404, 404, 404, 404],
    "POST /cooperation/{request_id}/status": [200, 404, 404, 404, 404, 200, 404, 404, 404, 404],
    "GET /justice/indicators":              [200, 403, 403, 403, 403, 200, 200, 403, 403, 403],
    # prosecutions: one before the `court` organisation, not stemming from an investigation
    "GET /prosecutions":                    [200, 403, 403, 403, 200, 200, 403, 403, 403, 403],
    "POST /prosecutions":                   [201, 403, 403, 403, 403, 201, 403, 403, 403, 403],
    "GET /prosecutions/statutes":           [200, 403, 403, 403, 200, 200, 403, 403, 403, 403],
    "GET /prosecutions/{prosecution_id}":   [200, 404, 404, 404, 404, 200, 404, 404, 404, 404],
    "POST /prosecutions/{prosecution_id}/charges":
                                            [201, 404, 404, 404, 404, 201, 404, 404, 404, 404],
    "POST /prosecutions/{prosecution_id}/hearings":
                                            [201, 404, 404, 404, 404, 201, 404, 404, 404, 404],
    "POST /prosecutions/{prosecution_id}/verdicts":
                                            [201, 404, 404, 404, 404, 201, 404, 404, 404, 404],
    "POST /prosecutions/{prosecution_id}/sentences":
                                            [201, 404, 404, 404, 404, 201, 404, 404, 404, 404],
    # community reports: by a committee member; operators (hotline, coordinator) triage; the
    # shared `reporter` submits and lists only their own
    "POST /community/reports":              [201, 403, 403, 403, 403, 403, 403, 201, 403, 403],
    "GET /community/reports/mine":          [403, 403, 403, 403, 403, 403, 403, 200, 403, 403],
    "GET /community/triage":                [200, 403, 403, 403, 403, 403, 403, 403, 403, 403],
    "GET /community/indicators":            [200, 403, 403, 403, 403, 403, 200, 403, 403, 200],
    "GET /community/reports/{report_id}":   [200, 404, 404, 404, 404, 404, 404, 404, 404, 404],
    "GET /community/reports/{report_id}/duplicates":
                                            [200, 404, 404, 404, 404, 404, 404, 404, 404, 404],
    "POST /community/reports/{report_id}/triage":
                                            [200, 404, 404, 404, 404, 404, 404, 404, 404, 404],
    "POST /community/reports/{report_id}/convert":
                                            [201, 404, 404, 404, 404, 404, 404, 404, 404, 404],
    # trainings: coordinators and programme officers; analysts get the indicators only
    "GET /trainings":                       [200, 403, 403, 403, 403, 403, 403, 403, 403, 200],
    "POST /trainings":                      [201, 403, 403, 403, 403, 403, 403, 403, 403, 201],
    "GET /trainings/indicators":            [200, 403, 403, 403, 403, 403, 200, 403, 403, 200],
    "GET /trainings/{event_id}":            [200, 404, 404, 404, 404, 404, 404, 404, 404, 200],
    "GET /trainings/{event_id}/participants":
                                            [200, 404, 404, 404, 404, 404, 404, 404, 404, 200],
    "POST /trainings/{event_id}/participants":
                                            [200, 404, 404, 404, 404, 404, 404, 404, 404, 200],
    "GET /trainings/{event_id}/cascade":    [200, 404, 404, 404, 404, 404, 404, 404, 404, 200],
    # federation: the link's status, for coordinators and the node administrator
    "GET /federation/status":               [200, 403, 403, 403, 403, 403, 403, 403, 200, 403],
    # joint action plans, campaigns: coordinators and programme officers; analysts get the
    # programme indicators only (small counts hidden)
    "GET /actionplans":                     [200, 403, 403, 403, 403, 403, 403, 403, 403, 200],
    "POST /actionplans":                    [201, 403, 403, 403, 403, 403, 403, 403, 403, 201],
    "GET /actionplans/overdue":             [200, 403, 403, 403, 403, 403, 403, 403, 403, 200],
    "GET /actionplans/{plan_id}":           [200, 404, 404, 404, 404, 404, 404, 404, 404, 200],
    "POST /actionplans/{plan_id}/activities":
                                            [201, 404, 404, 404, 404, 404, 404, 404, 404, 201],
    "POST /actionplans/{plan_id}/activities/{activity_id}/status":
                                            [200, 404, 404, 404, 404, 404, 404, 404, 404, 200],
    "POST /actionplans/{plan_id}/indicators":
                                            [201, 404, 404, 404, 404, 404, 404, 404, 404, 201],
    "POST /actionplans/{plan_id}/indicators/{indicator_id}":
                                            [200, 404, 404, 404, 404, 404, 404, 404, 404, 200],
    "POST /actionplans/{plan_id}/meetings":
                                            [201, 404, 404, 404, 404, 404, 404, 404, 404, 201],
    "GET /campaigns":                       [200, 403, 403, 403, 403, 403, 403, 403, 403, 200],
    "POST /campaigns":                      [201, 403, 403, 403, 403, 403, 403, 403, 403, 201],
    "GET /campaigns/{campaign_id}":         [200, 404, 404, 404, 404, 404, 404, 404, 404, 200],
    "POST /campaigns/{campaign_id}/events": [201, 404, 404, 404, 404, 404, 404, 404, 404, 201],
    "GET /programmes/indicators":           [200, 403, 403, 403, 403, 403, 200, 403, 403, 200],
    "GET /analytics/indicators":            [200, 403, 403, 403, 403, 403, 200, 403, 403, 200],
    "GET /analytics/indicators/{code}":     [200, 403, 403, 403, 403, 403, 200, 403, 403, 403],
    # quarterly donor report (always suppressed): programme officers get the trainings section
    "GET /reports/quarterly":               [200, 403, 403, 403, 403, 403, 200, 403, 403, 200],
    # dashboards: coordinators and analysts, always suppressed through the API
    "GET /dashboards/":                     [200, 403, 403, 403, 403, 403, 200, 403, 403, 403],
    "GET /dashboards/{slug}":               [200, 403, 403, 403, 403, 403, 200, 403, 403, 403],
    # maps: coordinators and analysts, always suppressed through the API
    "GET /maps/hotspots":                   [200, 403, 403, 403, 403, 403, 200, 403, 403, 403],
    "GET /maps/routes":                     [200, 403, 403, 403, 403, 403, 200, 403, 403, 403],
    "GET /maps/emerging":                   [200, 403, 403, 403, 403, 403, 200, 403, 403, 403],
    # anonymised releases: coordinators run them, analysts read them
    "GET /releases":                        [200, 403, 403, 403, 403, 403, 200, 403, 403, 403],
    "POST /releases":                       [201, 403, 403, 403, 403, 403, 403, 403, 403, 403],
    "GET /releases/{release_id}":           [200, 404, 404, 404, 404, 404, 200, 404, 404, 404],
    "GET /releases/{release_id}/csv":       [200, 404, 404, 404, 404, 404, 200, 404, 404, 404],
    # spreadsheet import of persons; a batch uploaded by the shelter's worker is theirs alone
    "POST /spreadsheets/imports":           [201, 201, 201, 201, 403, 403, 403, 403, 403, 403],
    "GET /spreadsheets/imports/{batch_id}": [404, 200, 404, 404, 404, 404, 404, 404, 404, 404],
}
# fmt: on
# `POST /referrals/{id}/status` accepts a referral: only the receiving organisation (or a
# coordinator) may, so the referring worker gets 403.


class World:
    """The case of the matrix and the records hanging off it."""

    def __init__(self, users: dict[str, Any], orgs: dict[str, Any], case: Case) -> None:
        self.users, self.orgs, self.case = users, orgs, case
        worker = users["worker"]
        actions.plan_voluntary_return(worker, case, destination_country="NG")  # for /transition
        actions.transition_case(worker, Case.objects.get(pk=case.pk), "assistance")
        self.referral, _ = actions.refer_case(
            worker, case, to_organisation=orgs["iom"], service_type=_code("service_type")
        )
        self.service, _ = actions.record_service(
            worker, case, service_type=_code("service_type"), delivered_on=datetime.date.today()
        )

    @property
    def path(self) -> str:
        return f"/cases/{self.case.pk}"

    def fresh_case(self) -> Case:
        return Case.objects.get(pk=self.case.pk)


# endpoint -> (prepare, call, effect): `prepare` runs before each role's call (outside the
# snapshot) and returns what the call needs; `effect` checks the database after a success.
Prepare = Callable[[World], Any]
Call = Callable[[ApiClient, World, Any], Any]
Effect = Callable[[World, Any, dict[str, Any], dict[str, Any]], bool]


def _nothing(world: World) -> None:
    return None


def _unchanged(world: World, prepared: Any, before: dict[str, Any], after: dict[str, Any]) -> bool:
    return before == after


def _one_more(key: str) -> Effect:
    def check(world: World, prepared: Any, before: dict[str, Any], after: dict[str, Any]) -> bool:
        return bool(after[key] == before[key] + 1)

    return check


def _one_more_in_list(key: str) -> Effect:
    def check(world: World, prepared: Any, before: dict[str, Any], after: dict[str, Any]) -> bool:
        return len(after[key]) == len(before[key]) + 1

    return check


def _new_case(world: World, prepared: Any, before: dict[str, Any], after: dict[str, Any]) -> bool:
    return (
        len(after["cases"]) == len(before["cases"]) + 1
        and after["persons"] == before["persons"] + 1
    )


def _moved_to_return(
    world: World, prepared: Any, before: dict[str, Any], after: dict[str, Any]
) -> bool:
    moved = world.fresh_case().status == "return"
    actions.transition_case(world.users["worker"], world.fresh_case(), "assistance")  # reset
    return moved


def _withdrawn(world: World, prepared: Any, before: dict[str, Any], after: dict[str, Any]) -> bool:
    return Consent.objects.get(pk=prepared).withdrawn_on is not None


def _accepted(world: World, prepared: Any, before: dict[str, Any], after: dict[str, Any]) -> bool:
    return Referral.objects.get(pk=prepared).status == "accepted"


def _extra_consent(world: World) -> int:
    consent = actions.record_consent(
        world.users["worker"], world.case, scopes=["statistics"], given_on=datetime.date.today()
    )
    return consent.pk


def _extra_referral(world: World) -> int:
    referral, _ = actions.refer_case(
        world.users["worker"],
        world.case,
        to_organisation=world.orgs["iom"],
        service_type=_code("service_type"),
    )
    return referral.pk


CALLS: dict[str, tuple[Prepare, Call, Effect]] = {
    "GET /cases": (_nothing, lambda api, w, p: api.get("/cases"), _unchanged),
    "GET /cases/{id}": (_nothing, lambda api, w, p: api.get(w.path), _unchanged),
    "POST /cases": (_nothing, lambda api, w, p: api.post("/cases", _case_body()), _new_case),
    "POST /cases/{id}/transition": (
        _nothing,
        lambda api, w, p: api.post(
            w.path + "/transition", {"target": "return", "version": w.fresh_case().version}
        ),
        _moved_to_return,
    ),
    "POST /cases/{id}/screenings": (
        _nothing,
        lambda api, w, p: api.post(
            w.path + "/screenings", {"outcome": "presumed_victim", "screened_on": TODAY}
        ),
        _one_more("screenings"),
    ),
    "POST /cases/{id}/consents": (
        _nothing,
        lambda api, w, p: api.post(w.path + "/consents", {"scopes": ["return"], "given_on": TODAY}),
        _one_more_in_list("consents"),
    ),
    "POST /cases/{id}/consents/{c}/withdraw": (
        _extra_consent,
        lambda api, w, p: api.post(f"{w.path}/consents/{p}/withdraw", {"withdrawn_on": TODAY}),
        _withdrawn,
    ),
    "GET /persons?q=": (
        _nothing,
        lambda api, w, p: api.get("/persons", q="Aïssatou Diallo"),
        _unchanged,
    ),
    "GET /persons/{id}": (
        _nothing,
        lambda api, w, p: api.get(f"/persons/{w.case.person_id}"),
        _unchanged,
    ),
    "POST /persons": (
        _nothing,
        lambda api, w, p: api.post("/persons", {"names": ["Ibrahim Sanogo"], "roles": ["suspect"]}),
        _one_more("persons"),
    ),
    "GET /cases/{id}/referrals": (
        _nothing,
        lambda api, w, p: api.get(w.path + "/referrals"),
        _unchanged,
    ),
    "GET /referrals/{id}": (
        _nothing,
        lambda api, w, p: api.get(f"/referrals/{w.referral.pk}"),
        _unchanged,
    ),
    "POST /cases/{id}/referrals": (
        _nothing,
        lambda api, w, p: api.post(
            w.path + "/referrals",
            {"to_organisation": w.orgs["iom"].pk, "service_type": _code("service_type")},
        ),
        _one_more_in_list("referrals"),
    ),
    "POST /referrals/{id}/status": (
        _extra_referral,
        lambda api, w, p: api.post(f"/referrals/{p}/status", {"status": "accepted"}),
        _accepted,
    ),
    "GET /cases/{id}/services": (
        _nothing,
        lambda api, w, p: api.get(w.path + "/services"),
        _unchanged,
    ),
    "GET /services/{id}": (
        _nothing,
        lambda api, w, p: api.get(f"/services/{w.service.pk}"),
        _unchanged,
    ),
    "POST /cases/{id}/services": (
        _nothing,
        lambda api, w, p: api.post(
            w.path + "/services", {"service_type": _code("service_type"), "delivered_on": TODAY}
        ),
        _one_more("services"),
    ),
}
CALLS.update(bulletin_api_calls())
CALLS.update(dedup_api_calls())
CALLS.update(crosslink_api_calls())
CALLS.update(federation_api_calls())
CALLS.update(incident_api_calls())
CALLS.update(investigation_api_calls())
CALLS.update(prosecution_api_calls())
CALLS.update(training_api_calls())
CALLS.update(cooperation_api_calls())
CALLS.update(community_api_calls())
CALLS.update(actionplan_api_calls())
CALLS.update(campaign_api_calls())
CALLS.update(
    {
        "GET /programmes/indicators": (
            _nothing,
            lambda api, w, p: api.get("/programmes/indicators"),
            _unchanged,
        )
    }
)
CALLS.update(odk_api_calls())
CALLS.update(htcds_api_calls())
CALLS.update(release_api_calls())
CALLS.update(spreadsheet_api_calls())
CALLS.update(analytics_api_calls())
CALLS.update(reports_api_calls())
CALLS.update(dashboards_api_calls())
CALLS.update(network_api_calls())
CALLS.update(maps_api_calls())


def test_matrix_rows_match_calls() -> None:
    assert set(API_RULES) == set(CALLS)
    assert all(len(row) == len(ROLES) for row in API_RULES.values())


@pytest.mark.parametrize("endpoint", list(API_RULES))
def test_api_permission_matrix(
    users: dict[str, Any], orgs: dict[str, Any], consented_case: Case, endpoint: str
) -> None:
    world = World(users, orgs, consented_case)
    prepare, call, effect = CALLS[endpoint]
    for role, expected in zip(ROLES, API_RULES[endpoint], strict=True):
        prepared = prepare(world)
        before = _snapshot()
        response = call(ApiClient(users[role]), world, prepared)
        after = _snapshot()
        assert response.status_code == expected, f"{endpoint} as {role}: {response.status_code}"
        if expected >= 400:
            assert after == before, f"{endpoint} as {role} was refused but changed the database"
            if expected == 404:
                assert response.json() == {"detail": "Not found."}
        else:
            assert effect(world, prepared, before, after), f"{endpoint} as {role}: no effect"


def test_every_api_route_is_in_the_matrix() -> None:
    from jokko.api.api import api

    schema = api.get_openapi_schema()
    operations = {
        f"{method.upper()} {path.removeprefix(API)}"
        for path, item in schema["paths"].items()
        for method in item
    }
    rows = {
        endpoint.split("?")[0]
        .replace("{id}/consents/{c}", "{case_id}/consents/{consent_id}")
        .replace("/cases/{id}", "/cases/{case_id}")
        .replace("/persons/{id}", "/persons/{person_id}")
        .replace("/referrals/{id}", "/referrals/{referral_id}")
        .replace("/services/{id}", "/services/{service_id}")
        for endpoint in API_RULES
    }
    assert operations == rows, "every API route needs a row in API_RULES"


# --- who sees what ---------------------------------------------------------------------------
def test_another_organisations_case_is_not_found_and_the_refusal_is_audited(
    users: dict[str, Any], make_case: Any
) -> None:
    case = make_case()
    api = ApiClient(users["other_worker"])
    refused = api.get(f"/cases/{case.pk}")
    missing = api.get(f"/cases/{case.pk + 1000}")
    assert refused.status_code == missing.status_code == 404
    assert refused.json() == missing.json() == {"detail": "Not found."}
    denial = AuditEntry.objects.get(
        actor_username="other_worker", action="denied", object_type="case", object_id=str(case.pk)
    )
    assert denial.channel == "api"
    assert not AuditEntry.objects.filter(actor_username="other_worker", action="read").exists()


def test_reading_a_case_is_audited_with_the_api_channel(
    users: dict[str, Any], make_case: Any
) -> None:
    case = make_case()
    assert ApiClient(users["worker"]).get(f"/cases/{case.pk}").status_code == 200
    entry = AuditEntry.objects.get(actor_username="worker", action="read", object_type="case")
    assert entry.channel == "api" and entry.person_id == case.person_id


def test_investigator_sees_a_case_once_shared_and_identity_only_with_it(
    users: dict[str, Any], orgs: dict[str, Any], consented_case: Case
) -> None:
    api = ApiClient(users["investigator"])
    case_path, person_path = f"/cases/{consented_case.pk}", f"/persons/{consented_case.person_id}"
    assert api.get(case_path).status_code == 404
    assert api.get("/cases").json() == {"count": 0, "items": []}

    actions.share_case(
        users["worker"], consented_case, organisation=orgs["police"], include_identity=False
    )
    body = api.get(case_path).json()
    assert body["person"]["identity_shown"] is False
    assert body["person"]["names"] == [] and body["person"]["phones"] == []
    assert body["person"]["documents"] == []
    assert body["person"]["pseudonym"] == consented_case.person.pseudonym
    listed = api.get("/cases").json()
    assert listed["count"] == 1 and listed["items"][0]["person"]["names"] == []
    assert api.get(person_path).status_code == 404
    assert (
        AuditEntry.objects.get(
            actor_username="investigator", action="read", object_type="case"
        ).detail.get("identity_shown")
        is False
    )

    actions.share_case(
        users["worker"],
        consented_case,
        organisation=orgs["police"],
        include_identity=True,
        legal_basis="Réquisition n°3",
    )
    body = api.get(case_path).json()
    assert body["person"]["identity_shown"] is True
    assert body["person"]["names"] == [
        {"full_name": "Aïssatou Diallo", "script": "latin", "kind": "primary"}
    ]
    assert api.get(person_path).status_code == 200
    # The prosecutor's court has no share: still nothing.
    assert ApiClient(users["prosecutor"]).get(case_path).status_code == 404


def test_receiving_organisation_sees_the_case_and_records_services_but_cannot_refer(
    users: dict[str, Any], orgs: dict[str, Any], consented_case: Case
) -> None:
    worker, health = ApiClient(users["worker"]), ApiClient(users["health_worker"])
    path = f"/cases/{consented_case.pk}"
    assert health.get(path).status_code == 404
    referral = worker.post(
        path + "/referrals",
        {"to_organisation": orgs["health"].pk, "service_type": _code("service_type")},
    ).json()
    assert health.get(path).status_code == 200
    accepted = health.post(f"/referrals/{referral['id']}/status", {"status": "accepted"})
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    assert Referral.objects.get(pk=referral["id"]).status == "accepted"
    service = health.post(
        path + "/services",
        {
            "service_type": _code("service_type"),
            "delivered_on": TODAY,
            "referral_id": referral["id"],
        },
    )
    assert service.status_code == 201
    assert ServiceDelivery.objects.get().provider_id == orgs["health"].pk
    before = _snapshot()
    onward = health.post(
        path + "/referrals",
        {"to_organisation": orgs["iom"].pk, "service_type": _code("service_type")},
    )
    assert onward.status_code == 403 and _snapshot() == before


def test_referral_of_an_invisible_case_is_not_found(
    users: dict[str, Any], orgs: dict[str, Any], consented_case: Case
) -> None:
    referral, _ = actions.refer_case(
        users["worker"],
        consented_case,
        to_organisation=orgs["iom"],
        service_type=_code("service_type"),
    )
    api = ApiClient(users["other_worker"])
    for response in (
        api.get(f"/referrals/{referral.pk}"),
        api.post(f"/referrals/{referral.pk}/status", {"status": "cancelled"}),
        api.get(f"/referrals/{referral.pk + 1000}"),
    ):
        assert response.status_code == 404 and response.json() == {"detail": "Not found."}
    assert Referral.objects.get(pk=referral.pk).status == referral.status
    assert (
        AuditEntry.objects.filter(
            actor_username="other_worker", action="denied", object_type="case", channel="api"
        ).count()
        == 2
    )


def test_search_needs_a_role_that_may_see_identities(users: dict[str, Any], make_case: Any) -> None:
    case = make_case(name="Mouhamed Jallow")
    hits = ApiClient(users["worker"]).get("/persons", q="Mohamed Diallo").json()
    assert hits and hits[0]["person"]["id"] == case.person_id
    exact = ApiClient(users["worker"]).get("/persons", q="Mohamed Diallo", mode="exact").json()
    assert exact == []
    assert ApiClient(users["worker"]).get("/persons", q="Jallow Mouhamed", mode="exact").json()
    assert AuditEntry.objects.filter(actor_username="worker", channel="api").exists()
    analyst = ApiClient(users["analyst"]).get("/persons", q="Mouhamed Jallow")
    assert analyst.status_code == 403
    assert not AuditEntry.objects.filter(actor_username="analyst", action="read").exists()


def test_case_list_is_paginated(users: dict[str, Any], make_case: Any) -> None:
    cases = [make_case(name=name) for name in ("Awa Ndiaye", "Fatou Sow", "Binta Ba")]
    api = ApiClient(users["worker"])
    page = api.get("/cases", limit=2).json()
    assert page["count"] == 3 and [c["id"] for c in page["items"]] == [cases[2].pk, cases[1].pk]
    rest = api.get("/cases", limit=2, offset=2).json()
    assert [c["id"] for c in rest["items"]] == [cases[0].pk]
    assert api.get("/cases", limit=0).status_code == 422
    assert api.get("/cases", status="closed").json() == {"count": 0, "items": []}


# --- idempotent creates ----------------------------------------------------------------------
def test_registration_is_idempotent_with_client_id(users: dict[str, Any]) -> None:
    api = ApiClient(users["worker"])
    body = _case_body(client_id=str(uuid.uuid4()))
    first = api.post("/cases", body)
    again = api.post("/cases", body)
    assert first.status_code == 201 and again.status_code == 200
    assert first.json() == again.json()
    assert Case.objects.count() == 1 and Person.objects.count() == 1
    assert str(Case.objects.get().client_id) == body["client_id"]
    assert {n["full_name"] for n in first.json()["person"]["names"]} == {
        "Kadiatou Barry",
        "Kadijatou Bari",
    }
    # Another user replaying the id is refused and learns nothing about the first case.
    replayed = ApiClient(users["other_worker"]).post("/cases", body)
    assert replayed.status_code == 422 and list(replayed.json()["detail"]) == ["client_id"]
    assert Case.objects.count() == 1 and Person.objects.count() == 1


def test_person_registration_is_idempotent(users: dict[str, Any]) -> None:
    api = ApiClient(users["investigator"])
    body = {"client_id": str(uuid.uuid4()), "names": ["Ibrahim Sanogo"], "roles": ["suspect"]}
    responses = [api.post("/persons", body) for _ in range(2)]
    assert [r.status_code for r in responses] == [201, 200]
    assert responses[0].json()["id"] == responses[1].json()["id"]
    assert Person.objects.count() == 1
    assert Person.objects.get().owner_organisation_id == users["investigator"].organisation_id


def test_referral_and_service_creates_are_idempotent(
    users: dict[str, Any], orgs: dict[str, Any], consented_case: Case, make_case: Any
) -> None:
    api = ApiClient(users["worker"])
    path = f"/cases/{consented_case.pk}"
    body = {
        "client_id": str(uuid.uuid4()),
        "to_organisation": orgs["health"].pk,
        "service_type": _code("service_type"),
    }
    replies = [api.post(path + "/referrals", body) for _ in range(2)]
    assert [r.status_code for r in replies] == [201, 200]
    assert replies[0].json() == replies[1].json()
    assert Referral.objects.count() == 1
    service = {
        "client_id": str(uuid.uuid4()),
        "service_type": _code("service_type"),
        "delivered_on": TODAY,
    }
    assert [api.post(path + "/services", service).status_code for _ in range(2)] == [201, 200]
    assert ServiceDelivery.objects.count() == 1
    # The same client_id sent for another case is a client bug: refused, nothing written.
    other = make_case(name="Awa Ndiaye")
    reused = api.post(f"/cases/{other.pk}/services", service)
    assert reused.status_code == 422 and "client_id" in reused.json()["detail"]
    assert ServiceDelivery.objects.count() == 1


# --- bad input -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "override, field",
    [
        ({"identified_on": "2026-02-31"}, None),  # not a date: ninja's own 422
        ({"identified_on": "yesterday"}, None),
        ({"identified_on": "2999-01-01"}, "identified_on"),
        ({"place_code": "ZZ-NOWHERE"}, "place_code"),
        ({"exploitation_types": ["unicorn_herding"]}, "exploitation_types"),
        ({"case_type": "unicorn"}, "case_type"),
        ({"person": {"names": ["Awa Ndiaye"], "sex": "robot"}}, "sex"),
        ({"person": {"names": []}}, None),
        ({"person": {"names": ["Awa Ndiaye"], "nationality": "XX"}}, "nationality"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(
    users: dict[str, Any], override: dict[str, Any], field: str | None
) -> None:
    response = ApiClient(users["worker"]).post("/cases", _case_body(**override))
    assert response.status_code == 422
    detail = response.json()["detail"]
    if field:
        assert isinstance(detail[field], list) and all(isinstance(m, str) for m in detail[field])
    assert not Case.objects.exists() and not Person.objects.exists()


def test_malformed_json_is_refused(users: dict[str, Any]) -> None:
    api = ApiClient(users["worker"])
    response = api.client.post(
        API + "/cases", "{not json", content_type="application/json", headers=api.headers
    )
    assert response.status_code in (400, 422)
    wrong_type = api.post("/cases", _case_body(exploitation_types="forced_labour"))
    assert wrong_type.status_code == 422
    assert not Case.objects.exists() and not Person.objects.exists()


def test_bad_service_and_referral_input_changes_nothing(
    users: dict[str, Any], orgs: dict[str, Any], consented_case: Case
) -> None:
    api = ApiClient(users["worker"])
    path = f"/cases/{consented_case.pk}"
    before = _snapshot()
    assert (
        api.post(path + "/services", {"service_type": "unicorn", "delivered_on": TODAY}).status_code
        == 422
    )
    assert (
        api.post(
            path + "/services",
            {"service_type": _code("service_type"), "delivered_on": "31/12/2025"},
        ).status_code
        == 422
    )
    unknown_org = api.post(
        path + "/referrals", {"to_organisation": 99999, "service_type": _code("service_type")}
    )
    assert unknown_org.status_code == 422 and "to_organisation" in unknown_org.json()["detail"]
    assert (
        api.post(path + "/screenings", {"outcome": "unknown", "screened_on": TODAY}).status_code
        == 422
    )
    assert api.post(path + "/consents", {"scopes": [], "given_on": TODAY}).status_code == 422
    assert _snapshot() == before


# --- workflow and conflicts ------------------------------------------------------------------
def test_illegal_transition_is_a_conflict_and_changes_nothing(
    users: dict[str, Any], make_case: Any
) -> None:
    case = make_case()
    before = _snapshot()
    response = ApiClient(users["worker"]).post(
        f"/cases/{case.pk}/transition", {"target": "reintegration", "version": case.version}
    )
    assert response.status_code == 409
    assert isinstance(response.json()["detail"], str) and response.json()["detail"]
    assert _snapshot() == before
    assert Case.objects.get(pk=case.pk).status == "identified"


def test_stale_version_is_a_conflict_and_changes_nothing(
    users: dict[str, Any], make_case: Any
) -> None:
    case = make_case()
    api = ApiClient(users["worker"])
    path = f"/cases/{case.pk}"
    assert (
        api.post(
            path + "/screenings", {"outcome": "presumed_victim", "screened_on": TODAY}
        ).status_code
        == 201
    )
    assert (
        api.post(path + "/consents", {"scopes": ["referral"], "given_on": TODAY}).status_code == 201
    )
    version = api.get(path).json()["version"]
    assert version == Case.objects.get(pk=case.pk).version
    before = _snapshot()
    stale = api.post(path + "/transition", {"target": "assistance", "version": version - 1})
    assert stale.status_code == 409 and isinstance(stale.json()["detail"], str)
    assert _snapshot() == before
    moved = api.post(path + "/transition", {"target": "assistance", "version": version})
    assert moved.status_code == 200 and moved.json()["status"] == "assistance"
    assert moved.json()["version"] == version + 1
    assert Case.objects.get(pk=case.pk).status == "assistance"


def test_consent_withdrawal_stops_referrals(
    users: dict[str, Any], orgs: dict[str, Any], make_case: Any
) -> None:
    case = make_case()
    api = ApiClient(users["worker"])
    path = f"/cases/{case.pk}"
    consent = api.post(path + "/consents", {"scopes": ["referral"], "given_on": TODAY})
    assert consent.status_code == 201 and Consent.objects.filter(case=case).count() == 1
    withdrawn = api.post(
        f"{path}/consents/{consent.json()['id']}/withdraw", {"withdrawn_on": TODAY}
    )
    assert withdrawn.status_code == 200 and withdrawn.json()["withdrawn_on"] == TODAY
    assert Consent.objects.get().withdrawn_on == datetime.date.today()
    again = api.post(f"{path}/consents/{consent.json()['id']}/withdraw", {"withdrawn_on": TODAY})
    assert again.status_code == 409
    refused = api.post(
        path + "/referrals",
        {"to_organisation": orgs["health"].pk, "service_type": _code("service_type")},
    )
    assert refused.status_code == 422 and "consent" in refused.json()["detail"]
    assert not Referral.objects.exists()
    # A consent id of another case is not found through this case.
    other = make_case(name="Awa Ndiaye")
    assert (
        api.post(
            f"/cases/{other.pk}/consents/{consent.json()['id']}/withdraw", {"withdrawn_on": TODAY}
        ).status_code
        == 404
    )


# --- the committed schema --------------------------------------------------------------------
def test_committed_openapi_schema_is_current() -> None:
    from jokko.api.management.commands.export_openapi import openapi_document

    committed = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"
    assert committed.read_text() == openapi_document(), (
        "docs/openapi.json is out of date with the API: regenerate it with "
        "`.venv/bin/jokko export_openapi` (or `python -m django export_openapi "
        "--settings=jokko.settings`) and commit the result"
    )


def test_schema_documents_auth_and_idempotency() -> None:
    from jokko.api.api import api

    schema = api.get_openapi_schema()
    assert schema["openapi"].startswith("3.")
    assert any(
        "Bearer" in str(scheme) or "bearer" in str(scheme)
        for scheme in schema["components"]["securitySchemes"].values()
    )
    assert "client_id" in schema["components"]["schemas"]["CaseIn"]["properties"]
    assert "client_id" not in schema["components"]["schemas"]["SurvivorIn"]["properties"]


def test_issue_token_command_prints_a_working_token_once(users: dict[str, Any]) -> None:
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError

    out = StringIO()
    call_command("issue_token", "worker", stdout=out)
    raw = out.getvalue().strip()
    assert (
        Client().get(API + "/cases", headers={"Authorization": f"Bearer {raw}"}).status_code == 200
    )
    assert ApiToken.objects.filter(user=users["worker"]).count() == 1
    assert not ApiToken.objects.filter(key_hash=raw).exists()
    with pytest.raises(CommandError, match="no active user"):
        call_command("issue_token", "nobody")
