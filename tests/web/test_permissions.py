"""Every role against every page and record type.

The table below is the rule book: for each named page, the status each role gets. A page added
to `jokko/urls.py` without a row here fails `test_every_page_has_a_rule`, so no route ships
without a decision about who may use it.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from jokko.audit.models import AuditEntry
from jokko.cases import actions
from tests.conftest import login
from tests.trainings.helpers import TRAINING_PAGES_WITH_IDS, training_page_url

pytestmark = pytest.mark.django_db

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

# page name -> status per role, in the order of ROLES. The case is owned by `worker`'s shelter;
# `health_worker` has not been referred to yet; nothing is shared with police or court.
# fmt: off
PAGE_RULES: dict[str, list[int]] = {
    #                  coord worker other health invest prosec analyst reporter admin prog
    "home":           [200,  200,   200,  200,   200,    200,   200,    200,     200, 200],
    "case-list":      [200,  200,   200,  200,   200,    200,   403,    403,     403, 403],
    "case-register":  [200,  200,   200,  200,   403,    403,   403,    403,     403, 403],
    "case-detail":    [200,  200,   404,  404,   404,    404,   404,    404,     404, 404],
    "case-step":      [400,  400,   404,  404,   404,    404,   404,    404,     404, 404],
    "case-edit":      [200,  200,   404,  404,   404,    404,   404,    404,     404, 404],
    "person-search":  [200,  200,   200,  200,   200,    200,   403,    403,     403, 403],
    "person-detail":  [200,  200,   404,  404,   404,    404,   404,    404,     404, 404],
    "person-photo":   [404,  404,   404,  404,   404,    404,   404,    404,     404, 404],
    "person-alias":   [302,  302,   404,  404,   404,    404,   404,    404,     404, 404],
    "analysis":       [200,  403,   403,  403,   403,    403,   200,    403,     403, 403],
    "login":          [200,  200,   200,  200,   200,    200,   200,    200,     200, 200],
    "logout":         [405,  405,   405,  405,   405,    405,   405,    405,     405, 405],
    # second factor: the code step needs a password just given (else back to the login page);
    # the set-up page is for the roles that may (or must) use it
    "login-verify":   [302,  302,   302,  302,   302,    302,   302,    302,     302, 302],
    "twofactor":      [200,  403,   403,  403,   200,    200,   403,    403,     200, 403],
    "federation-status": [200, 403, 403, 403,   403,    403,   403,    403,     200, 403],
    "federation-inbox":  [405, 405, 405, 405,   405,    405,   405,    405,     405, 405],
    "federation-ping":   [404, 403, 403, 403,   403,    403,   403,    403,     404, 403],
    "dedup-queue":    [200,  403,   403,  403,   403,    403,   403,    403,     403, 403],
    # bulletins: a vehicle alert received from Mauritania, with a survivor's identity enclosed
    "bulletin-list":        [200, 403, 403, 403, 200, 200, 403, 403, 403, 403],
    "bulletin-compose":     [200, 403, 403, 403, 200, 200, 403, 403, 403, 403],
    "bulletin-detail":      [200, 404, 404, 404, 200, 404, 404, 404, 404, 404],
    "bulletin-identity":    [200, 404, 404, 404, 200, 404, 404, 404, 404, 404],
    "bulletin-acknowledge": [302, 404, 404, 404, 302, 404, 404, 404, 404, 404],
    "bulletin-reply":       [400, 404, 404, 404, 400, 404, 404, 404, 404, 404],
    "bulletin-link":        [400, 404, 404, 404, 400, 404, 404, 404, 404, 404],
    "dedup-run":      [302,  403,   403,  403,   403,    403,   403,    403,     403, 403],
    "dedup-pair":     [200,  404,   404,  404,   404,    404,   404,    404,     404, 404],
    "dedup-confirm":  [302,  404,   404,  404,   404,    404,   404,    404,     404, 404],
    "dedup-reject":   [302,  404,   404,  404,   404,    404,   404,    404,     404, 404],
    "crosslink-home":        [200, 403, 403, 403, 200,  403,   403,    403,     403, 403],
    "crosslink-check":       [200, 403, 403, 403, 404,  403,   403,    403,     403, 403],
    "crosslink-query":       [404, 403, 403, 403, 404,  403,   403,    403,     403, 403],
    "crosslink-disclose":    [404, 403, 403, 403, 404,  403,   403,    403,     403, 403],
    "crosslink-disclosures": [200, 403, 403, 403, 200,  403,   403,    403,     403, 403],
    "crosslink-disclosure":  [404, 403, 403, 403, 404,  403,   403,    403,     403, 403],
    "crosslink-share":       [405, 405, 405, 405, 405,  405,   405,    405,     405, 405],
    # incidents: the Kidira interception recorded by the police investigator
    # odk: forms, upload and received submissions (coordinators and case workers)
    "odk-forms":         [200, 200, 200, 200, 403, 403, 403, 403, 403, 403],
    "odk-form-download": [200, 200, 200, 200, 403, 403, 403, 403, 403, 403],
    "odk-upload":        [200, 200, 200, 200, 403, 403, 403, 403, 403, 403],
    "odk-submissions":   [200, 200, 200, 200, 403, 403, 403, 403, 403, 403],
    "odk-openrosa-formlist":   [200, 200, 200, 200, 403, 403, 403, 403, 403, 403],
    "odk-openrosa-form":       [200, 200, 200, 200, 403, 403, 403, 403, 403, 403],
    "odk-openrosa-submission": [405, 405, 405, 405, 405, 405, 405, 405, 405, 405],
    "incident-list":   [200, 403, 403, 403, 200, 200, 403, 403, 403, 403],
    "incident-new":    [200, 403, 403, 403, 200, 403, 403, 403, 403, 403],
    "incident-detail": [200, 404, 404, 404, 200, 200, 404, 404, 404, 404],
    "suspect-list":    [200, 403, 403, 403, 200, 200, 403, 403, 403, 403],
    "suspect-detail":  [200, 404, 404, 404, 200, 200, 404, 404, 404, 404],
    "suspect-add":     [302, 404, 404, 404, 302, 403, 404, 404, 404, 404],
    "incident-add-suspect": [302, 404, 404, 404, 302, 403, 404, 404, 404, 404],
    # networks: link analysis, investigators only (no data needed to open the pages)
    "network-overview": [403, 403, 403, 403, 200, 403, 403, 403, 403, 403],
    "network-entity":   [403, 403, 403, 403, 200, 403, 403, 403, 403, 403],
    "network-path":     [403, 403, 403, 403, 200, 403, 403, 403, 403, 403],
    # investigations: the police unit's Kidira investigation (open, not yet referred), one exhibit
    "investigation-list":   [200, 403, 403, 403, 200, 200, 403, 403, 403, 403],
    "investigation-new":    [403, 403, 403, 403, 200, 403, 403, 403, 403, 403],
    "investigation-detail": [200, 404, 404, 404, 200, 404, 404, 404, 404, 404],
    "investigation-evidence-document": [200, 404, 404, 404, 200, 404, 404, 404, 404, 404],
    # cooperation: an MLA request drafted by the court's prosecutor (no investigation linked)
    "cooperation-list":   [200, 403, 403, 403, 200, 200, 403, 403, 403, 403],
    "cooperation-new":    [200, 403, 403, 403, 403, 200, 403, 403, 403, 403],
    "cooperation-detail": [200, 404, 404, 404, 404, 200, 404, 404, 404, 404],
    "cooperation-status": [302, 404, 404, 404, 404, 302, 404, 404, 404, 404],
    "justice-indicators": [200, 403, 403, 403, 403, 200, 200, 403, 403, 403],
    # prosecutions: one before the court, not stemming from an investigation; the case's
    # legal-aid file belongs to the case's own shelter
    "prosecution-list":   [200, 403, 403, 403, 200, 200, 403, 403, 403, 403],
    "prosecution-new":    [200, 403, 403, 403, 403, 200, 403, 403, 403, 403],
    "prosecution-detail": [200, 404, 404, 404, 404, 200, 404, 404, 404, 404],
    "prosecution-step":   [400, 404, 404, 404, 404, 400, 404, 404, 404, 404],
    "statute-list":       [200, 403, 403, 403, 200, 200, 403, 403, 403, 403],
    "legal-aid-edit":     [200, 200, 404, 404, 404, 404, 404, 404, 404, 404],
    # community reports: one sent by a member of the Bantaco committee (not the shared
    # `reporter`, an NGO's community reporter); the public form and the webhook need no login
    "community-public":           [200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
    "community-report-new":       [403, 403, 403, 403, 403, 403, 403, 200, 403, 403],
    "community-hotline-new":      [200, 403, 403, 403, 403, 403, 403, 403, 403, 403],
    "community-mine":             [403, 403, 403, 403, 403, 403, 403, 200, 403, 403],
    "community-triage":           [200, 403, 403, 403, 403, 403, 403, 403, 403, 403],
    "community-report-detail":    [200, 404, 404, 404, 404, 404, 404, 404, 404, 404],
    "community-triage-action":    [302, 404, 404, 404, 404, 404, 404, 404, 404, 404],
    "community-convert-case":     [200, 404, 404, 404, 404, 404, 404, 404, 404, 404],
    "community-convert-incident": [302, 404, 404, 404, 404, 404, 404, 404, 404, 404],
    "community-webhook-rapidpro": [405, 405, 405, 405, 405, 405, 405, 405, 405, 405],
    # joint action plans and campaigns: a Senegal-Mauritania plan and a campaign of the
    # programme officer; programme work is for coordinators and programme officers
    "actionplan-list":        [200, 403, 403, 403, 403, 403, 403, 403, 403, 200],
    "actionplan-new":         [200, 403, 403, 403, 403, 403, 403, 403, 403, 200],
    "actionplan-overdue":     [200, 403, 403, 403, 403, 403, 403, 403, 403, 200],
    "actionplan-detail":      [200, 404, 404, 404, 404, 404, 404, 404, 404, 200],
    "actionplan-timeline":    [200, 404, 404, 404, 404, 404, 404, 404, 404, 200],
    "actionplan-meeting-new": [200, 404, 404, 404, 404, 404, 404, 404, 404, 200],
    "actionplan-step":        [400, 404, 404, 404, 404, 404, 404, 404, 404, 400],
    "campaign-list":          [200, 403, 403, 403, 403, 403, 403, 403, 403, 200],
    "campaign-new":           [200, 403, 403, 403, 403, 403, 403, 403, 403, 200],
    "campaign-detail":        [200, 404, 404, 404, 404, 404, 404, 404, 404, 200],
    "campaign-event-new":     [200, 404, 404, 404, 404, 404, 404, 404, 404, 200],
    "programme-indicators":   [200, 403, 403, 403, 403, 403, 200, 403, 403, 200],
    # anonymised releases: coordinators run them, analysts read them; a published release
    "release-list":           [200, 403, 403, 403, 403, 403, 200, 403, 403, 403],
    "release-new":            [200, 403, 403, 403, 403, 403, 403, 403, 403, 403],
    "release-detail":         [200, 404, 404, 404, 404, 404, 200, 404, 404, 404],
    "release-download":       [200, 404, 404, 404, 404, 404, 200, 404, 404, 404],
    # trainings: a ToT in Kédougou with one certified trainee, recorded by the programme
    # officer; the certificate check is public (anyone holding a certificate may check it)
    "training-list":          [200, 403, 403, 403, 403, 403, 403, 403, 403, 200],
    "training-new":           [200, 403, 403, 403, 403, 403, 403, 403, 403, 200],
    "training-detail":        [200, 404, 404, 404, 404, 404, 404, 404, 404, 200],
    "training-import":        [302, 404, 404, 404, 404, 404, 404, 404, 404, 302],
    "training-cascade":       [200, 404, 404, 404, 404, 404, 404, 404, 404, 200],
    "training-certificate":   [200, 404, 404, 404, 404, 404, 404, 404, 404, 200],
    "certificate-verify":     [200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
    "participant-list":       [200, 403, 403, 403, 403, 403, 403, 403, 403, 200],
    "participant-detail":     [200, 404, 404, 404, 404, 404, 404, 404, 404, 200],
    # spreadsheet import: a persons sheet uploaded by the shelter's `worker`, not yet imported;
    # persons/cases for those who register survivors, incidents for investigators/coordinators
    "spreadsheet-import":         [200, 200, 200, 200, 200, 403, 403, 403, 403, 403],
    "spreadsheet-import-template": [200, 200, 200, 200, 403, 403, 403, 403, 403, 403],
    "spreadsheet-import-detail":  [404, 200, 404, 404, 404, 404, 404, 404, 404, 404],
    "spreadsheet-import-map":     [404, 200, 404, 404, 404, 404, 404, 404, 404, 404],
    "spreadsheet-import-preview": [404, 200, 404, 404, 404, 404, 404, 404, 404, 404],
    "spreadsheet-import-commit":  [404, 302, 404, 404, 404, 404, 404, 404, 404, 404],
    "spreadsheet-import-abandon": [404, 302, 404, 404, 404, 404, 404, 404, 404, 404],
    # HTCDS exchange: export for coordinators and case workers (their visible cases), import
    # for coordinators; the upload belongs to the coordinator
    "htcds-export":         [200, 200, 200, 200, 403, 403, 403, 403, 403, 403],
    "htcds-import":         [200, 403, 403, 403, 403, 403, 403, 403, 403, 403],
    "htcds-import-preview": [200, 403, 403, 403, 403, 403, 403, 403, 403, 403],
    "htcds-import-confirm": [302, 403, 403, 403, 403, 403, 403, 403, 403, 403],
    # analytics: the catalogue for whoever sees indicators (programme officers: trainings only),
    # a case indicator for coordinators and analysts, the store page and refresh for coordinators
    "analytics-catalogue":  [200, 403, 403, 403, 403, 403, 200, 403, 403, 200],
    "analytics-indicator":  [200, 403, 403, 403, 403, 403, 200, 403, 403, 403],
    "analytics-store":      [200, 403, 403, 403, 403, 403, 403, 403, 403, 403],
    "analytics-refresh":    [302, 403, 403, 403, 403, 403, 403, 403, 403, 403],
    # quarterly report: the choice page for coordinators, analysts and programme officers
    # (trainings section only); a download without a format is refused with a message
    "reports-quarterly":    [200, 403, 403, 403, 403, 403, 200, 403, 403, 200],
    "reports-download":     [400, 403, 403, 403, 403, 403, 400, 403, 403, 400],
    # dashboards: coordinators (exact) and analysts (suppressed); the CSV is always suppressed
    "dashboards-overview":  [200, 403, 403, 403, 403, 403, 200, 403, 403, 403],
    "dashboards-page":      [200, 403, 403, 403, 403, 403, 200, 403, 403, 403],
    "dashboards-csv":       [200, 403, 403, 403, 403, 403, 200, 403, 403, 403],
    # maps: coordinators (exact) and analysts (suppressed); everyone else refused
    "maps-home":            [200, 403, 403, 403, 403, 403, 200, 403, 403, 403],
}
# fmt: on
# Routes covered elsewhere: the API has its own matrix (tests/api), admin and i18n are Django's.
COVERED_ELSEWHERE = {"set_language"}


def _named_routes(patterns: list[Any], prefix: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            route = str(pattern.pattern)
            if route.startswith(("admin/", "api/")):
                continue
            names |= _named_routes(pattern.url_patterns, prefix + route)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(pattern.name)
    return names


def test_every_page_has_a_rule() -> None:
    routes = _named_routes(get_resolver().url_patterns)
    missing = routes - set(PAGE_RULES) - COVERED_ELSEWHERE
    assert not missing, f"pages without a permission rule in PAGE_RULES: {sorted(missing)}"


COMMUNITY_REPORT_PAGES = {
    "community-report-detail",
    "community-triage-action",
    "community-convert-case",
    "community-convert-incident",
}
BULLETIN_PAGES = {
    "bulletin-detail",
    "bulletin-identity",
    "bulletin-acknowledge",
    "bulletin-reply",
    "bulletin-link",
}


ACTIONPLAN_PAGES = {
    "actionplan-detail",
    "actionplan-timeline",
    "actionplan-meeting-new",
    "actionplan-step",
}


def _url(name: str, case: Any) -> str:
    if name in ("case-detail", "case-edit"):
        return reverse(name, kwargs={"case_id": case.pk})
    if name == "case-step":
        return reverse(name, kwargs={"case_id": case.pk, "step": "screening"})
    if name in ("person-detail", "person-photo", "person-alias"):
        return reverse(name, kwargs={"person_id": case.person_id})
    if name in BULLETIN_PAGES:
        from tests.bulletins.helpers import received_bulletin

        return reverse(name, kwargs={"bulletin_id": received_bulletin().pk})
    if name == "federation-ping":  # no peer registered here: allowed roles get 404
        return reverse(name, kwargs={"country": "ML"})
    if name == "crosslink-check":  # the case's survivor: not shared with the investigator
        return reverse(name, kwargs={"person_id": case.person_id})
    if name in ("crosslink-query", "crosslink-disclose", "crosslink-disclosure"):
        # No such record: allowed roles get 404, the others 403 before any lookup.
        key = {"crosslink-query": "query_id", "crosslink-disclose": "candidate_id"}
        return reverse(name, kwargs={key.get(name, "request_id"): 999_999})
    if name.startswith("odk-"):
        from tests.odk.helpers import odk_page_url

        return odk_page_url(name)
    if name == "incident-detail":
        from tests.incidents.helpers import incident_for_permissions

        return reverse(name, kwargs={"incident_id": incident_for_permissions().pk})
    if name == "incident-add-suspect":
        from tests.incidents.helpers import incident_for_permissions

        return reverse(name, kwargs={"incident_id": incident_for_permissions().pk})
    if name == "suspect-add":
        from tests.incidents.helpers import suspect_for_permissions

        return reverse(name, kwargs={"suspect_id": suspect_for_permissions().pk})
    if name == "suspect-detail":
        from tests.incidents.helpers import suspect_for_permissions

        return reverse(name, kwargs={"suspect_id": suspect_for_permissions().pk})
    if name in ("investigation-detail", "investigation-evidence-document"):
        from tests.investigations.helpers import evidence_for_permissions

        evidence = evidence_for_permissions()
        ids = {"investigation_id": evidence.investigation_id}
        if name == "investigation-evidence-document":
            ids["evidence_id"] = evidence.pk
        return reverse(name, kwargs=ids)
    if name in ("cooperation-detail", "cooperation-status"):
        from tests.cooperation.helpers import request_for_permissions

        return reverse(name, kwargs={"request_id": request_for_permissions().pk})
    if name in ("prosecution-detail", "prosecution-step"):
        from tests.prosecutions.helpers import prosecution_for_permissions

        kwargs: dict[str, Any] = {"prosecution_id": prosecution_for_permissions().pk}
        if name == "prosecution-step":  # an empty hearing form: 400 for those who manage it
            kwargs["step"] = "hearing"
        return reverse(name, kwargs=kwargs)
    if name == "legal-aid-edit":
        return reverse(name, kwargs={"case_id": case.pk})
    if name in COMMUNITY_REPORT_PAGES:
        from tests.community.helpers import report_for_permissions

        return reverse(name, kwargs={"report_id": report_for_permissions().pk})
    if name in TRAINING_PAGES_WITH_IDS:
        return training_page_url(name)
    if name.startswith("htcds-"):
        from tests.htcds.helpers import htcds_page_url

        return htcds_page_url(name)
    if name.startswith("spreadsheet-"):
        from tests.spreadsheets.helpers import spreadsheet_page_url

        return spreadsheet_page_url(name)
    if name in ACTIONPLAN_PAGES:
        from tests.actionplans.helpers import plan_for_permissions

        kwargs = {"plan_id": plan_for_permissions().pk}
        if name == "actionplan-step":  # an empty activity form: 400 for those who manage it
            kwargs["step"] = "activity"
        return reverse(name, kwargs=kwargs)
    if name in ("campaign-detail", "campaign-event-new"):
        from tests.campaigns.helpers import campaign_for_permissions

        return reverse(name, kwargs={"campaign_id": campaign_for_permissions().pk})
    if name in ("dedup-pair", "dedup-confirm", "dedup-reject"):
        from tests.dedup.factories import duplicate_pair_for_permissions

        return reverse(name, kwargs={"pair_id": duplicate_pair_for_permissions(case).pk})
    if name.startswith("release-"):
        from tests.releases.helpers import release_page_url

        return release_page_url(name)
    if name.startswith("analytics-"):
        from tests.analytics.helpers import analytics_page_url

        return analytics_page_url(name)
    if name.startswith("dashboards-"):
        from tests.dashboards.helpers import dashboard_page_url

        return dashboard_page_url(name)
    return reverse(name)


@pytest.mark.parametrize("name", sorted(PAGE_RULES))
def test_page_rules(client: Any, users: dict[str, Any], make_case: Any, name: str) -> None:
    case = make_case()
    for role, expected in zip(ROLES, PAGE_RULES[name], strict=True):
        client.logout()
        login(client, users[role])
        url = _url(name, case)
        # case-step with an empty form: owners get 400 (form errors), others never reach the form.
        if name == "case-step":
            response = client.post(url, {})
        elif name == "person-alias":
            response = client.post(url, {"name": f"Alias {role}"})
        elif name == "federation-ping":
            response = client.post(url)
        elif name in ("dedup-run", "dedup-confirm", "dedup-reject"):
            response = client.post(url, {})
        elif name in ("suspect-add", "incident-add-suspect"):
            response = client.post(url, {})
        elif name in ("bulletin-acknowledge", "bulletin-reply", "bulletin-link"):
            response = client.post(url, {})
        elif name == "prosecution-step":
            response = client.post(url, {})
        elif name in ("community-triage-action", "community-convert-incident"):
            response = client.post(url, {})  # no decision: back to the report with a message
        elif name == "actionplan-step":
            response = client.post(url, {})
        elif name == "cooperation-status":  # an empty form: back to the request with a message
            response = client.post(url, {})
        elif name == "training-import":  # no file: back to the training with a message
            response = client.post(url, {})
        elif name in ("spreadsheet-import-commit", "spreadsheet-import-abandon"):
            response = client.post(url, {})
        elif name == "htcds-import-confirm":  # imports the coordinator's checked file
            response = client.post(url, {})
        elif name == "analytics-refresh":
            response = client.post(url, {})
        else:
            response = client.get(url)
        assert response.status_code == expected, f"{name} as {role}: {response.status_code}"


def test_anonymous_users_are_sent_to_login(client: Any, make_case: Any) -> None:
    case = make_case()
    for name in ("home", "case-list", "case-detail", "person-detail", "analysis", "person-search"):
        response = client.get(_url(name, case))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_refused_reads_are_audited(client: Any, users: dict[str, Any], make_case: Any) -> None:
    case = make_case()
    for role in ("other_worker", "analyst", "investigator"):
        login(client, users[role])
        assert client.get(_url("case-detail", case)).status_code == 404
        assert client.get(_url("person-detail", case)).status_code == 404
        assert AuditEntry.objects.filter(
            actor_username=role, action="denied", object_type="case"
        ).exists()
        assert AuditEntry.objects.filter(
            actor_username=role, action="denied", object_type="person", person_id=case.person_id
        ).exists()


def test_referral_opens_the_case_to_the_receiving_provider(
    client: Any, users: dict[str, Any], consented_case: Any, orgs: dict[str, Any]
) -> None:
    from jokko.taxonomy import vocabulary

    login(client, users["health_worker"])
    assert client.get(_url("case-detail", consented_case)).status_code == 404
    actions.refer_case(
        users["worker"],
        consented_case,
        to_organisation=orgs["health"],
        service_type=vocabulary("service_type").terms[0].code,
    )
    assert client.get(_url("case-detail", consented_case)).status_code == 200
    assert client.get(_url("case-detail", consented_case)).status_code == 200
    # ... but it cannot change the case's status, which belongs to the referring shelter.
    response = client.post(
        reverse("case-step", kwargs={"case_id": consented_case.pk, "step": "transition"}),
        {"target": "closed", "note": "x", "version": consented_case.version},
    )
    assert response.status_code == 403


def test_investigator_sees_identity_only_through_an_identity_share(
    client: Any, users: dict[str, Any], consented_case: Any, orgs: dict[str, Any]
) -> None:
    login(client, users["investigator"])
    url = _url("case-detail", consented_case)
    assert client.get(url).status_code == 404
    actions.share_case(
        users["worker"], consented_case, organisation=orgs["police"], include_identity=False
    )
    page = client.get(url).content.decode()
    assert consented_case.person.pseudonym in page and "Aïssatou" not in page
    assert client.get(_url("person-detail", consented_case)).status_code == 404
    actions.share_case(
        users["worker"],
        consented_case,
        organisation=orgs["police"],
        include_identity=True,
        legal_basis="Réquisition du procureur n°7/2026",
    )
    assert "Aïssatou" in client.get(url).content.decode()
    assert client.get(_url("person-detail", consented_case)).status_code == 200
    assert AuditEntry.objects.filter(
        actor_username="investigator", action="read", object_type="person"
    ).exists()


def test_analysis_hides_small_counts(client: Any, users: dict[str, Any], make_case: Any) -> None:
    for _ in range(2):
        make_case()
    login(client, users["analyst"])
    page = client.get(reverse("analysis")).content.decode()
    assert "&lt;5" in page
    assert "Aïssatou" not in page


def test_only_the_node_administrator_reaches_the_admin_and_the_audit_log(
    client: Any, users: dict[str, Any], make_case: Any
) -> None:
    make_case()
    audit_list = reverse("admin:audit_auditentry_changelist")
    for role in ROLES:
        client.logout()
        login(client, users[role])
        response = client.get(audit_list)
        if role == "admin":
            assert response.status_code == 200
        else:
            assert response.status_code == 302 and "/admin/login/" in response["Location"]
    users["coordinator"].is_staff = True  # a stray tick box in the admin...
    users["coordinator"].save()
    users["coordinator"].refresh_from_db()
    assert not users["coordinator"].is_staff  # ...does not make a coordinator an administrator


def test_createsuperuser_makes_a_node_administrator(db: Any) -> None:
    from django.core.management import call_command

    from jokko.accounts.models import User

    call_command("createsuperuser", username="root", email="", interactive=False, verbosity=0)
    root = User.objects.get(username="root")
    assert root.role == "node_admin" and root.is_staff and root.is_superuser
