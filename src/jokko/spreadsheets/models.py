"""An import batch: one uploaded spreadsheet, from upload to commit.

The uploaded file stays in the database, encrypted like every identifying field, between the
upload, mapping, preview and commit steps (a session cookie cannot hold it, and a temp file
would outlive a crash unencrypted). Its SHA-256 makes a second upload of the same file (a
double click, a colleague re-sending the sheet) point at the earlier batch instead of
creating every person twice.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jokko.people.fields import EncryptedBinaryField


class ImportKind(models.TextChoices):
    PERSONS = "persons", _("Persons")
    CASES = "cases", _("Survivors and their cases")
    INCIDENTS = "incidents", _("Incidents")


class BatchStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded, not imported")
    COMMITTED = "committed", _("Imported")
    ABANDONED = "abandoned", _("Abandoned")


class ImportBatch(models.Model):
    kind = models.CharField(_("what is imported"), max_length=16, choices=ImportKind.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=BatchStatus.choices, default=BatchStatus.UPLOADED
    )
    filename = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, db_index=True)
    content = EncryptedBinaryField(_("file"), null=True, blank=True)
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    created_count = models.PositiveIntegerField(_("records created"), default=0)
    created_records = models.JSONField(_("records created"), default=list, blank=True)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="import_batches"
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    committed_at = models.DateTimeField(_("imported at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # A file is imported once, even by two users committing at the same moment.
            models.UniqueConstraint(
                fields=["sha256"],
                condition=models.Q(status="committed"),
                name="spreadsheets_file_imported_once",
            )
        ]
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.filename}"
