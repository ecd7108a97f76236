"""A public release of anonymised case data, kept with its reports whether published or refused.

Keeping refused releases is deliberate: the reports explain *why* a choice of variables was
unsafe, and the audit trail shows that nobody retried until something leaked.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReleaseKind(models.TextChoices):
    KANON = "kanon", _("k-anonymous microdata")
    DP = "dp", _("Differentially private aggregates")


class ReleaseStatus(models.TextChoices):
    PUBLISHED = "published", _("Published")
    REFUSED = "refused", _("Refused")


class Release(models.Model):
    kind = models.CharField(_("kind"), max_length=8, choices=ReleaseKind.choices)
    variables = models.JSONField(_("variables"), default=list)
    k = models.PositiveIntegerField(_("k (minimum group size)"))
    epsilon = models.FloatField(_("epsilon"))
    spec = models.JSONField(_("specification"), default=dict)
    status = models.CharField(_("status"), max_length=12, choices=ReleaseStatus.choices)
    reasons = models.JSONField(_("reasons for refusal"), default=list, blank=True)
    disclosure_report = models.JSONField(_("disclosure-risk report"), default=dict)
    utility_report = models.JSONField(_("utility report"), default=dict)
    content = models.BinaryField(_("published file"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    records = models.PositiveIntegerField(_("cases in the source"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def filename(self) -> str:
        return f"jokko-release-{self.pk}-{self.kind}.csv"
