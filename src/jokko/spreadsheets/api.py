"""API routes of the spreadsheets app (mounted under /api/v1/spreadsheets/ by jokko/api/api.py).

A partner's system sends a sheet it exports (CSV or .xlsx, base64) and gets the same checks
and the same all-or-nothing import as the pages and `jokko import ...`: a row-level report and
nothing written on any error, 409 for a file already imported. `dry_run` checks without keeping
anything. Bodies are limited by the node's request size (about 2 MB of file); larger sheets go
through the page or the command line.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from jokko.accounts.access import ActionForbidden
from jokko.api.schemas import ERRORS
from jokko.spreadsheets import actions
from jokko.spreadsheets.access import access_batch, can_import
from jokko.spreadsheets.fields import suggest_mapping
from jokko.spreadsheets.importer import RowError, mapping_errors, plan_import
from jokko.spreadsheets.models import BatchStatus, ImportBatch, ImportKind
from jokko.tabular import TableError, read_table

router = Router(tags=["spreadsheets"])
CHANNEL = "api"


class ImportIn(Schema):
    kind: str = Field(..., description=", ".join(ImportKind.values))
    filename: str = Field(..., description="Ends in .csv (UTF-8) or .xlsx")
    content_base64: str
    mapping: dict[str, str] | None = Field(
        None, description="Jokko field -> column of the file; default: columns matched by name"
    )
    dry_run: bool = Field(False, description="Check every row, write nothing")


class RowErrorOut(Schema):
    line: int = Field(..., description="Row number in the user's spreadsheet")
    column: str
    message: str


class CreatedOut(Schema):
    line: int
    type: str
    id: int
    reference: str = ""


class ImportOut(Schema):
    batch_id: int | None
    kind: str
    status: str
    sha256: str
    rows: int
    mapping: dict[str, str]
    created: list[CreatedOut]
    errors: list[RowErrorOut]


class AlreadyImportedOut(Schema):
    detail: str
    batch_id: int


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _errors(errors: list[RowError]) -> list[dict[str, Any]]:
    return [{"line": e.line, "column": e.column, "message": e.message} for e in errors]


def batch_out(batch: ImportBatch, errors: list[RowError] | None = None) -> dict[str, Any]:
    return {
        "batch_id": batch.pk,
        "kind": batch.kind,
        "status": batch.status,
        "sha256": batch.sha256,
        "rows": batch.row_count,
        "mapping": batch.mapping,
        "created": batch.created_records,
        "errors": _errors(errors or []),
    }


@router.post(
    "/imports",
    response={
        200: ImportOut,
        201: ImportOut,
        400: ImportOut,
        409: AlreadyImportedOut,
        **ERRORS,
    },
)
def create_import(request: HttpRequest, payload: ImportIn) -> Status[dict[str, Any]]:
    """Import every row or none: 201 with the records made, 400 with every row's error."""
    user = _user(request)
    if payload.kind not in ImportKind.values or not can_import(user, payload.kind):
        raise ActionForbidden
    try:
        data = base64.b64decode(payload.content_base64, validate=True)
    except (binascii.Error, ValueError):
        raise ValidationError({"content_base64": ["This is not base64."]}) from None
    if payload.dry_run:
        return _dry_run(user, payload, data)
    try:
        batch = actions.upload(
            user, payload.kind, payload.filename, data, max_rows=actions.MAX_REQUEST_ROWS
        )
    except actions.AlreadyImported as exc:
        return Status(409, {"detail": " ".join(exc.messages), "batch_id": exc.batch.pk})
    mapping = payload.mapping if payload.mapping is not None else dict(batch.mapping)
    try:
        problems = actions.set_mapping(user, batch, mapping)
        if problems:
            raise ValidationError({"mapping": problems})
        report = actions.commit(user, batch, channel=CHANNEL)
    except BaseException:
        _drop(user, batch)
        raise
    if not report.ok:
        _drop(user, batch)
        return Status(400, batch_out(batch, report.errors))
    return Status(201, batch_out(report.batch))


def _drop(user: Any, batch: ImportBatch) -> None:
    """A refused API import keeps no copy of the file (the client still has it)."""
    batch.refresh_from_db()
    if batch.status == BatchStatus.UPLOADED:
        actions.abandon(user, batch)


def _dry_run(user: Any, payload: ImportIn, data: bytes) -> Status[dict[str, Any]]:
    import hashlib

    try:
        table = read_table(
            data,
            payload.filename,
            max_bytes=actions.MAX_UPLOAD_BYTES,
            max_rows=actions.MAX_REQUEST_ROWS,
        )
    except TableError as exc:
        raise ValidationError({"file": [actions.table_error_message(exc)]}) from None
    mapping = payload.mapping or suggest_mapping(payload.kind, table.headers)
    problems = mapping_errors(payload.kind, table.headers, mapping)
    if problems:
        raise ValidationError({"mapping": problems})
    plan = plan_import(user, payload.kind, table, mapping)
    body = {
        "batch_id": None,
        "kind": payload.kind,
        "status": "checked",
        "sha256": hashlib.sha256(data).hexdigest(),
        "rows": len(table.rows),
        "mapping": mapping,
        "created": [],
        "errors": _errors(plan.errors),
    }
    return Status(400 if plan.errors else 200, body)


@router.get("/imports/{batch_id}", response={200: ImportOut, **ERRORS})
def get_import(request: HttpRequest, batch_id: int) -> dict[str, Any]:
    """One of your imports: status, mapping and the records it created."""
    return batch_out(access_batch(_user(request), batch_id))
