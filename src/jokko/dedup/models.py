"""Candidate duplicate pairs and the merges a reviewer confirmed.

A `CandidatePair` is a suggestion of the linkage model (`jokko.linkage.plain.dedupe`) that two
person records of this node are one human, with the model's score and its evidence per field.
It keeps the reviewer's judgement for good: re-running candidate generation refreshes the score
of pending pairs but never proposes a judged pair again (a rejected pair stays rejected).

A `MergeRecord` lists every row a merge moved from the absorbed person to the kept one, and
every field it changed, so the merge could be reversed by hand or by a later tool.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PairStatus(models.TextChoices):
    PENDING = "pending", _("To review")
    CONFIRMED = "confirmed", _("Same person (merged)")
    REJECTED = "rejected", _("Different persons")
    # One side was merged through another pair: this pair no longer names two live records.
    SUPERSEDED = "superseded", _("Superseded by another merge")


class CandidatePair(models.Model):
    # Ordered (person_a.pk < person_b.pk) so that a pair has one row whichever way it was found.
    person_a = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    person_b = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    score = models.FloatField(_("score"))
    evidence = models.JSONField(_("evidence"), default=dict)
    status = models.CharField(
        _("status"), max_length=16, choices=PairStatus.choices, default=PairStatus.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="dedup_pair_unique"),
            models.CheckConstraint(
                condition=models.Q(person_a__lt=models.F("person_b")), name="dedup_pair_ordered"
            ),
        ]
        indexes = [models.Index(fields=["status", "-score"], name="dedup_pair_queue_idx")]

    def __str__(self) -> str:
        return f"{self.person_a_id}~{self.person_b_id} ({self.score:.2f})"


class MergeRecord(models.Model):
    """What one merge did, in enough detail to undo it."""

    kept = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    absorbed = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    pair = models.ForeignKey(
        CandidatePair, on_delete=models.PROTECT, null=True, blank=True, related_name="merges"
    )
    merged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True)
    merged_at = models.DateTimeField(auto_now_add=True)
    # {"app_label.Model.field": [primary keys moved from absorbed to kept], ...}
    moved = models.JSONField(default=dict)
    # Rows left on the absorbed person because the kept one already had the same link
    # (a unique constraint), in the same shape as `moved`.
    not_moved = models.JSONField(default=dict)
    # Field changes with their old values: {"roles": [old, new], "names.kind": {id: [old, new]}}
    changes = models.JSONField(default=dict)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-merged_at", "-id"]

    def __str__(self) -> str:
        return f"{self.absorbed_id} → {self.kept_id}"
