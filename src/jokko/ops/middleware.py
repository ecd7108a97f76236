"""Answer a request that hit a full disk or a read-only database with a clear 503.

Every write in Jokko runs inside a transaction (`actions.py` functions are atomic), so when the
database refuses a write nothing is half-written: the transaction rolls back. What was missing
was the answer: Django turned the error into a bare 500 "server error" that tells neither the
user nor an API client whether to retry. This middleware recognises the storage conditions
(`jokko.ops.storage`) and answers 503 with `Retry-After`, a translated message, and, for the
API, the same JSON shape as the other API errors (`{"detail": ...}`). Other errors pass through.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from html import escape
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from jokko.ops.storage import StorageFault, refine, storage_fault

logger = logging.getLogger("jokko.ops")

# Seconds a client should wait before retrying: an operator needs minutes to free space.
RETRY_AFTER_SECONDS = 120


def database_free_bytes() -> int | None:
    """Free space on the file system of a SQLite database (None for a database server)."""
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3":
        return None
    try:
        return shutil.disk_usage(Path(str(database["NAME"])).parent).free
    except OSError:
        return None


def fault_message(fault: StorageFault) -> str:
    """What the user is told: what happened, that nothing was saved, and what to do."""
    if fault is StorageFault.DISK_FULL:
        return _(
            "The server's disk is full, so nothing was saved. Your entry has not been "
            "recorded: try again later, and tell the node administrator."
        )
    if fault is StorageFault.READ_ONLY:
        return _(
            "The database is read-only at the moment (maintenance or a storage problem), so "
            "nothing was saved. Try again later, and tell the node administrator."
        )
    return _(
        "The server could not use its storage, so nothing was saved. Try again later, "
        "and tell the node administrator."
    )


class StorageFaultMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DatabaseError):
            return None
        fault = storage_fault(exception)
        if fault is None:
            return None
        fault = refine(fault, database_free_bytes())
        logger.error(
            "storage fault (%s) on %s %s: %s", fault.value, request.method, request.path, exception
        )
        return storage_fault_response(request, fault)


def storage_fault_response(request: HttpRequest, fault: StorageFault) -> HttpResponse:
    """The 503 for `fault`: JSON for API and federation clients, a page for people."""
    message = fault_message(fault)
    response: HttpResponse
    if request.path.startswith(("/api/", "/federation/inbox")):
        response = JsonResponse({"detail": message, "fault": fault.value}, status=503)
    else:
        body: str
        try:
            body = render_to_string("ops/storage_fault.html", {"message": message}, request=request)
        except DatabaseError:  # the page itself needs the database (session, user)
            body = f"<!doctype html><title>503</title><p>{escape(message)}</p>"
        response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
