"""API routes of the htcds app (mounted under /api/v1/htcds/ by jokko/api/api.py).

The same access rules and functions as the pages and the command line: a partner system can
pull the cases a user may see as an HTCDS document, and a coordinator's tool can push records
(all or nothing, with the same per-record report; ``dry_run`` to preview).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from jokko.api.schemas import ERRORS
from jokko.cases.workflow import CaseStatus
from jokko.htcds import exporter
from jokko.htcds.access import exportable_cases, require_import
from jokko.htcds.importer import MAX_RECORDS, import_records

router = Router(tags=["htcds"])
CHANNEL = "api"


class ExportFilters(Schema):
    since: datetime.date | None = Field(None, description="Cases identified on or after.")
    status: list[str] = Field([], description=", ".join(CaseStatus.values))
    case: list[str] = Field([], description="Only these case references.")


class ImportIn(Schema):
    source_system: str = Field(..., description="System the records come from.")
    records: list[dict[str, Any]] = Field(
        ..., description=f"HTCDS 2.0 records (at most {MAX_RECORDS}); see htcds-2.0.schema.json."
    )
    dry_run: bool = Field(False, description="Check and report without writing anything.")


class RecordReport(Schema):
    index: int
    source_id: str
    outcome: str = Field(..., description="created, updated, unchanged or error")
    case: str
    changed: list[str]
    unmapped: dict[str, str]
    notes: list[str]
    errors: list[str]


class ImportReportOut(Schema):
    source_system: str
    ok: bool
    dry_run: bool
    created: int
    updated: int
    unchanged: int
    errors: list[str]
    records: list[RecordReport]


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


@router.get("/export", response={200: dict[str, Any], **ERRORS})
def export_htcds(request: HttpRequest, filters: Query[ExportFilters]) -> dict[str, Any]:
    """The cases the user may see, as an HTCDS 2.0 document validated against the schema."""
    user = _user(request)
    statuses = [s for s in filters.status if s in CaseStatus.values]
    cases = exportable_cases(user, since=filters.since, statuses=statuses, references=filters.case)
    return exporter.document(exporter.export_cases(cases, user=user, channel=CHANNEL))


@router.post("/import", response={200: ImportReportOut, 400: ImportReportOut, **ERRORS})
def import_htcds(request: HttpRequest, payload: ImportIn) -> Status[dict[str, Any]]:
    """Import records as the coordinator; 400 with the report (nothing written) on any error."""
    user = _user(request)
    require_import(user)
    report = import_records(
        user, payload.records, source_system=payload.source_system, dry_run=payload.dry_run
    )
    return Status(200 if report.ok else 400, report.as_dict())
