"""The ODK pages as a coordinator or case worker uses them, and the JSON API."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pyxform.xls2xform import convert

from jokko.accounts.models import ApiToken
from jokko.cases.models import Case
from jokko.odk.models import Submission
from tests.conftest import login
from tests.odk import samples
from tests.odk.test_malformed import EXTERNAL_ENTITY

pytestmark = pytest.mark.django_db


def test_forms_page_offers_both_forms_and_the_downloads_convert(
    client: Any, users: dict[str, Any]
) -> None:
    login(client, users["worker"])
    page = client.get(reverse("odk-forms"))
    assert page.status_code == 200
    assert b"jokko_identification" in page.content
    assert b"jokko_community_report" in page.content
    xlsx = client.get(reverse("odk-form-download", kwargs={"key": "identification", "fmt": "xlsx"}))
    assert xlsx["Content-Disposition"].endswith('.xlsx"')
    warnings: list[str] = []
    convert(xlsx.content, warnings=warnings, file_type=".xlsx")
    assert warnings == []
    xform = client.get(reverse("odk-form-download", kwargs={"key": "report", "fmt": "xml"}))
    assert b'id="jokko_community_report"' in xform.content
    missing = client.get(reverse("odk-form-download", kwargs={"key": "nope", "fmt": "xlsx"}))
    assert missing.status_code == 404


def _upload(client: Any, *files: tuple[str, bytes], form: str = "") -> Any:
    return client.post(
        reverse("odk-upload"),
        {
            "form": form,
            "files": [SimpleUploadedFile(name, data) for name, data in files],
        },
    )


def test_upload_reports_created_already_received_and_rejected(
    client: Any, users: dict[str, Any]
) -> None:
    login(client, users["worker"])
    xml = samples.odk_xml(samples.IDENTIFICATION_ANSWERS)
    kobo = samples.kobo_json(samples.kobo_record(samples.IDENTIFICATION_ANSWERS))
    response = _upload(client, ("a.xml", xml), ("export.json", kobo), form="identification")
    assert response.status_code == 200
    assert b"2 created, 0 already received, 0 rejected" in response.content
    assert Case.objects.count() == 2

    again = _upload(client, ("a.xml", xml), ("evil.xml", EXTERNAL_ENTITY))
    assert again.status_code == 400
    assert b"0 created, 1 already received, 1 rejected" in again.content
    assert b"DTD or entity" in again.content
    assert Case.objects.count() == 2

    listing = client.get(reverse("odk-submissions"))
    assert listing.status_code == 200
    assert listing.content.count(b'class="odk-submission accepted"') == 2
    for case in Case.objects.all():
        assert case.reference.encode() in listing.content


def test_a_case_worker_sees_only_their_organisation_s_submissions(
    client: Any, users: dict[str, Any]
) -> None:
    login(client, users["worker"])
    _upload(client, ("a.xml", samples.odk_xml(samples.IDENTIFICATION_ANSWERS)))
    login(client, users["other_worker"])
    assert b"odk-submission accepted" not in client.get(reverse("odk-submissions")).content
    login(client, users["coordinator"])
    assert b"odk-submission accepted" in client.get(reverse("odk-submissions")).content


def test_a_case_worker_may_not_upload_reports(client: Any, users: dict[str, Any]) -> None:
    login(client, users["worker"])
    xml = samples.odk_xml(samples.REPORT_ANSWERS, form_id="jokko_community_report")
    response = _upload(client, ("r.xml", xml))
    assert response.status_code == 400
    assert b"does not allow" in response.content
    assert Submission.objects.count() == 0
    forced = _upload(client, ("r.xml", xml), form="report")
    assert forced.status_code == 400
    assert Submission.objects.count() == 0


def test_upload_without_a_file_is_refused(client: Any, users: dict[str, Any]) -> None:
    login(client, users["coordinator"])
    response = client.post(reverse("odk-upload"), {"form": ""})
    assert response.status_code == 400
    assert b"Choose at least one file" in response.content


def _api(user: Any) -> tuple[Client, dict[str, str]]:
    client = Client()
    client.cookies["django_language"] = "en"
    _, raw = ApiToken.issue(user)
    return client, {"Authorization": f"Bearer {raw}"}


def test_api_receives_xml_and_kobo_json_idempotently(users: dict[str, Any]) -> None:
    client, headers = _api(users["coordinator"])
    xml = samples.odk_xml(samples.IDENTIFICATION_ANSWERS)
    url = "/api/v1/odk/submissions/identification"
    first = client.post(url, xml, content_type="application/xml", headers=headers)
    assert first.status_code == 200, first.content
    body = first.json()
    assert body["created"] == 1
    reference = body["outcomes"][0]["reference"]
    again = client.post(url, xml, content_type="application/xml", headers=headers)
    assert again.json()["already_received"] == 1
    assert again.json()["outcomes"][0]["reference"] == reference
    kobo = json.dumps(samples.kobo_record(samples.IDENTIFICATION_ANSWERS))
    pushed = client.post(url, kobo, content_type="application/json", headers=headers)
    assert pushed.json()["created"] == 1
    assert Case.objects.count() == 2
    listing = client.get("/api/v1/odk/submissions", headers=headers).json()
    assert listing["count"] == 2
    assert {item["source"] for item in listing["items"]} == {"xml", "kobo"}


def test_api_refuses_a_truncated_body_and_creates_nothing(users: dict[str, Any]) -> None:
    client, headers = _api(users["worker"])
    kobo = json.dumps(samples.kobo_record(samples.IDENTIFICATION_ANSWERS))[:-30]
    response = client.post(
        "/api/v1/odk/submissions/identification",
        kobo,
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 400
    assert "truncated" in response.json()["outcomes"][0]["errors"]["file"][0]
    assert Case.objects.count() == 0
    unknown = client.post(
        "/api/v1/odk/submissions/nonsense", b"{}", content_type="application/json", headers=headers
    )
    assert unknown.status_code == 403


def test_upload_page_refuses_an_oversize_file(client: Any, users: dict[str, Any]) -> None:
    from jokko.odk.parsing import MAX_JSON_BYTES

    login(client, users["coordinator"])
    big = io.BytesIO(b"[" + b" " * (MAX_JSON_BYTES + 10) + b"]")
    response = client.post(
        reverse("odk-upload"), {"files": [SimpleUploadedFile("big.json", big.getvalue())]}
    )
    assert response.status_code == 400
    assert b"too large" in response.content
    assert Submission.objects.count() == 0
