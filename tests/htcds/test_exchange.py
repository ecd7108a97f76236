"""Export, import, re-import: the HTCDS exchange through Jokko's real actions."""

from __future__ import annotations

import json
from typing import Any

import pytest

from jokko.accounts.access import ActionForbidden
from jokko.audit.models import AuditEntry
from jokko.cases.models import Case
from jokko.htcds import exporter
from jokko.htcds.importer import import_file, import_records
from jokko.htcds.models import ImportedRecord
from jokko.htcds.schema import document_errors
from tests.htcds.helpers import record_without_bookkeeping, rich_case


@pytest.fixture
def exported(users: dict[str, Any], orgs: dict[str, Any]) -> list[dict[str, Any]]:
    case = rich_case(users, orgs)
    return exporter.export_cases(Case.objects.filter(pk=case.pk), user=users["coordinator"])


def test_export_maps_every_jokko_field_and_validates(exported: list[dict[str, Any]]) -> None:
    (record,) = exported
    assert document_errors(exporter.document(exported)) == []
    assert record["prs_FirstName"] == "Awa"
    assert record["prs_SecondName"] == "Ndiaye Sow"
    assert record["prs_Gender"] == "Feminine"
    assert record["prs_Birthdate"] == "2006-05-17"
    assert record["prs_Citizenship"] == ["ML"]
    assert record["prs_PrimaryLanguage"] == "bm"
    assert record["prs_MobilePhone"] == "+221771234567"
    assert record["prs_IdentityNumber"] == "ML123456"
    assert record["vic_TraffickingStatusDecisionMakingOrg"] == "Police"  # gendarmerie
    assert record["vic_TypeOfExploitation"] == ["ForcedLabour", "ForcedBegging"]
    assert record["vic_MethodsOfControl"] == ["DebtBondage", "WithholdsDocuments"]
    assert record["vic_RelationshipToTrafficker"] == "Acquainted"
    assert record["cas_Status"] == "Active"
    assert record["vic_TraffickingStatus"] == "PossibleVictimOfTrafficking"
    assert record["con_Consent"] is True
    assert record["cas_ReferredOrganisation"] == "Centre de santé Kédougou"
    assert [e["hte_Type"] for e in record["HistoricTraffickingEvents"]] == [
        "Recruitment",
        "Transit",
        "Exploitation",
    ]
    assert record["HistoricTraffickingEvents"][0]["hte_City"] == "Kayes"
    assert record["x_IdentificationPlace"] == "SN-TC-KIDIRA"
    assert record["SupportPlans"][0]["spl_Type"] == "Health"  # psychosocial support
    assert record["SupportPlans"][1]["spl_Objectives"] == "Formation en couture à Kédougou"
    assert record["x_SourceSystem"] == "jokko:SN"


def test_identity_export_is_an_audited_read(users: dict[str, Any], orgs: dict[str, Any]) -> None:
    case = rich_case(users, orgs)
    before = AuditEntry.objects.filter(action="read", object_type="person").count()
    exporter.export_cases(Case.objects.all(), user=users["coordinator"])
    entry = AuditEntry.objects.filter(action="read", object_type="person").latest("id")
    assert AuditEntry.objects.filter(action="read", object_type="person").count() == before + 1
    assert entry.person_id == case.person_id
    assert entry.detail["purpose"] == "htcds_export"
    anonymous = exporter.export_cases(Case.objects.all())
    assert "prs_FirstName" not in anonymous[0] and "prs_MobilePhone" not in anonymous[0]


def test_round_trip_in_process_and_idempotent_reimport(
    exported: list[dict[str, Any]], users: dict[str, Any]
) -> None:
    coordinator = users["coordinator"]
    report = import_records(coordinator, exported, source_system="jokko:ML")
    assert report.ok, report.errors
    assert (report.created, report.updated, report.unchanged) == (1, 0, 0)
    # Everything goes through Jokko's own model, except the outgoing referral: its receiving
    # organisation is another node's, so it is kept verbatim and given back on export.
    assert set(report.records[0].unmapped) == {
        "cas_ReferredOrganisation",
        "cas_OutgoingReferralDate",
        "cas_ReasonForOutgoingReferral",
    }
    imported = ImportedRecord.objects.get(source_system="jokko:ML")
    assert imported.case.services.count() == 1 and imported.case.plans.count() == 1
    assert imported.case.screenings.get().outcome == "presumed_victim"
    again = exporter.export_cases(Case.objects.filter(pk=imported.case_id), user=coordinator)
    assert record_without_bookkeeping(again[0]) == record_without_bookkeeping(exported[0])

    cases, audits = Case.objects.count(), AuditEntry.objects.count()
    report = import_records(coordinator, exported, source_system="jokko:ML")
    assert (report.created, report.updated, report.unchanged) == (0, 0, 1)
    assert (Case.objects.count(), AuditEntry.objects.count()) == (cases, audits)


def test_changed_record_updates_only_changed_fields(
    exported: list[dict[str, Any]], users: dict[str, Any]
) -> None:
    coordinator = users["coordinator"]
    import_records(coordinator, exported, source_system="partner")
    case = ImportedRecord.objects.get(source_system="partner").case
    changed = dict(
        exported[0],
        vic_MethodsOfControl=["DebtBondage"],
        cas_Status="Closed",
        cas_ReasonForCaseClosure="Returned home",
    )
    cases = Case.objects.count()
    report = import_records(coordinator, [changed], source_system="partner")
    assert report.ok, report.errors
    assert report.updated == 1 and Case.objects.count() == cases
    assert report.records[0].changed == ["means_of_control", "status"]
    case.refresh_from_db()
    assert case.means_of_control == ["debt_bondage"]
    assert case.status == "closed" and case.closure_reason == "Returned home"
    # A Jokko refinement saying the same HTCDS value survives (gold mining stays gold mining).
    original = Case.objects.exclude(pk=case.pk).get()
    assert original.exploitation_types == ["forced_labour_gold_mining", "forced_begging_talibe"]


def test_unmapped_fields_are_reported_and_given_back(users: dict[str, Any]) -> None:
    record = {
        "x_SourceId": "CASE-7",
        "prs_FirstName": "Fatou",
        "prs_Gender": "Feminine",
        "prs_Citizenship": ["SN"],
        "vic_AgeWhenTrafficked": 14,
        "vic_TypeOfExploitation": ["ForcedBegging"],
        "vic_ForcedLabourIndustry": "B_MiningAndQuarrying",
        "cas_ReferringOrganisation": "ONG inconnue",
        "x_IdentificationPlace": "SN-KE-KEDOUGOU",
        "legacy_code": "X1",
    }
    report = import_records(users["coordinator"], [record], source_system="casebook")
    assert report.ok, report.errors
    unmapped = report.records[0].unmapped
    assert set(unmapped) == {
        "vic_AgeWhenTrafficked",
        "vic_ForcedLabourIndustry",
        "cas_ReferringOrganisation",
        "legacy_code",
    }
    assert "14" in unmapped["vic_AgeWhenTrafficked"]
    assert "not an HTCDS 2.0 field" in unmapped["legacy_code"]
    case = ImportedRecord.objects.get().case
    (again,) = exporter.export_cases([case], user=users["coordinator"])
    assert again["vic_AgeWhenTrafficked"] == 14
    assert again["cas_ReferringOrganisation"] == "ONG inconnue"


def test_values_jokko_approximates_are_given_back_while_the_case_agrees(
    users: dict[str, Any],
) -> None:
    from jokko.cases import actions

    record = {
        "x_SourceId": "CASE-8",
        "prs_Citizenship": ["SN", "GM"],
        "cas_Status": "FollowUp",
        "x_IdentificationPlace": "SN-KE-KEDOUGOU",
    }
    report = import_records(users["coordinator"], [record], source_system="casebook")
    assert set(report.records[0].unmapped) == {"prs_Citizenship", "cas_Status"}
    case = ImportedRecord.objects.get().case
    assert case.person.nationality == "SN"
    (again,) = exporter.export_cases([case], user=users["coordinator"])
    assert again["prs_Citizenship"] == ["SN", "GM"] and again["cas_Status"] == "FollowUp"
    case = actions.transition_case(users["coordinator"], case, "closed", note="Retour en Gambie")
    (closed,) = exporter.export_cases([case], user=users["coordinator"])
    assert closed["cas_Status"] == "Closed"


def test_invalid_record_rejects_the_whole_file(users: dict[str, Any]) -> None:
    good = {"x_SourceId": "1", "prs_Gender": "Masculine", "x_IdentificationPlace": "SN-DK-DAKAR"}
    bad = {"x_SourceId": "2", "prs_Gender": "Male", "cas_Status": "Open"}
    report = import_records(users["coordinator"], [good, bad], source_system="s")
    assert not report.ok
    assert report.errors[0].startswith("record 2: cas_Status")
    assert Case.objects.count() == 0 and ImportedRecord.objects.count() == 0


def test_duplicate_source_ids_in_one_file_are_refused(users: dict[str, Any]) -> None:
    record = {"x_SourceId": "1", "prs_Gender": "Masculine"}
    report = import_records(users["coordinator"], [record, dict(record)], source_system="s")
    assert any("same x_SourceId" in e for e in report.errors)
    assert Case.objects.count() == 0


def test_dry_run_writes_nothing(exported: list[dict[str, Any]], users: dict[str, Any]) -> None:
    cases, audits = Case.objects.count(), AuditEntry.objects.count()
    report = import_records(users["coordinator"], exported, source_system="x", dry_run=True)
    assert report.ok and report.created == 1
    assert (Case.objects.count(), AuditEntry.objects.count()) == (cases, audits)


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b'{"htcds_version": "2.0", "records": [{"prs_Gender": "Fem', "f.json", "truncated"),
        ('{"records": [{"prs_FirstName": "Aïda"}]}'.encode("latin-1"), "f.json", "UTF-8"),
        ('{"records": []}'.encode("utf-16"), "f.json", "UTF-8"),
        (b'{"type": "FeatureCollection", "features": []}', "f.json", "no HTCDS record"),
        (
            b'{"htcds_version": "1.0", "records": [{"prs_Gender": "Feminine"}]}',
            "f.json",
            "not supported",
        ),
        (b"PK\x03\x04garbage", "f.xlsx", "damaged"),
        (b"prs_Gender\nFeminine\n", "f.csv", ".json or .xlsx"),
        (b"", "f.json", "empty"),
        (b'{"records": [{"prs_NumberOfChildren": 1e999}]}', "f.json", "too large"),
        (b'{"records": [{"prs_NumberOfChildren": NaN}]}', "f.json", "too large"),
        (
            b'{"records": [{"prs_Gender": "Feminine", "x": '
            + b"[" * 100_000
            + b"]" * 100_000
            + b"}]}",
            "f.json",
            "nested too deeply",
        ),
        (b'{"records": [{"prs_NumberOfChildren": ' + b"9" * 5000 + b"}]}", "f.json", "too large"),
    ],
)
def test_malformed_files_are_refused_and_change_nothing(
    users: dict[str, Any], data: bytes, filename: str, message: str
) -> None:
    audits = AuditEntry.objects.count()
    report = import_file(users["coordinator"], data, filename, source_system="s")
    assert not report.ok
    assert message in report.errors[0]
    assert Case.objects.count() == 0 and AuditEntry.objects.count() == audits


def test_huge_file_is_refused(users: dict[str, Any], settings: Any) -> None:
    from jokko.htcds import importer

    data = b'{"records": [' + b'{"prs_Gender": "Feminine"},' * 800_000 + b"{}]}"
    assert len(data) > importer.MAX_FILE_BYTES
    report = import_file(users["coordinator"], data, "big.json", source_system="s")
    assert "too big" in report.errors[0]


def test_xlsx_export_follows_the_template_and_reimports(
    exported: list[dict[str, Any]], users: dict[str, Any]
) -> None:
    from io import BytesIO

    from openpyxl import load_workbook

    exported[0]["cas_ReasonForCaseClosure"] = '=HYPERLINK("http://evil","x")'
    exported[0]["cas_Status"] = "Closed"
    data = exporter.to_xlsx(exported)
    sheet = load_workbook(BytesIO(data)).worksheets[0]
    assert sheet.title == "Sheet1"
    names = [c.value for c in sheet[1]]
    assert names[1:39] == list(exporter.TEMPLATE_COLUMNS)
    assert [c.value for c in sheet[2]][3] == "First Name"
    assert sheet["A3"].value == 1
    reason = sheet.cell(row=3, column=names.index("cas_ReasonForCaseClosure") + 1)
    assert reason.value.startswith("'=") and reason.data_type == "s"  # never a formula
    report = import_file(users["coordinator"], data, "cases.xlsx", source_system="sheet")
    assert report.ok, report.errors
    case = ImportedRecord.objects.get(source_system="sheet").case
    (again,) = exporter.export_cases([case], user=users["coordinator"])
    assert record_without_bookkeeping(again) == record_without_bookkeeping(exported[0])


def test_template_spelling_of_the_decision_org_column_is_accepted(users: dict[str, Any]) -> None:
    from io import BytesIO

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append([None, "prs_FirstName", "vic_TraffickinStatusDecisionMakingOrg", "prs_Gender"])
    sheet.append([None, "First Name", "Trafficking Status Decision Making Organization", "Gender"])
    sheet.append([1, "Moussa", "NGO", "Masculine"])
    buffer = BytesIO()
    workbook.save(buffer)
    report = import_file(users["coordinator"], buffer.getvalue(), "t.xlsx", source_system="t")
    assert report.ok and report.created == 1, report.errors
    assert ImportedRecord.objects.get().case.identification_source == "ngo"


def test_only_case_roles_import(users: dict[str, Any]) -> None:
    with pytest.raises(ActionForbidden):
        import_records(users["analyst"], [{"prs_Gender": "Feminine"}], source_system="s")


def test_export_json_is_valid_document(exported: list[dict[str, Any]]) -> None:
    doc = json.loads(exporter.to_json(exported))
    assert doc["htcds_version"] == "2.0" and document_errors(doc) == []


def test_zip_bomb_workbook_is_refused_without_inflating(users: dict[str, Any]) -> None:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * 1_000_000
            for _ in range(210):
                member.write(chunk)
    data = buffer.getvalue()
    assert len(data) < 1_000_000
    report = import_file(users["coordinator"], data, "bomb.xlsx", source_system="s")
    assert "too much data" in report.errors[0]
    assert Case.objects.count() == 0
