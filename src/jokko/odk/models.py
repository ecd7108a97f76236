"""Every ODK / KoboToolbox submission Jokko has received, and what it became.

Why a table: field teams re-send (Collect retries on a bad connection, a coordinator uploads
the same Kobo export twice, or sends the XML and the JSON of the same survey). Keying each
submission on its form and `instanceID`, which ODK and Kobo keep identical across formats,
makes ingestion idempotent: the second copy answers "already received" with the reference of
the case or report the first one created. A rejected submission keeps its reasons, so the
team can correct it and send it again (a corrected copy with the same instanceID is processed
again; only an accepted one is final).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SubmissionForm(models.TextChoices):
    IDENTIFICATION = "identification", _("Identification of a survivor")
    REPORT = "report", _("Community report")
    HTCDS = "htcds", _("HTCDS survey (IOM)")


class SubmissionSource(models.TextChoices):
    XML = "xml", _("ODK XML")
    KOBO = "kobo", _("KoboToolbox JSON")


class SubmissionStatus(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class Submission(models.Model):
    form = models.CharField(_("form"), max_length=16, choices=SubmissionForm.choices)
    instance_id = models.CharField(_("instance id"), max_length=128)
    form_id = models.CharField(_("form id"), max_length=128, blank=True)
    form_version = models.CharField(_("form version"), max_length=64, blank=True)
    source = models.CharField(_("format"), max_length=8, choices=SubmissionSource.choices)
    status = models.CharField(_("status"), max_length=12, choices=SubmissionStatus.choices)
    # field -> messages; never the answers themselves (they may name a survivor).
    errors = models.JSONField(_("reasons"), default=dict, blank=True)
    # What the submission became: a case (identification, HTCDS) or a community report.
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="odk_submissions",
    )
    report_id = models.PositiveBigIntegerField(null=True, blank=True)
    # Names (never values) of the answers Jokko had no field for (HTCDS form).
    unmapped = models.JSONField(_("fields not mapped"), default=list, blank=True)
    reference = models.CharField(_("reference"), max_length=64, blank=True)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="odk_submissions"
    )
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="odk_submissions"
    )
    attempts = models.PositiveIntegerField(default=1)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    processed_at = models.DateTimeField(_("processed at"), auto_now=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["form", "instance_id"], name="odk_unique_instance")
        ]

    def __str__(self) -> str:
        return f"{self.form} {self.instance_id}"
