"""Submitting reports: channels, prefilled committee and place, encryption, idempotency,
validation, and reporters who never see other people's reports."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from jokko.accounts.access import ActionForbidden
from jokko.audit.models import AuditEntry
from jokko.community.actions import submit_report
from jokko.community.models import CommunityReport
from tests.community.helpers import BANTACO, report_by, report_input
from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_a_committee_members_report_carries_their_committee_and_its_place(
    network: dict[str, Any],
) -> None:
    report, created = submit_report(network["awa"], report_input(), channel="committee")
    assert created
    assert report.reporter == network["awa"]
    assert report.committee == network["committee"]
    assert report.place_code == BANTACO
    assert report.reference == f"SIG-SN-{report.received_at.year}-{report.pk:05d}"
    assert report.status == "new" and report.urgency == "normal"
    assert AuditEntry.objects.filter(
        object_type="community_report", object_id=str(report.pk), action="create"
    ).exists()


def test_what_was_seen_and_the_contact_are_encrypted_at_rest(network: dict[str, Any]) -> None:
    report, _ = submit_report(
        network["operator"],
        report_input("Awa Diallo est retenue chez Mamadou", contact="+221 77 000 11 22"),
        channel="hotline",
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT description, contact FROM community_communityreport WHERE id = %s",
            [report.pk],
        )
        description, contact = cursor.fetchone()
    assert "Awa" not in description and "Mamadou" not in description
    assert "221" not in contact
    fresh = CommunityReport.objects.get(pk=report.pk)
    assert fresh.description == "Awa Diallo est retenue chez Mamadou"
    assert fresh.contact == "+221 77 000 11 22" and fresh.contact_index
    assert fresh.hotline == network["hotline"] and fresh.reporter is None


def test_submission_is_idempotent_on_channel_and_external_id(network: dict[str, Any]) -> None:
    first, created = submit_report(None, report_input(), channel="odk", external_id="uuid:abc")
    again, created_again = submit_report(
        None, report_input("another text"), channel="odk", external_id="uuid:abc"
    )
    assert created and not created_again and again.pk == first.pk
    other, created_other = submit_report(
        None, report_input(), channel="sms", external_id="uuid:abc"
    )
    assert created_other and other.pk != first.pk
    assert CommunityReport.objects.count() == 2


def test_submission_is_idempotent_on_client_id(network: dict[str, Any]) -> None:
    client_id = uuid.uuid4()
    first, _ = submit_report(network["awa"], report_input(client_id=client_id), channel="committee")
    again, created = submit_report(
        network["awa"], report_input(client_id=client_id), channel="committee"
    )
    assert not created and again.pk == first.pk
    with pytest.raises(ValidationError):  # someone else reusing the id learns nothing
        submit_report(network["moussa"], report_input(client_id=client_id), channel="committee")


def test_channels_are_reserved_to_their_users(
    network: dict[str, Any], users: dict[str, Any]
) -> None:
    with pytest.raises(ActionForbidden):
        submit_report(users["worker"], report_input(), channel="hotline")  # not a hotline
    with pytest.raises(ActionForbidden):
        submit_report(network["operator"], report_input(), channel="committee")
    with pytest.raises(ActionForbidden):
        submit_report(None, report_input(), channel="committee")
    assert CommunityReport.objects.count() == 0


def test_bad_input_is_refused_with_every_message_and_writes_nothing(
    network: dict[str, Any],
) -> None:
    data = report_input(
        "x" * 5000,
        place_code="SN-XX-NOWHERE",
        urgency="whenever",
        suspected_offence="theft",
        persons_count=0,
    )
    with pytest.raises(ValidationError) as caught:
        submit_report(network["awa"], data, channel="committee")
    errors = caught.value.message_dict
    assert set(errors) == {
        "description",
        "place_code",
        "urgency",
        "suspected_offence",
        "persons_count",
    }
    assert "5000 characters, 4000 at most" in errors["description"][0]
    with pytest.raises(ValidationError, match="Please say what you saw"):
        submit_report(network["awa"], report_input(" <b></b> \u200b"), channel="committee")
    assert CommunityReport.objects.count() == 0


def test_a_reporter_sees_only_their_own_reports_through_pages(
    client: Any, network: dict[str, Any]
) -> None:
    mine = report_by("awa", "Un atelier de couture garde des fillettes la nuit")
    theirs = report_by("moussa", "Un bus de jeunes Nigérianes arrive chaque jeudi")
    login(client, network["awa"])
    page = client.get("/community/mine/").content.decode()
    assert mine.reference in page and theirs.reference not in page
    assert client.get(f"/community/{mine.pk}/").status_code == 200
    assert client.get(f"/community/{theirs.pk}/").status_code == 404
    assert client.get("/community/triage/").status_code == 403
    # The refused read is audited; the allowed one too.
    assert AuditEntry.objects.filter(
        actor_username="awa", action="denied", object_id=str(theirs.pk)
    ).exists()
    assert AuditEntry.objects.filter(
        actor_username="awa", action="read", object_id=str(mine.pk)
    ).exists()


def test_a_reporter_sees_only_their_own_reports_through_the_api(network: dict[str, Any]) -> None:
    from jokko.accounts.models import ApiToken

    mine = report_by("awa")
    theirs = report_by("moussa", "Autre chose vue au marché")
    _, raw = ApiToken.issue(network["awa"])
    headers = {"Authorization": f"Bearer {raw}"}
    from django.test import Client

    api = Client()
    listed = api.get("/api/v1/community/reports/mine", headers=headers).json()
    assert [row["reference"] for row in listed] == [mine.reference]
    assert api.get(f"/api/v1/community/reports/{theirs.pk}", headers=headers).status_code == 404
    assert api.get("/api/v1/community/triage", headers=headers).status_code == 403


def test_the_member_form_prefills_the_committee_and_its_place(
    client: Any, network: dict[str, Any]
) -> None:
    login(client, network["awa"])
    page = client.get("/community/new/").content.decode()
    assert "Comité de vigilance de Bantaco" in page
    assert f'value="{BANTACO}" selected' in page
    response = client.post(
        "/community/new/",
        {
            "client_id": str(uuid.uuid4()),
            "description": "Deux garçons talibés mendient pour un homme",
            "place_code": BANTACO,
            "urgency": "high",
            "children_involved": "yes",
            "persons_count": "2",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/community/mine/"
    report = CommunityReport.objects.get()
    assert report.children_involved is True and report.persons_count == 2
    assert report.urgency == "high" and report.committee == network["committee"]


def test_the_member_form_shows_errors_and_keeps_what_was_typed(
    client: Any, network: dict[str, Any]
) -> None:
    login(client, network["awa"])
    response = client.post(
        "/community/new/", {"description": "", "persons_count": "abc", "place_text": "Mako"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Please say what you saw." in page and 'value="Mako"' in page
    assert CommunityReport.objects.count() == 0


def test_the_hotline_form_records_a_call_with_an_optional_contact(
    client: Any, network: dict[str, Any]
) -> None:
    login(client, network["operator"])
    response = client.post(
        "/community/hotline/new/",
        {
            "description": "Une mère appelle : sa fille partie à Kédougou ne répond plus",
            "place_text": "Kédougou",
        },
    )
    assert response.status_code == 302
    report = CommunityReport.objects.get()
    assert report.channel == "hotline" and report.contact == ""
    assert report.place_code == "SN-KE-KEDOUGOU"  # resolved from the text
    assert report.hotline == network["hotline"]
