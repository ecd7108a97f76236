"""Recognise a database error that means "the storage cannot take writes" (pure library).

A full disk or a database switched to read-only is not a bug in a view: the node must say so
plainly (a 503 the client may retry later) instead of an unexplained 500, and the operator must
be able to tell it from a programming error in the logs. The database drivers report these
conditions in different ways, so this module reads them all:

* SQLite (Python's `sqlite3`): the primary result code in `sqlite_errorcode` (SQLITE_FULL,
  SQLITE_READONLY, SQLITE_IOERR, SQLITE_CANTOPEN), or the message when the attribute is absent;
* PostgreSQL (psycopg): the SQLSTATE in `sqlstate` (class 53 "insufficient resources", 25006
  "read-only SQL transaction", 58030 "I/O error").

Django wraps the driver's exception (`django.db.utils.OperationalError` and friends) and keeps
the original as `__cause__`, so the whole chain is searched. No Django import: the rules are
tested on their own.
"""

from __future__ import annotations

from enum import Enum

# SQLite primary result codes (the low byte of an extended code): sqlite.org/rescode.html
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14  # e.g. a WAL database whose file system turned read-only


class StorageFault(Enum):
    DISK_FULL = "disk_full"
    READ_ONLY = "read_only"
    IO_ERROR = "io_error"


_SQLITE_CODES = {
    SQLITE_FULL: StorageFault.DISK_FULL,
    SQLITE_READONLY: StorageFault.READ_ONLY,
    SQLITE_IOERR: StorageFault.IO_ERROR,
    SQLITE_CANTOPEN: StorageFault.IO_ERROR,
}
_SQLITE_MESSAGES = {
    "database or disk is full": StorageFault.DISK_FULL,
    "attempt to write a readonly database": StorageFault.READ_ONLY,
    "disk i/o error": StorageFault.IO_ERROR,
    "unable to open database file": StorageFault.IO_ERROR,
}
_POSTGRES_STATES = {
    "53100": StorageFault.DISK_FULL,  # disk_full
    "53000": StorageFault.DISK_FULL,  # insufficient_resources (e.g. no space for temp files)
    "25006": StorageFault.READ_ONLY,  # read_only_sql_transaction (read-only db or standby)
    "58030": StorageFault.IO_ERROR,  # io_error
}


def _one(exc: BaseException) -> StorageFault | None:
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int) and (code & 0xFF) in _SQLITE_CODES:
        return _SQLITE_CODES[code & 0xFF]
    state = getattr(exc, "sqlstate", None)
    if isinstance(state, str) and state in _POSTGRES_STATES:
        return _POSTGRES_STATES[state]
    message = str(exc).lower()
    for text, fault in _SQLITE_MESSAGES.items():
        if text in message:
            return fault
    return None


def storage_fault(exc: BaseException) -> StorageFault | None:
    """The storage condition behind `exc` (or one of its causes), or None for anything else."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        fault = _one(current)
        if fault is not None:
            return fault
        current = current.__cause__ or current.__context__
    return None


# Below this much free space an I/O error on write is taken for a full disk: SQLite reports a
# write that hit ENOSPC in its WAL or shared-memory file as SQLITE_IOERR, not SQLITE_FULL.
NEARLY_FULL_BYTES = 4 * 1024 * 1024


def refine(fault: StorageFault, free_bytes: int | None) -> StorageFault:
    """Tell a full disk from another I/O error by the free space next to the database."""
    if fault is StorageFault.IO_ERROR and free_bytes is not None and free_bytes < NEARLY_FULL_BYTES:
        return StorageFault.DISK_FULL
    return fault
