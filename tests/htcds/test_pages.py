"""The HTCDS pages as a coordinator and a case worker use them."""

from __future__ import annotations

import json
from io import BytesIO
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jokko.audit.models import AuditEntry
from jokko.cases.models import Case
from jokko.htcds.models import HtcdsUpload, ImportedRecord
from tests.conftest import login
from tests.htcds.helpers import rich_case

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client: Any) -> None:
    client.cookies["django_language"] = "en"


def test_case_worker_exports_only_the_cases_they_may_see(
    client: Any, users: dict[str, Any], orgs: dict[str, Any], make_case: Any
) -> None:
    mine = rich_case(users, orgs)
    other = make_case(name="Binta Ba", worker=users["other_worker"])
    login(client, users["worker"])
    page = client.get(reverse("htcds-export"))
    assert "You may export 1 case." in page.content.decode()
    assert "htcds-import-link" not in page.content.decode()  # importing is for coordinators
    response = client.get(reverse("htcds-export"), {"format": "json"})
    assert response["Content-Disposition"].startswith('attachment; filename="htcds-')
    document = json.loads(response.content)
    assert [r["x_SourceId"] for r in document["records"]] == [mine.reference]
    assert other.reference not in response.content.decode()
    login(client, users["coordinator"])
    document = json.loads(client.get(reverse("htcds-export"), {"format": "json"}).content)
    assert len(document["records"]) == 2


def test_export_filters_and_spreadsheet(
    client: Any, users: dict[str, Any], orgs: dict[str, Any], make_case: Any
) -> None:
    from openpyxl import load_workbook

    rich_case(users, orgs)
    other = make_case(name="Binta Ba")
    login(client, users["coordinator"])
    response = client.get(reverse("htcds-export"), {"format": "json", "status": "assistance"})
    assert len(json.loads(response.content)["records"]) == 1
    response = client.get(
        reverse("htcds-export"), {"format": "json", "references": f"x, {other.reference}"}
    )
    assert [r["x_SourceId"] for r in json.loads(response.content)["records"]] == [other.reference]
    response = client.get(reverse("htcds-export"), {"format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).worksheets[0]
    assert sheet["C1"].value == "prs_Salutation" and sheet.max_row == 4
    response = client.get(reverse("htcds-export"), {"format": "pdf"})
    assert response.status_code == 200 and b"Select a valid choice" in response.content


def _upload(client: Any, data: bytes, name: str) -> Any:
    return client.post(
        reverse("htcds-import"),
        {"file": SimpleUploadedFile(name, data), "source_system": "Casebook Mali"},
    )


def test_import_preview_then_confirm(client: Any, users: dict[str, Any]) -> None:
    records = [
        {
            "x_SourceId": "CB-1",
            "prs_FirstName": "Kadiatou",
            "prs_Gender": "Feminine",
            "vic_TypeOfExploitation": ["ForcedBegging"],
            "vic_AgeWhenTrafficked": 12,
            "x_IdentificationPlace": "SN-KE-KEDOUGOU",
        }
    ]
    data = json.dumps({"htcds_version": "2.0", "records": records}).encode()
    login(client, users["coordinator"])
    response = _upload(client, data, "casebook.json")
    assert response.status_code == 302
    preview = client.get(response["Location"]).content.decode()
    assert Case.objects.count() == 0
    assert 'id="htcds-created">1<' in preview and "vic_AgeWhenTrafficked" in preview
    upload = HtcdsUpload.objects.get()
    response = client.post(reverse("htcds-import-confirm", kwargs={"upload_id": upload.pk}))
    assert response.status_code == 302
    assert Case.objects.count() == 1
    upload.refresh_from_db()
    assert upload.status == "imported" and upload.content is None
    page = client.get(response["Location"]).content.decode()
    assert "htcds-confirm" not in page
    # Confirming twice imports nothing more.
    client.post(reverse("htcds-import-confirm", kwargs={"upload_id": upload.pk}))
    assert Case.objects.count() == 1 and ImportedRecord.objects.count() == 1
    # The same file again: unchanged.
    _upload(client, data, "casebook.json")
    second = HtcdsUpload.objects.order_by("-id").first()
    assert second is not None and second.report["unchanged"] == 1


def test_refused_file_shows_the_errors_and_writes_nothing(
    client: Any, users: dict[str, Any]
) -> None:
    login(client, users["coordinator"])
    audits = AuditEntry.objects.exclude(action="denied").count()
    response = _upload(client, b'{"htcds_version": "2.0", "records": [{"prs_Gen', "cut.json")
    page = client.get(response["Location"]).content.decode()
    assert "not valid JSON" in page and "htcds-confirm" not in page
    assert HtcdsUpload.objects.get().status == "refused"
    assert Case.objects.count() == 0
    assert AuditEntry.objects.exclude(action="denied").count() == audits


def test_another_coordinators_upload_is_not_found(
    client: Any, users: dict[str, Any], orgs: dict[str, Any]
) -> None:
    from jokko.accounts.models import User
    from tests.htcds.helpers import upload_for_permissions

    upload = upload_for_permissions()
    other = User.objects.create_user(
        username="coord2", password="x", role="coordinator", organisation=orgs["ministry"]
    )
    login(client, other)
    url = reverse("htcds-import-preview", kwargs={"upload_id": upload.pk})
    assert client.get(url).status_code == 404
    confirm = reverse("htcds-import-confirm", kwargs={"upload_id": upload.pk})
    assert client.post(confirm).status_code == 404
    assert Case.objects.count() == 0


def test_navigation_link_only_for_exporting_roles(client: Any, users: dict[str, Any]) -> None:
    for role, shown in (("coordinator", True), ("worker", True), ("analyst", False)):
        login(client, users[role])
        assert ('id="nav-htcds"' in client.get(reverse("home")).content.decode()) is shown


def test_api_export_and_import(client: Any, users: dict[str, Any], orgs: dict[str, Any]) -> None:
    from jokko.accounts.models import ApiToken

    rich_case(users, orgs)
    _, raw = ApiToken.issue(users["coordinator"])
    headers = {"Authorization": f"Bearer {raw}"}
    document = client.get("/api/v1/htcds/export", headers=headers).json()
    assert document["htcds_version"] == "2.0" and len(document["records"]) == 1
    body = {"source_system": "jokko:ML", "records": document["records"], "dry_run": True}
    response = client.post(
        "/api/v1/htcds/import", json.dumps(body), content_type="application/json", headers=headers
    )
    assert response.status_code == 200 and response.json()["created"] == 1
    assert Case.objects.count() == 1
    body = {"source_system": "x", "records": [{"prs_Gender": "Male"}]}
    response = client.post(
        "/api/v1/htcds/import", json.dumps(body), content_type="application/json", headers=headers
    )
    assert response.status_code == 400
    assert response.json()["errors"][0].startswith("record 1: prs_Gender")


def test_demo_is_idempotent(users: dict[str, Any], orgs: dict[str, Any]) -> None:
    from jokko.accounts.models import User
    from jokko.htcds.demo import seed_demo

    User.objects.create_user(
        username="coordination", password="x", role="coordinator", organisation=orgs["ministry"]
    )
    assert seed_demo() == 3
    audits = AuditEntry.objects.count()
    assert seed_demo() == 0
    assert Case.objects.count() == 3 and AuditEntry.objects.count() == audits
    assert Case.objects.filter(status="closed").count() == 1
