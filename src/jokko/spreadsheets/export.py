"""Answer a list page's `?format=csv|xlsx` with the rows the user sees, as a download.

List views call `export_requested(request)` and, when it says yes, build the same rows their
template shows (same filters, same role scoping, same columns) and return `export_response`.
The file is written by `jokko.tabular`, which neutralises formula injection in every text cell.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from jokko.audit.actions import record
from jokko.tabular import write_csv, write_xlsx

EXPORT_FORMATS = ("csv", "xlsx")
# A list page exported whole (every page of its filtered, role-scoped list), up to this many rows.
MAX_EXPORT_ROWS = 20_000
Column = tuple[Any, Callable[[Any], Any]]
_CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def export_requested(request: HttpRequest) -> str:
    """The export format asked for in the query string ("csv", "xlsx"), or "" for the page."""
    fmt = request.GET.get("format", "")
    return fmt if fmt in EXPORT_FORMATS else ""


def export_response(
    filename_stem: str, fmt: str, headers: list[str], rows: Iterable[Sequence[Any]]
) -> HttpResponse:
    """A download of `rows` under `headers`, named `<stem>-<date>.<fmt>`."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    texts = [str(header) for header in headers]  # lazy translations resolved once
    materialised = [[_plain(value) for value in row] for row in rows]
    if fmt == "csv":
        content = write_csv(texts, materialised)
    else:
        content = write_xlsx(texts, materialised, title=filename_stem)
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", filename_stem).strip("-") or "export"
    today = timezone.localdate().isoformat()
    response = HttpResponse(content, content_type=_CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{stem}-{today}.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response


def _plain(value: Any) -> Any:
    """Lazy strings and choices become text; aware datetimes become local wall time."""
    if value is None or isinstance(value, bool | int | float | dt.date | dt.time):
        if isinstance(value, dt.datetime) and timezone.is_aware(value):
            return timezone.localtime(value).replace(tzinfo=None)
        return value
    return str(value)


def export_list(
    request: HttpRequest,
    what: str,
    columns: Sequence[Column],
    objects: Iterable[Any],
    *,
    person_of: Callable[[Any], int | None] | None = None,
) -> HttpResponse | None:
    """The list download when `?format=` asks for one, else None (the view renders its page).

    `objects` is what the page lists (already filtered and scoped to the user's role), `columns`
    the page's own columns as (heading, value of one object). Every export is audited once with
    its size; a list of persons (`person_of` gives each row's person) also leaves one entry per
    person exported, as reading their record would.

    In a view::

        if response := export_list(request, "cases", CASE_COLUMNS, cases):
            return response
    """
    fmt = export_requested(request)
    if not fmt:
        return None
    if hasattr(objects, "__getitem__") and not isinstance(objects, list | tuple):
        objects = objects[:MAX_EXPORT_ROWS]
    items = list(objects)[:MAX_EXPORT_ROWS]
    # Which filters were set, not their values: a search text may be a person's name.
    filters = sorted(key for key in request.GET if key not in ("format", "page"))
    record(request.user, "export", what, "", format=fmt, records=len(items), filters=filters)
    if person_of is not None:
        for item in items:
            person_id = person_of(item)
            if person_id is not None:
                record(request.user, "export", what, "", person_id=person_id, format=fmt)
    headers = [str(heading) for heading, _value in columns]
    rows = [[value(item) for _heading, value in columns] for item in items]
    return export_response(what, fmt, headers, rows)
