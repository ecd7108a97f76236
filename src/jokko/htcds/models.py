"""Bookkeeping of HTCDS imports: which case each record of another system became.

Why: partners re-send the same files. Keying every imported record on (source system, source
record id) lets a re-import update the case it created instead of duplicating the survivor,
and lets an unchanged record be recognised (``record_hash``) without touching anything.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jokko.people.fields import EncryptedBinaryField


class ImportedRecord(models.Model):
    source_system = models.CharField(_("source system"), max_length=100)
    source_id = models.CharField(_("record id in the source system"), max_length=200)
    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="htcds_import")
    record_hash = models.CharField(max_length=64)
    # Fields of the record Jokko could not map, kept verbatim so that exporting the case again
    # gives them back (see jokko.htcds.mapping).
    preserved = models.JSONField(default=dict, blank=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    imported_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source_system", "source_id"], name="htcds_unique_source_record"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source_system}:{self.source_id}"


class UploadStatus(models.TextChoices):
    PREVIEWED = "previewed", _("Checked, waiting for confirmation")
    IMPORTED = "imported", _("Imported")
    REFUSED = "refused", _("Refused")


class HtcdsUpload(models.Model):
    """A file a coordinator uploaded, kept (encrypted) between the preview and the confirmation.

    The file holds survivors' identities: it is encrypted at rest and emptied as soon as it is
    imported or refused; only the report stays.
    """

    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    filename = models.CharField(_("file"), max_length=200)
    source_system = models.CharField(_("source system"), max_length=100)
    content = EncryptedBinaryField(null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=UploadStatus.choices, default=UploadStatus.PREVIEWED
    )
    report = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.source_system})"
