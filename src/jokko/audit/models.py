"""Audit entries: append-only and hash-chained.

Each entry stores the SHA-256 of the previous entry's hash and its own canonical content, so
removing, reordering or editing any entry breaks every hash after it (`jokko audit_verify`
finds the first broken one). The database refuses UPDATE and DELETE on the table through
triggers (migration 0002), so even a user with SQL access cannot quietly edit history; they can
only drop the triggers, which itself breaks nothing silently because the chain still verifies.

The actor is stored by id and username, not as a foreign key: deleting a user must never delete
or orphan the record of what they did.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64


class AuditAction(models.TextChoices):
    READ = "read", _("Read")
    CREATE = "create", _("Create")
    UPDATE = "update", _("Update")
    EXPORT = "export", _("Export")
    SEARCH = "search", _("Search")
    DENIED = "denied", _("Access denied")
    MERGE = "merge", _("Merge")


class AuditEntry(models.Model):
    at = models.DateTimeField(_("time"))
    actor_id = models.BigIntegerField(_("actor id"), null=True)
    actor_username = models.CharField(_("actor"), max_length=150)
    action = models.CharField(_("action"), max_length=16, choices=AuditAction.choices)
    object_type = models.CharField(_("record type"), max_length=32)
    object_id = models.CharField(_("record id"), max_length=64, blank=True)
    person_id = models.BigIntegerField(_("person id"), null=True, db_index=True)
    channel = models.CharField(_("channel"), max_length=16, default="web")
    detail = models.JSONField(_("detail"), default=dict)
    prev_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_username} {self.action} {self.object_type}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("audit entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("audit entries are append-only")

    def canonical(self) -> str:
        """The content that the hash covers, as deterministic JSON."""
        payload: dict[str, Any] = {
            "at": self.at.isoformat(),
            "actor_id": self.actor_id,
            "actor_username": self.actor_username,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "person_id": self.person_id,
            "channel": self.channel,
            "detail": self.detail,
        }
        return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)

    def compute_hash(self) -> str:
        return hashlib.sha256((self.prev_hash + self.canonical()).encode("utf-8")).hexdigest()
