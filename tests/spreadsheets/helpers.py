"""Building spreadsheets and driving the import pages as a user does."""

from __future__ import annotations

import io
import re
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook


def csv_bytes(rows: list[list[str]]) -> bytes:
    return "\n".join(",".join(row) for row in rows).encode("utf-8")


def xlsx_bytes(rows: list[list[Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client: Any, kind: str, name: str, data: bytes) -> Any:
    return client.post(
        "/spreadsheets/import/", {"kind": kind, "file": SimpleUploadedFile(name, data)}
    )


def batch_id(response: Any) -> int:
    match = re.search(r"/spreadsheets/import/(\d+)/map/", response["Location"])
    assert match, response.content.decode()[:2000]
    return int(match.group(1))


def counts() -> dict[str, int]:
    from jokko.audit.models import AuditEntry
    from jokko.cases.models import Case
    from jokko.incidents.models import Incident
    from jokko.people.models import Person

    return {
        "persons": Person.objects.count(),
        "cases": Case.objects.count(),
        "incidents": Incident.objects.count(),
        "audit": AuditEntry.objects.count(),
    }


SPREADSHEET_PAGES_WITH_IDS = {
    "spreadsheet-import-detail",
    "spreadsheet-import-map",
    "spreadsheet-import-preview",
    "spreadsheet-import-commit",
    "spreadsheet-import-abandon",
}


def batch_for_permissions() -> Any:
    """A persons sheet uploaded (not yet imported) by the `users` fixture's case worker."""
    from jokko.accounts.models import User
    from jokko.spreadsheets import actions
    from jokko.spreadsheets.models import ImportBatch

    existing = ImportBatch.objects.first()
    if existing is not None:
        return existing
    worker = User.objects.get(username="worker")
    return actions.upload(worker, "persons", "personnes.csv", csv_bytes([["Nom"], ["Awa Camara"]]))


def spreadsheet_page_url(name: str) -> str:
    from django.urls import reverse

    if name == "spreadsheet-import-template":
        return reverse(name, kwargs={"kind": "cases"})
    if name in SPREADSHEET_PAGES_WITH_IDS:
        return reverse(name, kwargs={"batch_id": batch_for_permissions().pk})
    return reverse(name)


def import_body(kind: str, rows: list[list[str]], **extra: Any) -> dict[str, Any]:
    import base64

    return {
        "kind": kind,
        "filename": "sheet.csv",
        "content_base64": base64.b64encode(csv_bytes(rows)).decode(),
        **extra,
    }


def spreadsheet_api_calls() -> dict[str, tuple[Any, Any, Any]]:
    """The spreadsheet rows of the API permission matrix (tests/api/test_api.py)."""
    import uuid

    from jokko.people.models import Person

    def count(world: Any) -> int:
        return Person.objects.count()

    def one_more(world: Any, prepared: int, before: Any, after: Any) -> bool:
        return Person.objects.count() == prepared + 1

    def unchanged(world: Any, prepared: Any, before: Any, after: Any) -> bool:
        return bool(before == after)

    def new_sheet(api: Any, world: Any, prepared: Any) -> Any:
        # A different file each time: the same file twice would be refused as already imported.
        rows = [["Nom", "Notes"], ["Awa Camara", uuid.uuid4().hex]]
        return api.post("/spreadsheets/imports", import_body("persons", rows))

    return {
        "POST /spreadsheets/imports": (count, new_sheet, one_more),
        "GET /spreadsheets/imports/{batch_id}": (
            lambda world: batch_for_permissions().pk,
            lambda api, w, p: api.get(f"/spreadsheets/imports/{p}"),
            unchanged,
        ),
    }
