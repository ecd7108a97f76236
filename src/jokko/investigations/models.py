"""Investigations opened by a police or gendarmerie unit.

An investigation gathers what a unit knows about one criminal scheme: the incidents that revealed
it, the suspects, the survivors' cases (linked only with the survivor's consent to sharing with
police and justice, or under a recorded legal basis), the steps taken, and the evidence log with
its chain of custody.

Evidence documents are stored encrypted with the node's field key, with the SHA-256 of the
plaintext recorded at upload, so a document that was altered (or a ciphertext swapped) is
detected on download. Custody events are append-only: a correction is a new event, never an edit.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jokko.crosslink.models import LegalBasis
from jokko.people.crypto import cipher
from jokko.privacy import DecryptionError


class InvestigationStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("investigation status", "Open")
    SUSPENDED = "suspended", _("Suspended")
    REFERRED_FOR_PROSECUTION = "referred_for_prosecution", _("Referred for prosecution")
    CLOSED_NO_FURTHER_ACTION = "closed_no_further_action", _("Closed, no further action")


# Closing without prosecution must say why: attrition is what the indicators explain.
STATUSES_NEEDING_REASON = frozenset(
    {InvestigationStatus.SUSPENDED, InvestigationStatus.CLOSED_NO_FURTHER_ACTION}
)


class StepKind(models.TextChoices):
    HEARING = "hearing", _("Hearing / interview")
    SEARCH = "search", pgettext_lazy("investigation step", "Search")
    SURVEILLANCE = "surveillance", _("Surveillance")
    ARREST = "arrest", _("Arrest")
    REQUISITION = "requisition", _("Requisition (phone, bank)")
    EXPERTISE = "expertise", _("Expert examination")
    OTHER = "other", _("Other step")


class EvidenceKind(models.TextChoices):
    DOCUMENT = "document", _("Document")
    PHONE = "phone", _("Phone or digital device")
    MONEY = "money", _("Money")
    VEHICLE = "vehicle", _("Vehicle or boat")
    STATEMENT = "statement", _("Statement")
    PHOTO = "photo", _("Photograph")
    OTHER = "other", _("Other")


class Investigation(models.Model):
    reference = models.CharField(_("reference"), max_length=32, unique=True)
    title = models.CharField(_("title"), max_length=200)
    unit = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="investigations",
        verbose_name=_("unit"),
    )
    opened_on = models.DateField(_("opened on"))
    status = models.CharField(
        _("status"),
        max_length=32,
        choices=InvestigationStatus.choices,
        default=InvestigationStatus.OPEN,
    )
    status_reason = models.CharField(_("reason"), max_length=300, blank=True)
    # A list of `jokko.incidents.models.Offence` values (at least one).
    offences = models.JSONField(_("offences"), default=list)
    investigators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="investigations"
    )
    incidents = models.ManyToManyField(
        "incidents.Incident", blank=True, related_name="investigations"
    )
    suspects = models.ManyToManyField(
        "incidents.Suspect", blank=True, related_name="investigations"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opened_on", "-id"]

    def __str__(self) -> str:
        return self.reference

    def offence_labels(self) -> list[str]:
        from jokko.incidents.models import Offence

        return [str(Offence(code).label) for code in self.offences if code in Offence.values]


class InvestigationCase(models.Model):
    """A survivor's case linked to an investigation, on consent or on a recorded legal basis.

    Exactly one of `consent` and `legal_basis` is set (the action enforces it). Which of the two
    it is decides what investigators may see: see `access.can_see_survivor_identity`.
    """

    investigation = models.ForeignKey(
        Investigation, on_delete=models.CASCADE, related_name="case_links"
    )
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    consent = models.ForeignKey(
        "cases.Consent", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    legal_basis = models.CharField(
        _("legal basis"), max_length=32, choices=LegalBasis.choices, blank=True
    )
    legal_reference = models.CharField(_("legal basis reference"), max_length=300, blank=True)
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    linked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["investigation", "case"], name="investigation_case_unique"
            )
        ]


class Step(models.Model):
    investigation = models.ForeignKey(Investigation, on_delete=models.CASCADE, related_name="steps")
    done_on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=16, choices=StepKind.choices)
    description = models.TextField(_("description"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["done_on", "id"]


class Evidence(models.Model):
    investigation = models.ForeignKey(
        Investigation, on_delete=models.CASCADE, related_name="evidence"
    )
    exhibit_number = models.CharField(_("exhibit number"), max_length=32)
    description = models.CharField(_("description"), max_length=300)
    kind = models.CharField(_("kind"), max_length=16, choices=EvidenceKind.choices)
    collected_on = models.DateField(_("collected on"))
    collected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    place_code = models.CharField(_("place"), max_length=64, blank=True)
    # The attached document, encrypted with the node's field key; its plaintext SHA-256 proves
    # on every download that nobody altered it since it was logged.
    document = models.BinaryField(null=True, blank=True, editable=False)
    document_name = models.CharField(_("document name"), max_length=200, blank=True)
    document_type = models.CharField(max_length=100, blank=True)
    document_sha256 = models.CharField(max_length=64, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["exhibit_number", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["investigation", "exhibit_number"], name="evidence_exhibit_unique"
            )
        ]

    def __str__(self) -> str:
        return self.exhibit_number

    @property
    def has_document(self) -> bool:
        return bool(self.document_sha256)

    def set_document(self, content: bytes, name: str, content_type: str) -> None:
        self.document = cipher().encrypt_bytes(content)
        self.document_name = name
        self.document_type = content_type
        self.document_sha256 = hashlib.sha256(content).hexdigest()

    def read_document(self) -> bytes:
        """The decrypted document; `TamperedDocument` when it no longer matches its hash."""
        if not self.document_sha256 or self.document is None:
            raise TamperedDocument(_("This exhibit has no document."))
        try:
            content = cipher().decrypt_bytes(bytes(self.document))
        except DecryptionError as error:
            raise TamperedDocument(_("The stored document cannot be decrypted.")) from error
        if hashlib.sha256(content).hexdigest() != self.document_sha256:
            raise TamperedDocument(_("The document does not match the hash recorded at upload."))
        return content


class TamperedDocument(Exception):
    """An evidence document whose stored bytes no longer match what was logged."""


class CustodyEvent(models.Model):
    """One hand-over of an exhibit; the chain is append-only and never goes back in time."""

    evidence = models.ForeignKey(Evidence, on_delete=models.CASCADE, related_name="custody")
    from_holder = models.CharField(_("from"), max_length=200)
    to_holder = models.CharField(_("to"), max_length=200)
    at = models.DateTimeField(_("at"))
    purpose = models.CharField(_("purpose"), max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("Custody events are append-only.")
        super().save(*args, **kwargs)
