"""The triage queue: order, duplicate candidates, decisions, conversion into a case (owned by
the hotline) or, through the police, an incident — with the links kept."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from jokko.audit.models import AuditEntry
from jokko.cases.models import Case
from jokko.community import actions
from jokko.community.duplicates import duplicate_candidates
from jokko.community.models import CommunityReport
from tests.community.helpers import BANTACO, report_by, report_input
from tests.conftest import login

pytestmark = pytest.mark.django_db
HOUR = datetime.timedelta(hours=1)


def _aged(report: CommunityReport, hours: int) -> CommunityReport:
    CommunityReport.objects.filter(pk=report.pk).update(received_at=timezone.now() - hours * HOUR)
    report.refresh_from_db()
    return report


def test_the_queue_shows_open_reports_by_urgency_then_age(
    client: Any, network: dict[str, Any]
) -> None:
    old_normal = _aged(report_by("awa", "Ancien signalement"), 30)
    new_high = _aged(report_by("awa", "Nouveau mais urgent", urgency="high"), 1)
    old_high = _aged(report_by("moussa", "Ancien et urgent", urgency="high"), 5)
    immediate = _aged(report_by("fatou", "Danger immédiat", urgency="immediate"), 0)
    closed = report_by("awa", "Déjà traité")
    actions.triage_report(network["operator"], closed, urgency="low", dismiss=True)
    login(client, network["operator"])
    page = client.get("/community/triage/").content.decode()
    order = [immediate, old_high, new_high, old_normal]
    positions = [page.index(r.reference) for r in order]
    assert positions == sorted(positions)
    assert closed.reference not in page


def test_similar_reports_at_the_same_place_are_duplicate_candidates(
    network: dict[str, Any],
) -> None:
    first = report_by(
        "awa", "Trois filles nigérianes enfermées dans le bar près du site d'orpaillage"
    )
    second = report_by("moussa", "Des filles nigérianes enfermées au bar près du site d'orpaillage")
    unrelated = report_by("moussa", "Un camion de bétail volé sur la route de Saraya")
    elsewhere = report_by(
        "fatou", "Trois filles nigérianes enfermées dans le bar près du site d'orpaillage"
    )
    candidates = duplicate_candidates(second)
    assert [c.report for c in candidates] == [first]
    assert candidates[0].same_place and candidates[0].score >= 80
    assert unrelated not in [c.report for c in candidates]
    assert elsewhere.place_code != BANTACO  # another committee's village: not proposed


def test_the_same_caller_again_is_a_candidate_wherever_they_call_from(
    network: dict[str, Any],
) -> None:
    operator = network["operator"]
    first, _ = actions.submit_report(
        operator,
        report_input("Ma fille ne répond plus", contact="+221 77 000 11 22"),
        channel="hotline",
    )
    second, _ = actions.submit_report(
        operator,
        report_input("Toujours pas de nouvelles", contact="tel:+221770001122"),
        channel="hotline",
    )
    [candidate] = duplicate_candidates(second)
    assert candidate.report == first and candidate.same_contact and candidate.score == 100


def test_closed_reports_are_not_candidates(network: dict[str, Any]) -> None:
    first = report_by("awa", "Filles enfermées au bar du site")
    actions.triage_report(network["operator"], first, urgency="low", dismiss=True)
    second = report_by("moussa", "Filles enfermées au bar du site")
    assert duplicate_candidates(second) == []


def test_the_operator_confirms_a_duplicate_from_the_report_page(
    client: Any, network: dict[str, Any]
) -> None:
    first = report_by("awa", "Trois filles nigérianes enfermées dans le bar du site")
    second = report_by("moussa", "Trois filles nigérianes enfermées au bar du site")
    login(client, network["operator"])
    page = client.get(f"/community/{second.pk}/").content.decode()
    assert first.reference in page and 'class="score"' in page
    response = client.post(
        f"/community/{second.pk}/decide/", {"decision": "duplicate", "duplicate_of": first.pk}
    )
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.status == "duplicate" and second.duplicate_of == first
    assert second.triaged_by == network["operator"] and second.triaged_at is not None
    # Its author sees that it is a duplicate, not which (someone else's) report it duplicates.
    client.logout()
    login(client, network["moussa"])
    page = client.get(f"/community/{second.pk}/").content.decode()
    assert "Duplicate" in page and first.reference not in page


def test_triage_records_the_urgency_and_the_time_to_triage(
    client: Any, network: dict[str, Any]
) -> None:
    report = _aged(report_by("awa"), 3)
    login(client, network["operator"])
    client.post(
        f"/community/{report.pk}/decide/",
        {"decision": "triage", "urgency": "immediate", "note": "Rappeler <b>Awa</b>"},
    )
    report.refresh_from_db()
    assert report.status == "triaged" and report.urgency == "immediate"
    assert report.triage_note == "Rappeler Awa"
    assert report.minutes_to_triage is not None and 179 < report.minutes_to_triage < 182
    first_triage = report.triaged_at
    client.post(f"/community/{report.pk}/decide/", {"decision": "triage", "urgency": "high"})
    report.refresh_from_db()
    assert report.triaged_at == first_triage  # time to triage is the first decision's


def test_a_closed_report_cannot_be_triaged_again(client: Any, network: dict[str, Any]) -> None:
    report = report_by("awa")
    actions.triage_report(network["operator"], report, urgency="low", dismiss=True)
    login(client, network["operator"])
    response = client.post(
        f"/community/{report.pk}/decide/", {"decision": "triage", "urgency": "high"}, follow=True
    )
    assert "already closed" in response.content.decode()
    report.refresh_from_db()
    assert report.urgency == "low" and report.status == "dismissed"


def test_converting_a_report_opens_a_case_owned_by_the_hotline(
    client: Any, network: dict[str, Any], users: dict[str, Any]
) -> None:
    report = report_by(
        "awa", "Une jeune Nigériane dit être forcée de travailler au bar", suspected_offence="tip"
    )
    login(client, network["operator"])
    form = client.get(f"/community/{report.pk}/case/").content.decode()
    assert "Une jeune Nigériane dit être forcée" in form  # prefilled summary
    assert 'value="vigilance_committee" selected' in form
    response = client.post(
        f"/community/{report.pk}/case/",
        {
            "name": "Blessing Okafor",
            "nationality": "NG",
            "case_type": "tip",
            "identification_source": "vigilance_committee",
            "identified_on": timezone.localdate().isoformat(),
            "place_code": BANTACO,
            "summary": "Signalée par le comité de Bantaco",
        },
    )
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.pk}/"
    assert case.organisation == network["hotline"] and case.place_code == BANTACO
    report.refresh_from_db()
    assert report.case == case and report.status == "case"
    assert list(case.community_reports.all()) == [report]
    # The reporter sees the new status, never the case.
    client.logout()
    login(client, network["awa"])
    mine = client.get("/community/mine/").content.decode()
    assert "Converted to a case" in mine
    detail = client.get(f"/community/{report.pk}/").content.decode()
    assert case.reference not in detail
    assert client.get(f"/cases/{case.pk}/").status_code in (403, 404)


def test_a_bad_conversion_changes_nothing(client: Any, network: dict[str, Any]) -> None:
    report = report_by("awa")
    login(client, network["operator"])
    response = client.post(f"/community/{report.pk}/case/", {"name": "", "case_type": ""})
    assert response.status_code == 400
    report.refresh_from_db()
    assert report.status == "new" and Case.objects.count() == 0


def test_forwarded_reports_become_incidents_for_the_unit(
    client: Any, network: dict[str, Any], users: dict[str, Any], orgs: dict[str, Any]
) -> None:
    report = report_by("awa", "Un passeur organise des départs de nuit", suspected_offence="som")
    investigator = users["investigator"]
    login(client, investigator)
    assert client.get(f"/community/{report.pk}/").status_code == 404  # not forwarded yet
    actions.forward_to_police(network["operator"], report, orgs["police"])
    page = client.get(f"/community/{report.pk}/").content.decode()
    assert "Record the incident" in page
    response = client.post(
        f"/community/{report.pk}/incident/",
        {"kind": "arrest", "occurred_on": timezone.localdate().isoformat()},
    )
    report.refresh_from_db()
    assert report.status == "incident" and report.incident is not None
    assert response["Location"] == f"/incidents/{report.incident_id}/"
    assert report.incident.offences == ["som"] and report.incident.place_code == BANTACO


def test_forwarding_needs_a_police_unit(network: dict[str, Any], orgs: dict[str, Any]) -> None:
    from django.core.exceptions import ValidationError

    report = report_by("awa")
    with pytest.raises(ValidationError, match="police or gendarmerie"):
        actions.forward_to_police(network["operator"], report, orgs["shelter"])
    report.refresh_from_db()
    assert report.status == "new"


def test_every_read_of_a_reports_text_is_audited(client: Any, network: dict[str, Any]) -> None:
    report = report_by("awa")
    login(client, network["operator"])
    client.get(f"/community/{report.pk}/")
    client.get(f"/community/{report.pk}/case/")
    reads = AuditEntry.objects.filter(
        actor_username="operator",
        action="read",
        object_type="community_report",
        object_id=str(report.pk),
    )
    assert reads.count() == 2


@pytest.mark.parametrize("role", ["worker", "analyst", "programme", "prosecutor", "admin"])
def test_other_roles_see_no_report(
    client: Any, network: dict[str, Any], users: dict[str, Any], role: str
) -> None:
    report = report_by("awa")
    login(client, users[role])
    assert client.get(f"/community/{report.pk}/").status_code == 404
    assert client.get("/community/triage/").status_code == 403


def test_the_case_page_names_the_report_it_came_from(
    client: Any, network: dict[str, Any], users: dict[str, Any]
) -> None:
    report = report_by("awa", "Une jeune femme retenue au bar", suspected_offence="tip")
    case = actions.convert_to_case(
        network["operator"],
        report,
        actions.PersonInput(names=["Grace Eze"]),
        actions.case_prefill(report),
    )
    login(client, network["operator"])
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert f'href="/community/{report.pk}/">{report.reference}</a>' in page
    # Someone who may see the case but not the report gets the reference without a link.
    from jokko.cases.models import CaseShare

    CaseShare.objects.create(
        case=case,
        organisation=users["investigator"].organisation,
        include_identity=False,
        shared_by=network["operator"],
    )
    client.logout()
    login(client, users["investigator"])
    shown = client.get(f"/cases/{case.pk}/")
    assert shown.status_code == 200
    text = shown.content.decode()
    assert report.reference in text and f'href="/community/{report.pk}/"' not in text
