"""Reports of suspected trafficking or smuggling from the community.

A report is what someone saw: a committee member in a village, a caller to the hotline, a text
message to the chatbot, an anonymous visitor of the public form. It is not yet a case: an
operator triages it (urgency, duplicates), then converts it into a survivor's case or forwards
it to the police, where an investigator turns it into an incident. The link is kept both ways so
the indicators can count how many reports became cases.

What was seen names people, and so does the reporter's contact: both are encrypted at rest like
a person's name. The contact also carries a blind index so "same caller again" can be detected
without decrypting every report.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jokko.people.fields import EncryptedTextField


class Channel(models.TextChoices):
    PUBLIC_WEB = "public_web", _("Public web form")
    COMMITTEE = "committee", _("Committee member")
    HOTLINE = "hotline", _("Hotline")
    SMS = "sms", _("SMS / chatbot")
    ODK = "odk", _("ODK / Kobo form")


class SuspectedOffence(models.TextChoices):
    TIP = "tip", _("Trafficking in persons")
    SOM = "som", _("Smuggling of migrants")
    UNKNOWN = "unknown", _("Not known")


class Urgency(models.TextChoices):
    """Ordered from most to least urgent; `URGENCY_RANK` gives the queue order."""

    IMMEDIATE = "immediate", _("Immediate danger")
    HIGH = "high", pgettext_lazy("urgency", "High")
    NORMAL = "normal", pgettext_lazy("urgency", "Normal")
    LOW = "low", pgettext_lazy("urgency", "Low")


URGENCY_RANK = {code: rank for rank, code in enumerate(Urgency.values)}


class ReportStatus(models.TextChoices):
    NEW = "new", pgettext_lazy("report status", "New")
    TRIAGED = "triaged", pgettext_lazy("report status", "Triaged")
    DUPLICATE = "duplicate", pgettext_lazy("report status", "Duplicate")
    CONVERTED_TO_CASE = "case", _("Converted to a case")
    FORWARDED_TO_POLICE = "forwarded", _("Forwarded to the police")
    CONVERTED_TO_INCIDENT = "incident", _("Converted to an incident")
    DISMISSED = "dismissed", pgettext_lazy("report status", "Dismissed")


# Reports an operator still has to act on: the triage queue and the duplicate search use these.
OPEN_STATUSES = (ReportStatus.NEW, ReportStatus.TRIAGED)


class CommunityReport(models.Model):
    reference = models.CharField(_("reference"), max_length=32, unique=True)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    # Null for anonymous reports (public form, SMS, hotline callers who give no name).
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="community_reports",
        verbose_name=_("reporter"),
    )
    committee = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="committee_reports",
        verbose_name=_("committee"),
    )
    # The hotline organisation whose operator took the call (null for other channels).
    hotline = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hotline_reports",
        verbose_name=_("hotline"),
    )
    contact = EncryptedTextField(_("reporter's contact"), blank=True, default="")
    # Blind index of the normalised contact: "the same caller again" without decrypting.
    contact_index = models.CharField(max_length=32, blank=True, db_index=True)
    place_code = models.CharField(_("place"), max_length=64, blank=True, db_index=True)
    place_text = models.CharField(_("place (as described)"), max_length=200, blank=True)
    description = EncryptedTextField(_("what was seen"))
    suspected_offence = models.CharField(
        _("suspected offence"),
        max_length=8,
        choices=SuspectedOffence.choices,
        default=SuspectedOffence.UNKNOWN,
    )
    persons_count = models.PositiveIntegerField(_("persons concerned"), null=True, blank=True)
    children_involved = models.BooleanField(_("children involved"), null=True, blank=True)
    urgency = models.CharField(
        _("urgency"), max_length=12, choices=Urgency.choices, default=Urgency.NORMAL
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.NEW
    )
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    triaged_at = models.DateTimeField(_("triaged at"), null=True, blank=True)
    triage_note = EncryptedTextField(_("triage note"), blank=True, default="")
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("duplicate of"),
    )
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="community_reports",
    )
    forwarded_to = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="forwarded_reports",
        verbose_name=_("forwarded to"),
    )
    forwarded_at = models.DateTimeField(null=True, blank=True)
    incident = models.ForeignKey(
        "incidents.Incident",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="community_reports",
    )
    # Idempotency for machine channels (RapidPro run uuid, ODK instance id): unique per channel.
    external_id = models.CharField(max_length=128, blank=True, default="")
    # Idempotency for forms and the API: a retried submission returns the first report.
    client_id = models.UUIDField(null=True, blank=True, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "external_id"],
                condition=~models.Q(external_id=""),
                name="community_report_external_id",
            )
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def minutes_to_triage(self) -> float | None:
        if self.triaged_at is None:
            return None
        return (self.triaged_at - self.received_at).total_seconds() / 60


class ThrottleCounter(models.Model):
    """Submissions per client and time window, shared by every process of the node.

    `client_key` is a keyed hash (never a raw IP address or phone number): a database dump
    shows that one client sent many reports, not who.
    """

    scope = models.CharField(max_length=32)
    client_key = models.CharField(max_length=64)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "client_key", "window_start"], name="throttle_counter_unique"
            )
        ]


class WebhookKey(models.Model):
    """A shared secret a RapidPro workspace sends in its Authorization header.

    Only the SHA-256 is stored; the node administrator issues one per workspace (admin or
    `jokko community_webhook_key`) and pastes it in the flow's webhook header.
    """

    label = models.CharField(_("label"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.label
