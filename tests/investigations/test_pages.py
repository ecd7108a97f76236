"""The investigation pages as an investigator, a coordinator and a prosecutor use them."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from jokko.audit.models import AuditEntry
from jokko.investigations.models import Evidence, Investigation, Step
from tests.conftest import login
from tests.investigations.helpers import DOCUMENT

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def _detail(investigation: Any) -> str:
    return reverse("investigation-detail", kwargs={"investigation_id": investigation.pk})


def test_investigator_opens_an_investigation_through_the_form(
    client: Any, users: dict[str, Any]
) -> None:
    login(client, users["investigator"])
    assert b'id="nav-investigations"' in client.get(reverse("home")).content
    page = client.get(reverse("investigation-new"))
    assert page.status_code == 200
    response = client.post(
        reverse("investigation-new"),
        {"title": "Filière de Rosso", "opened_on": TODAY.isoformat(), "offences": ["tip", "som"]},
    )
    investigation = Investigation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _detail(investigation)
    detail = client.get(_detail(investigation)).content.decode()
    assert investigation.reference in detail and "Filière de Rosso" in detail
    listing = client.get(reverse("investigation-list")).content.decode()
    assert investigation.reference in listing


def test_bad_form_is_refused_with_messages_and_nothing_written(
    client: Any, users: dict[str, Any]
) -> None:
    login(client, users["investigator"])
    tomorrow = (TODAY + datetime.timedelta(days=1)).isoformat()
    response = client.post(reverse("investigation-new"), {"title": "X", "opened_on": tomorrow})
    assert response.status_code == 400
    body = response.content.decode()
    assert "The date cannot be in the future." in body
    assert "Choose at least one offence." in body
    assert not Investigation.objects.exists()


def test_steps_evidence_upload_download_and_custody(
    client: Any, users: dict[str, Any], investigation: Any
) -> None:
    login(client, users["investigator"])
    url = _detail(investigation)
    response = client.post(
        url,
        {"form": "step", "done_on": TODAY.isoformat(), "kind": "search", "description": "Fouille"},
    )
    assert response.status_code == 302
    assert Step.objects.get().description == "Fouille"

    before = (investigation.opened_on - datetime.timedelta(days=1)).isoformat()
    refused = client.post(
        url, {"form": "step", "done_on": before, "kind": "search", "description": "Trop tôt"}
    )
    assert refused.status_code == 400
    assert "before the investigation was opened" in refused.content.decode()
    assert Step.objects.count() == 1

    upload = SimpleUploadedFile("photo-pirogue.jpg", b"\xff\xd8 pirogue", "image/jpeg")
    response = client.post(
        url,
        {
            "form": "evidence",
            "exhibit_number": "PC-002",
            "description": "Photo de la pirogue",
            "kind": "photo",
            "collected_on": TODAY.isoformat(),
            "document": upload,
        },
    )
    assert response.status_code == 302
    exhibit = Evidence.objects.get(exhibit_number="PC-002")
    assert exhibit.has_document and b"pirogue" not in bytes(exhibit.document)

    download = client.get(
        reverse(
            "investigation-evidence-document",
            kwargs={"investigation_id": investigation.pk, "evidence_id": exhibit.pk},
        )
    )
    assert download.status_code == 200
    assert download.content == b"\xff\xd8 pirogue"
    assert AuditEntry.objects.filter(
        action="read", object_type="evidence", object_id=str(exhibit.pk)
    ).exists()

    at = timezone.localtime().replace(second=0, microsecond=0) - datetime.timedelta(hours=1)
    custody = {
        "form": "custody",
        "evidence": exhibit.pk,
        "from_holder": "OPJ Diop",
        "to_holder": "Greffe du TGI",
        "at": at.strftime("%Y-%m-%dT%H:%M"),
        "purpose": "Dépôt au greffe",
    }
    assert client.post(url, custody).status_code == 302
    earlier = dict(custody, at=(at - datetime.timedelta(hours=5)).strftime("%Y-%m-%dT%H:%M"))
    refused = client.post(url, earlier)
    assert refused.status_code == 400
    assert "cannot go back in time" in refused.content.decode()
    assert exhibit.custody.count() == 1
    assert "Greffe du TGI" in client.get(url).content.decode()


def test_a_tampered_document_is_refused_on_download(
    client: Any, users: dict[str, Any], investigation: Any
) -> None:
    exhibit = investigation.evidence.get()
    forged = Evidence()
    forged.set_document(b"another statement", "x.pdf", "application/pdf")
    Evidence.objects.filter(pk=exhibit.pk).update(document=forged.document)
    login(client, users["investigator"])
    response = client.get(
        reverse(
            "investigation-evidence-document",
            kwargs={"investigation_id": investigation.pk, "evidence_id": exhibit.pk},
        )
    )
    assert response.status_code == 409
    assert b"another statement" not in response.content
    assert DOCUMENT not in response.content


def test_investigator_sees_survivor_name_only_with_consent(
    client: Any,
    users: dict[str, Any],
    investigation: Any,
    law_enforcement_case: Any,
    consented_case: Any,
) -> None:
    login(client, users["investigator"])
    url = _detail(investigation)
    refused = client.post(url, {"form": "case", "case": consented_case.reference})
    assert refused.status_code == 400
    assert "has not consented to sharing with police and justice" in refused.content.decode()
    assert not investigation.case_links.exists()

    assert client.post(url, {"form": "case", "case": law_enforcement_case.reference}).status_code
    response = client.post(
        url,
        {
            "form": "case",
            "case": consented_case.reference,
            "legal_basis": "judicial_order",
            "legal_reference": "Ordonnance 12/2026",
        },
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert law_enforcement_case.reference in page and consented_case.reference in page
    assert "Fatoumata Keïta" in page  # consent to law enforcement
    assert "Aïssatou Diallo" not in page  # judicial order alone: reference only
    assert AuditEntry.objects.filter(
        action="read", person_id=law_enforcement_case.person_id, actor_id=users["investigator"].pk
    ).exists()
    assert not AuditEntry.objects.filter(
        action="read", person_id=consented_case.person_id, actor_id=users["investigator"].pk
    ).exists()


def test_prosecutor_sees_the_investigation_once_referred_and_cannot_work_on_it(
    client: Any, users: dict[str, Any], investigation: Any
) -> None:
    url = _detail(investigation)
    login(client, users["prosecutor"])
    assert client.get(url).status_code == 404
    login(client, users["investigator"])
    client.post(url, {"form": "status", "status": "referred_for_prosecution"})
    login(client, users["prosecutor"])
    page = client.get(url)
    assert page.status_code == 200 and b'id="step-form"' not in page.content
    response = client.post(
        url, {"form": "step", "done_on": TODAY.isoformat(), "kind": "other", "description": "x"}
    )
    assert response.status_code == 403
    assert not Step.objects.exists()


def test_coordinator_reads_but_does_not_work(
    client: Any, users: dict[str, Any], investigation: Any
) -> None:
    login(client, users["coordinator"])
    url = _detail(investigation)
    assert client.get(url).status_code == 200
    response = client.post(url, {"form": "status", "status": "suspended", "reason": "x"})
    assert response.status_code == 403
    investigation.refresh_from_db()
    assert investigation.status == "open"


def test_assigning_an_investigator_of_another_unit_opens_the_investigation_to_them(
    client: Any, users: dict[str, Any], investigation: Any
) -> None:
    from jokko.accounts.models import Organisation, User

    brigade = Organisation.objects.create(name="Brigade Kidira", kind="gendarmerie", country="SN")
    gendarme = User.objects.create_user(
        username="gendarme", password="x", role="investigator", organisation=brigade
    )
    url = _detail(investigation)
    login(client, gendarme)
    assert client.get(url).status_code == 404
    login(client, users["investigator"])
    refused = client.post(url, {"form": "assign", "investigator": users["prosecutor"].pk})
    assert refused.status_code == 400
    assert "Only active investigators can be assigned." in refused.content.decode()
    assert client.post(url, {"form": "assign", "investigator": gendarme.pk}).status_code == 302
    login(client, gendarme)
    assert client.get(url).status_code == 200
    assert AuditEntry.objects.filter(
        object_type="investigation", detail__assigned=gendarme.pk
    ).exists()
