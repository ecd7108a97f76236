"""Writing to and verifying the audit chain.

`record()` is called by every access function and action that touches a person's record.
It must run inside the caller's transaction: if the caller's write rolls back, so does the
audit entry, and a read that was refused still leaves its DENIED entry (the access functions
record it in a transaction of its own).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from jokko.audit.models import GENESIS_HASH, AuditEntry

# An arbitrary 64-bit key for PostgreSQL's advisory lock that serialises appends to the chain.
_CHAIN_LOCK_KEY = 0x4A4F4B4B4F  # "JOKKO"


def _lock_chain() -> None:
    """Make appends to the chain one at a time, so two entries never share a predecessor.

    PostgreSQL: a transaction-scoped advisory lock. SQLite: every write transaction is already
    exclusive (the settings open them IMMEDIATE).
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])


def record(
    actor: Any,
    action: str,
    object_type: str,
    object_id: object = "",
    *,
    person_id: int | None = None,
    channel: str = "web",
    **detail: Any,
) -> AuditEntry:
    """Append one entry. `actor` is a user (or None for the system)."""
    if person_id is not None and not -(2**63) <= person_id < 2**63:
        # A refused look-up of an id typed into a URL beyond any real id (/people/10**25/)
        # is still recorded, with the id as text: the integer column cannot hold it.
        detail["claimed_person_id"] = str(person_id)[:64]
        person_id = None
    with transaction.atomic():
        _lock_chain()
        last = AuditEntry.objects.order_by("-id").values_list("entry_hash", flat=True).first()
        entry = AuditEntry(
            at=timezone.now(),
            actor_id=getattr(actor, "pk", None),
            actor_username=getattr(actor, "username", "") or "system",
            action=action,
            object_type=object_type,
            object_id=str(object_id)[:64],  # the column's length; ids from URLs are unbounded
            person_id=person_id,
            channel=channel,
            detail=detail,
            prev_hash=last or GENESIS_HASH,
        )
        entry.entry_hash = entry.compute_hash()
        entry.save()
        return entry


def record_denied(actor: Any, object_type: str, object_id: object, **detail: Any) -> None:
    """Record a refused access.

    Requests are not wrapped in one transaction (no ATOMIC_REQUESTS), so the entry commits
    on its own even though the request then answers 404 or 403.
    """
    record(actor, "denied", object_type, object_id, **detail)


@dataclass(frozen=True)
class ChainReport:
    entries: int
    first_broken_id: int | None
    reason: str

    @property
    def ok(self) -> bool:
        return self.first_broken_id is None


def _iter_entries(batch: int = 2000) -> Iterator[AuditEntry]:
    last_id = 0
    while True:
        chunk = list(AuditEntry.objects.filter(id__gt=last_id).order_by("id")[:batch])
        if not chunk:
            return
        yield from chunk
        last_id = chunk[-1].id


def verify_chain() -> ChainReport:
    """Recompute every hash in order; report the first entry that does not fit."""
    expected_prev = GENESIS_HASH
    count = 0
    for entry in _iter_entries():
        count += 1
        if entry.prev_hash != expected_prev:
            return ChainReport(
                count, entry.id, "previous-hash link broken (entry removed or reordered)"
            )
        if entry.compute_hash() != entry.entry_hash:
            return ChainReport(count, entry.id, "content does not match its hash (entry edited)")
        expected_prev = entry.entry_hash
    return ChainReport(count, None, "")
