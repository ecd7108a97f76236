"""The life of an import batch: upload, map columns, commit all rows or none.

The same functions serve the pages and the `jokko import persons|cases|incidents` commands, so
both refuse the same files, report the same row-level errors and write through the same
actions (`register_person`, `register_survivor`, `record_incident`), which audit every person.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _g

from jokko.accounts.access import ActionForbidden
from jokko.audit.actions import record
from jokko.spreadsheets.access import can_import
from jokko.spreadsheets.importer import (
    ImportPlan,
    RowError,
    mapping_errors,
    plan_import,
    write_rows,
)
from jokko.spreadsheets.models import BatchStatus, ImportBatch, ImportKind
from jokko.tabular import Table, TableError, read_table

MAX_UPLOAD_BYTES = 5_000_000
MAX_IMPORT_ROWS = 20_000
# A page or API request imports at most this many rows (about 10 s of work; each person is
# indexed and audited one by one); larger sheets go through `jokko import ...`.
MAX_REQUEST_ROWS = 2_000
# An upload left unimported this long is abandoned and its copy of the file wiped.
PENDING_LIFETIME = datetime.timedelta(days=2)


class AlreadyImported(ValidationError):
    """The same file (same SHA-256) was already imported: `batch` is the earlier import."""

    def __init__(self, batch: ImportBatch) -> None:
        self.batch = batch
        when = formats.date_format(timezone.localtime(batch.committed_at or batch.created_at))
        super().__init__(
            {
                "file": [
                    _g(
                        "This file was already imported on %(date)s by %(user)s (import "
                        "no. %(id)s, %(count)s records). It was not imported again."
                    )
                    % {
                        "date": when,
                        "user": batch.created_by.username,
                        "id": batch.pk,
                        "count": batch.created_count,
                    }
                ]
            }
        )


@dataclass
class CommitReport:
    batch: ImportBatch
    created: list[dict[str, Any]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    mapping_problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and not self.mapping_problems


def table_of(batch: ImportBatch) -> Table:
    return read_table(
        bytes(batch.content or b""),
        batch.filename,
        max_bytes=MAX_UPLOAD_BYTES,
        max_rows=MAX_IMPORT_ROWS,
    )


def upload(
    user: Any, kind: str, filename: str, data: bytes, *, max_rows: int = MAX_IMPORT_ROWS
) -> ImportBatch:
    """Keep an uploaded table (encrypted) as a new batch, after checking it is a table.

    The same user uploading the same file again before committing gets the same batch back
    (a double click); a file already imported by anyone is refused (`AlreadyImported`).
    """
    if kind not in ImportKind.values or not can_import(user, kind):
        raise ActionForbidden
    expire_pending()
    digest = hashlib.sha256(data).hexdigest()
    earlier = _committed_with(digest)
    if earlier is not None:
        raise AlreadyImported(earlier)
    try:
        table = read_table(data, filename, max_bytes=MAX_UPLOAD_BYTES, max_rows=max_rows)
    except TableError as exc:
        message = table_error_message(exc)
        if exc.code == "too_many_rows" and max_rows < MAX_IMPORT_ROWS:
            message += " " + _g(
                "Larger sheets (up to %(limit)s rows) are imported with the command “jokko import”."
            ) % {"limit": MAX_IMPORT_ROWS}
        raise ValidationError({"file": [message]}) from None
    if not table.rows:
        raise ValidationError({"file": [_g("The file has column names but no rows.")]})
    pending = ImportBatch.objects.filter(
        sha256=digest, kind=kind, created_by=user, status=BatchStatus.UPLOADED
    ).first()
    if pending is not None:
        return pending
    from jokko.spreadsheets.fields import suggest_mapping

    return ImportBatch.objects.create(
        kind=kind,
        filename=filename[-255:],
        sha256=digest,
        content=data,
        mapping=suggest_mapping(kind, table.headers),
        row_count=len(table.rows),
        organisation=getattr(user, "organisation", None),
        created_by=user,
    )


def expire_pending() -> int:
    """Abandon uploads nobody imported in time: identities do not linger in forgotten files."""
    return ImportBatch.objects.filter(
        status=BatchStatus.UPLOADED, created_at__lt=timezone.now() - PENDING_LIFETIME
    ).update(status=BatchStatus.ABANDONED, content=None)


def _committed_with(digest: str) -> ImportBatch | None:
    return (
        ImportBatch.objects.filter(sha256=digest, status=BatchStatus.COMMITTED)
        .select_related("created_by")
        .order_by("id")
        .first()
    )


def set_mapping(user: Any, batch: ImportBatch, mapping: dict[str, str]) -> list[str]:
    """Save the column chosen for each field; return the problems with it (empty when usable)."""
    _check_open(user, batch)
    cleaned = {name: header for name, header in mapping.items() if header}
    batch.mapping = cleaned
    batch.save(update_fields=["mapping"])
    return mapping_errors(batch.kind, table_of(batch).headers, cleaned)


def plan(user: Any, batch: ImportBatch) -> tuple[list[str], ImportPlan]:
    table = table_of(batch)
    problems = mapping_errors(batch.kind, table.headers, batch.mapping)
    if problems:
        return problems, ImportPlan(kind=batch.kind)
    return [], plan_import(user, batch.kind, table, batch.mapping)


def commit(
    user: Any, batch: ImportBatch, *, channel: str = "web", progress: Any = None
) -> CommitReport:
    """Write every row, or nothing: one transaction, rolled back if any row fails."""
    _check_open(user, batch)
    problems, import_plan = plan(user, batch)
    report = CommitReport(batch=batch, mapping_problems=problems, errors=list(import_plan.errors))
    if not report.ok:
        return report
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status != BatchStatus.UPLOADED:
            raise ValidationError({"file": [_g("This import was already done.")]})
        earlier = _committed_with(batch.sha256)
        if earlier is not None:
            raise AlreadyImported(earlier)
        created, failures = write_rows(
            user, batch.kind, import_plan, channel=channel, progress=progress
        )
        if failures:
            report.errors = failures
            transaction.set_rollback(True)
            return report
        locked.status = BatchStatus.COMMITTED
        locked.committed_at = timezone.now()
        locked.created_count = len(created)
        locked.created_records = created
        locked.content = None  # the data now lives in the records; do not keep a second copy
        try:
            with transaction.atomic():
                locked.save()
        except IntegrityError:
            # Another commit of the same file won the race: undo this one entirely.
            earlier = _committed_with(batch.sha256)
            if earlier is None:
                raise
            raise AlreadyImported(earlier) from None
        record(
            user,
            "create",
            "import_batch",
            locked.pk,
            channel=channel,
            kind=locked.kind,
            sha256=locked.sha256,
            records=len(created),
        )
    report.batch = locked
    report.created = created
    return report


def abandon(user: Any, batch: ImportBatch) -> None:
    _check_open(user, batch)
    batch.status = BatchStatus.ABANDONED
    batch.content = None
    batch.save(update_fields=["status", "content"])


def _check_open(user: Any, batch: ImportBatch) -> None:
    if batch.created_by_id != user.pk or not can_import(user, batch.kind):
        raise ActionForbidden
    if batch.status != BatchStatus.UPLOADED:
        raise ValidationError({"file": [_g("This import is closed; upload the file again.")]})


def table_error_message(exc: TableError) -> str:
    """The reader's message in the user's language (the pure library only speaks English)."""
    p = exc.params
    code = exc.code
    if code == "too_big":
        return _g("The file is too big (%(size)s MB); the limit is %(limit)s MB.") % {
            "size": f"{p['size'] / 1_000_000:.1f}",
            "limit": f"{p['limit'] / 1_000_000:.1f}",
        }
    if code == "encoding" and p.get("encoding") == "UTF-16":
        return _g("The file is encoded in UTF-16. Save it as “CSV UTF-8” and upload it again.")
    if code == "encoding":
        return _g(
            "The file is not encoded in UTF-8 (line %(line)s cannot be read). Save it as "
            "“CSV UTF-8” and upload it again."
        ) % {"line": p.get("line", "?")}
    if code == "blank_header":
        return _g("Line %(line)s must name every column; column(s) %(columns)s have no name.") % {
            "line": p["line"],
            "columns": ", ".join(p["columns"]),
        }
    if code == "duplicate_header":
        return _g(
            "Columns %(first)s and %(second)s are both named “%(name)s”; every column needs a "
            "different name."
        ) % {"first": p["columns"][0], "second": p["columns"][1], "name": p["name"]}
    if code == "no_header":
        return _g(
            "Line %(line)s holds numbers or dates, not column names: the first row of the sheet "
            "must name the columns."
        ) % {"line": p["line"]}
    if code == "extra_value":
        return _g(
            "Line %(line)s has a value in column %(column)s, which has no name. Name the column "
            "or remove the value."
        ) % {"line": p["line"], "column": p["column"]}
    if code == "too_many_rows":
        return _g("The file has more than %(limit)s rows; split it into several files.") % {
            "limit": p["limit"]
        }
    fixed = {
        "empty": _g("The file is empty."),
        "file_type": _g("Unsupported file type: upload a .csv (UTF-8) or .xlsx file."),
        "xls": _g(
            "This is an old Excel (.xls) or a password-protected workbook. Remove any password "
            "and save it as .xlsx or “CSV UTF-8”."
        ),
        "not_xlsx": _g("The file is named .xlsx but is not an Excel workbook."),
        "not_csv": _g("The file is named .csv but is an Excel workbook or a zip archive."),
        "zip_bomb": _g(
            "The Excel file expands to far more data than a spreadsheet of this size can hold; "
            "it was not opened."
        ),
        "corrupt": _g(
            "The Excel file is damaged or incomplete. Open it in Excel, save it again and retry."
        ),
        "malformed": _g("The CSV file is malformed; open it in a spreadsheet and save it again."),
        "too_many_columns": _g("The file has too many columns."),
    }
    return fixed.get(code) or str(exc)
