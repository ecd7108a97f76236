"""Who may import what. An import goes through the real actions, so it needs their rights.

* persons, survivors and their cases: whoever may register survivors (case workers and
  coordinators of an organisation);
* incidents: whoever may record incidents (investigators and coordinators, as on the incident
  pages);
* a batch (its file holds identities) is seen only by the user who uploaded it.
"""

from __future__ import annotations

from typing import Any

from jokko.accounts.access import NotFoundOrForbidden, can_register_survivors, is_active_user
from jokko.incidents.actions import can_record_incidents
from jokko.spreadsheets.models import ImportBatch, ImportKind


def can_import(user: Any, kind: str) -> bool:
    if kind in (ImportKind.PERSONS, ImportKind.CASES):
        return can_register_survivors(user)
    if kind == ImportKind.INCIDENTS:
        return can_record_incidents(user)
    return False


def importable_kinds(user: Any) -> list[str]:
    return [kind for kind in ImportKind.values if can_import(user, kind)]


def can_use_imports(user: Any) -> bool:
    return is_active_user(user) and bool(importable_kinds(user))


def access_batch(user: Any, batch_id: int) -> ImportBatch:
    batch = ImportBatch.objects.filter(pk=batch_id, created_by_id=getattr(user, "pk", None)).first()
    if batch is None or not can_import(user, batch.kind):
        raise NotFoundOrForbidden
    return batch
