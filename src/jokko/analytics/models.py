"""The change log that makes the analytical store's refresh incremental, and its run history.

Why a log table and not timestamps on every model: several tracked models have no
`updated_at`, deletions leave no row to compare, and a change to a person (sex, birth year,
nationality) must re-extract the case rows that copy those fields. Signal handlers
(`jokko.analytics.signals`) write one `Change` per affected store row inside the same database
transaction as the business write, so a rolled-back write leaves no change and a committed one
is never missed.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Change(models.Model):
    """A store row that must be re-extracted: `model` is the store table, `object_id` its key.

    The key is the operational primary key of the row the store table is keyed by (e.g. a
    `case_steps` change carries the case id, because a case's steps are re-extracted together).
    """

    model = models.CharField(max_length=32)
    object_id = models.BigIntegerField()
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["model", "object_id"], name="analytics_change_idx")]

    def __str__(self) -> str:
        return f"{self.model}:{self.object_id}"


class RefreshRun(models.Model):
    """One refresh of the store: shown to coordinators (time, rows, duration) and to ops."""

    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    full = models.BooleanField(_("full rebuild"), default=False)
    changes = models.PositiveIntegerField(_("changes read"), default=0)
    rows = models.PositiveIntegerField(_("rows re-extracted"), default=0)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)
    ok = models.BooleanField(_("succeeded"), default=False)
    error = models.CharField(_("error"), max_length=500, blank=True)
    triggered_by = models.CharField(_("triggered by"), max_length=32, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
