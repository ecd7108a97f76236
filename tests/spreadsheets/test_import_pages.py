"""Importing persons, cases and incidents through the pages: upload, map, preview, commit."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.conftest import login
from tests.spreadsheets.helpers import batch_id, counts, csv_bytes, upload, xlsx_bytes

CASES_CSV = csv_bytes(
    [
        [
            "Nom",
            "Sexe",
            "Âge",
            "Nationalité",
            "Type de cas",
            "Source d'identification",
            "Date d'identification",
            "Lieu",
            "Type d'exploitation",
            "Colonne libre",
        ],
        [
            "Aïssatou Diallo",
            "Féminin",
            "15",
            "Guinée",
            "tip",
            "ONG",
            "12/03/2024",
            "Kédougou",
            "Travail forcé; Mendicité forcée",
            "x",
        ],
        [
            "Binta Sow",
            "F",
            "",
            "ML",
            "Traite des personnes",
            "police",
            "2024-04-02",
            "SN-KE-KEDOUGOU",
            "",
            "",
        ],
    ]
)


def test_cases_upload_map_preview_commit(client: Any, users: dict[str, Any]) -> None:
    from jokko.audit.models import AuditEntry
    from jokko.cases.models import Case
    from jokko.spreadsheets.models import ImportBatch

    worker = users["worker"]
    login(client, worker)
    response = upload(client, "cases", "survivants.csv", CASES_CSV)
    assert response.status_code == 302
    batch = batch_id(response)
    page = client.get(f"/spreadsheets/import/{batch}/map/")
    html = page.content.decode()
    # Suggested from the French headers.
    assert '<option value="Nom" selected>' in html
    assert '<option value="Date d&#x27;identification" selected>' in html
    assert "Colonne libre" in html  # listed as not imported
    mapping = {
        "field_name": "Nom",
        "field_sex": "Sexe",
        "field_age": "Âge",
        "field_nationality": "Nationalité",
        "field_case_type": "Type de cas",
        "field_identification_source": "Source d'identification",
        "field_identified_on": "Date d'identification",
        "field_place_code": "Lieu",
        "field_exploitation_types": "Type d'exploitation",
    }
    response = client.post(f"/spreadsheets/import/{batch}/map/", mapping)
    assert response.status_code == 302 and response["Location"].endswith("/preview/")
    preview = client.get(f"/spreadsheets/import/{batch}/preview/").content.decode()
    assert "2 records will be created" in preview
    assert "Aïssatou Diallo" in preview and "Forced labour; Forced begging" in preview
    assert Case.objects.count() == 0  # nothing written by the preview
    response = client.post(f"/spreadsheets/import/{batch}/commit/")
    assert response.status_code == 302
    cases = list(Case.objects.order_by("identified_on"))
    assert len(cases) == 2
    first = cases[0]
    assert first.identified_on == dt.date(2024, 3, 12)
    assert first.place_code == "SN-KE-KEDOUGOU"
    assert first.exploitation_types == ["forced_labour", "forced_begging"]
    assert first.organisation == worker.organisation
    assert first.person.nationality == "GN" and first.person.sex == "female"
    assert first.person.birth_year == 2009 and first.person.birth_precision == "approximate"
    recorded = ImportBatch.objects.get(pk=batch)
    assert recorded.status == "committed" and recorded.created_count == 2
    assert recorded.content is None
    assert len(recorded.sha256) == 64
    assert {item["id"] for item in recorded.created_records} == {c.pk for c in cases}
    person_ids = {c.person_id for c in cases}
    audited = set(
        AuditEntry.objects.filter(object_type="person", action="create").values_list(
            "person_id", flat=True
        )
    )
    assert person_ids <= audited
    assert AuditEntry.objects.filter(object_type="import_batch", object_id=str(batch)).exists()
    detail = client.get(f"/spreadsheets/import/{batch}/").content.decode()
    assert cases[0].reference in detail


def test_persons_from_excel(client: Any, users: dict[str, Any]) -> None:
    from jokko.people.models import Person

    login(client, users["coordinator"])
    data = xlsx_bytes(
        [
            ["Name", "Sex", "Date of birth", "Phone", "Role"],
            ["Ousmane Ba", "male", dt.date(1990, 5, 17), "+221 77 123 45 67", "Witness"],
            [None, None, None, None, None],
            ["Fatou Ndiaye", "Female", None, None, ""],
        ]
    )
    batch = batch_id(upload(client, "persons", "personnes.xlsx", data))
    response = client.post(
        f"/spreadsheets/import/{batch}/map/",
        {
            "field_name": "Name",
            "field_sex": "Sex",
            "field_birth_date": "Date of birth",
            "field_phones": "Phone",
            "field_role": "Role",
        },
    )
    assert response.status_code == 302
    preview = client.get(f"/spreadsheets/import/{batch}/preview/").content.decode()
    assert "1990-05-17" in preview and "Witness" in preview
    client.post(f"/spreadsheets/import/{batch}/commit/")
    people = list(Person.objects.order_by("id"))
    assert len(people) == 2
    assert people[0].birth_date == dt.date(1990, 5, 17)
    assert "witness" in str(people[0].roles) and "survivor" in str(people[1].roles)


def test_incidents_import(client: Any, users: dict[str, Any]) -> None:
    from jokko.incidents.models import Incident, IncidentPerson

    login(client, users["investigator"])
    data = csv_bytes(
        [
            ["Type d'opération", "Date", "Lieu", "Infractions", "Suspects", "Nombre de victimes"],
            ["Arrest", "05/01/2025", "Kidira", "traite", "Moussa Keita; Ali Sy", "4"],
            ["raid_rescue", "2025-02-10", "Kédougou", "tip; som", "", ""],
        ]
    )
    batch = batch_id(upload(client, "incidents", "operations.csv", data))
    page = client.get(f"/spreadsheets/import/{batch}/map/").content.decode()
    assert '<option value="Infractions" selected>' in page
    mapping = {
        "field_kind": "Type d'opération",
        "field_occurred_on": "Date",
        "field_place_code": "Lieu",
        "field_offences": "Infractions",
        "field_suspects": "Suspects",
        "field_survivors_count": "Nombre de victimes",
    }
    assert client.post(f"/spreadsheets/import/{batch}/map/", mapping).status_code == 302
    client.post(f"/spreadsheets/import/{batch}/commit/")
    incidents = list(Incident.objects.order_by("occurred_on"))
    assert [i.kind for i in incidents] == ["arrest", "raid_rescue"]
    assert incidents[0].place_code == "SN-TC-KIDIRA"
    assert incidents[1].offences == ["tip", "som"]
    assert incidents[0].unit == users["investigator"].organisation
    roles = list(IncidentPerson.objects.filter(incident=incidents[0]).values_list("role", "count"))
    assert len([r for r in roles if r[0] == "suspect"]) == 2
    assert ("survivor", 4) in roles


def test_reupload_of_an_imported_file_is_refused(client: Any, users: dict[str, Any]) -> None:
    login(client, users["worker"])
    data = csv_bytes([["Nom", "Sexe"], ["Awa Camara", "F"]])
    batch = batch_id(upload(client, "persons", "a.csv", data))
    client.post(f"/spreadsheets/import/{batch}/map/", {"field_name": "Nom", "field_sex": "Sexe"})
    client.post(f"/spreadsheets/import/{batch}/commit/")
    before = counts()
    # A colleague uploads the same file later.
    client.force_login(users["coordinator"])
    response = upload(client, "persons", "copie.csv", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "already imported" in html and f"import no. {batch}" in html
    assert counts() == before
    # A second commit (double click) of the same batch writes nothing either.
    client.force_login(users["worker"])
    response = client.post(f"/spreadsheets/import/{batch}/commit/")
    assert response.status_code == 302
    assert counts() == before


def test_double_upload_before_commit_reuses_the_batch(client: Any, users: dict[str, Any]) -> None:
    login(client, users["worker"])
    data = csv_bytes([["Nom"], ["Awa"]])
    assert batch_id(upload(client, "persons", "a.csv", data)) == batch_id(
        upload(client, "persons", "a.csv", data)
    )


def test_batches_are_private_to_their_uploader(client: Any, users: dict[str, Any]) -> None:
    login(client, users["worker"])
    batch = batch_id(upload(client, "persons", "a.csv", csv_bytes([["Nom"], ["Awa"]])))
    client.force_login(users["other_worker"])
    for step in ("", "map/", "preview/"):
        assert client.get(f"/spreadsheets/import/{batch}/{step}").status_code == 404
    assert client.post(f"/spreadsheets/import/{batch}/commit/").status_code == 404


def test_roles(client: Any, users: dict[str, Any]) -> None:
    login(client, users["investigator"])
    data = csv_bytes([["Nom"], ["Awa"]])
    assert upload(client, "cases", "a.csv", data).status_code == 400  # not offered
    login(client, users["worker"])
    assert upload(client, "incidents", "a.csv", data).status_code == 400
    login(client, users["analyst"])
    assert client.get("/spreadsheets/import/").status_code == 403


def test_blank_template_is_recognised_when_filled(client: Any, users: dict[str, Any]) -> None:
    import io

    from openpyxl import load_workbook

    login(client, users["worker"])
    start = client.get("/spreadsheets/import/").content.decode()
    assert "/spreadsheets/import/template/cases/" in start
    response = client.get("/spreadsheets/import/template/cases/")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    headers = [cell.value for cell in sheet[1]]
    assert "Date of identification" in headers
    sheet.append(["Awa Camara"])
    filled = io.BytesIO()
    sheet.parent.save(filled)
    batch = batch_id(upload(client, "cases", "rempli.xlsx", filled.getvalue()))
    page = client.get(f"/spreadsheets/import/{batch}/map/").content.decode()
    # Every field is suggested: each column has exactly the field's own name.
    assert page.count(" selected>") == len(headers)
    login(client, users["investigator"])
    assert client.get("/spreadsheets/import/template/cases/").status_code == 403


def test_two_pending_uploads_of_one_file_import_once(client: Any, users: dict[str, Any]) -> None:
    import pytest
    from django.db import IntegrityError, transaction

    from jokko.spreadsheets.models import ImportBatch

    data = csv_bytes([["Nom"], ["Awa Camara"]])
    login(client, users["worker"])
    first = batch_id(upload(client, "persons", "a.csv", data))
    client.force_login(users["coordinator"])
    second = batch_id(upload(client, "persons", "a.csv", data))
    assert first != second
    client.force_login(users["worker"])
    client.post(f"/spreadsheets/import/{first}/commit/")
    before = counts()
    client.force_login(users["coordinator"])
    response = client.post(f"/spreadsheets/import/{second}/commit/", follow=True)
    assert "already imported" in response.content.decode()
    assert counts() == before
    # The database itself refuses a second committed batch of the same file.
    with pytest.raises(IntegrityError), transaction.atomic():
        ImportBatch.objects.filter(pk=second).update(status="committed")


def test_coordinator_imports_incidents_for_a_named_unit(
    client: Any, users: dict[str, Any], orgs: dict[str, Any]
) -> None:
    from jokko.incidents.models import Incident

    login(client, users["coordinator"])
    data = csv_bytes(
        [
            ["Type", "Date", "Lieu", "Infractions", "Unité"],
            ["arrest", "05/01/2025", "Kidira", "som", "Division traite"],
            ["arrest", "06/01/2025", "Kidira", "som", "Brigade inconnue"],
        ]
    )
    batch = batch_id(upload(client, "incidents", "ops.csv", data))
    page = client.get(f"/spreadsheets/import/{batch}/map/").content.decode()
    assert '<option value="Unité" selected>' in page
    client.post(
        f"/spreadsheets/import/{batch}/map/",
        {
            "field_kind": "Type",
            "field_occurred_on": "Date",
            "field_place_code": "Lieu",
            "field_offences": "Infractions",
            "field_unit": "Unité",
        },
    )
    preview = client.get(f"/spreadsheets/import/{batch}/preview/").content.decode()
    assert "Brigade inconnue" in preview and "Kidira (SN)" in preview
    assert not Incident.objects.exists()


def test_pages_in_french_recognise_french_labels(client: Any, users: dict[str, Any]) -> None:
    client.cookies["django_language"] = "fr"
    login(client, users["worker"])
    data = csv_bytes([["Nom", "Sexe", "Nationalité"], ["Awa Camara", "Féminin", "Sénégal"]])
    response = upload(client, "persons", "p.csv", data)
    batch = batch_id(response)
    page = client.get(f"/spreadsheets/import/{batch}/map/").content.decode()
    assert '<option value="Nationalité" selected>' in page
    response = client.post(
        f"/spreadsheets/import/{batch}/map/",
        {"field_name": "Nom", "field_sex": "Sexe", "field_nationality": "Nationalité"},
    )
    preview = client.get(f"/spreadsheets/import/{batch}/preview/")
    assert preview.status_code == 200
    assert "Féminin" in preview.content.decode()


def test_forgotten_uploads_are_wiped(client: Any, users: dict[str, Any]) -> None:
    from django.utils import timezone

    from jokko.spreadsheets.actions import PENDING_LIFETIME
    from jokko.spreadsheets.models import ImportBatch

    login(client, users["worker"])
    old = batch_id(upload(client, "persons", "a.csv", csv_bytes([["Nom"], ["Awa"]])))
    ImportBatch.objects.filter(pk=old).update(
        created_at=timezone.now() - PENDING_LIFETIME - dt.timedelta(hours=1)
    )
    batch_id(upload(client, "persons", "b.csv", csv_bytes([["Nom"], ["Binta"]])))
    forgotten = ImportBatch.objects.get(pk=old)
    assert forgotten.status == "abandoned" and forgotten.content is None
    assert client.get(f"/spreadsheets/import/{old}/preview/").status_code == 302
