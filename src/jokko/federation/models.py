"""Peers, the durable outbox, the exactly-once inbox, and the record of refused messages.

The outbox and inbox rows are the delivery guarantee: an outgoing message exists once its row
has committed together with the business change that caused it, and stays until the peer has
acknowledged it (or it expired, visibly). An incoming message is applied in the same transaction
that stores its row, and the row's uniqueness (sender, message id) makes a second delivery of the
same message a no-op that is acknowledged again.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jokko.federation.fields import EncryptedJSONField


class Peer(models.Model):
    """Another country's node, registered by this node's administrator with its public key."""

    country = models.CharField(
        _("country"), max_length=2, unique=True, help_text=_("ISO 3166-1 alpha-2")
    )
    name = models.CharField(_("name"), max_length=200)
    url = models.URLField(_("address"), help_text=_("base address, e.g. https://jokko.gov.ml"))
    public_key = models.CharField(
        _("public key"), max_length=64, help_text=_("as printed by `jokko node_info` on that node")
    )
    active = models.BooleanField(_("active"), default=True)
    added_at = models.DateTimeField(_("added"), default=timezone.now)
    # Last time a signed message from this peer passed every check, and last acknowledgement
    # received from it: together they say whether the link works in each direction.
    last_received_at = models.DateTimeField(_("last message received"), null=True, blank=True)
    last_acknowledged_at = models.DateTimeField(_("last acknowledgement"), null=True, blank=True)

    class Meta:
        ordering = ["country"]
        verbose_name = _("peer node")
        verbose_name_plural = _("peer nodes")

    def __str__(self) -> str:
        return f"{self.name} ({self.country})"

    @property
    def inbox_url(self) -> str:
        return self.url.rstrip("/") + "/federation/inbox/"


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    DELIVERED = "delivered", _("Delivered")
    EXPIRED = "expired", _("Expired before delivery")


class OutboxMessage(models.Model):
    message_id = models.UUIDField(_("message id"), default=uuid.uuid4, unique=True)
    recipient_country = models.CharField(_("recipient"), max_length=2)
    kind = models.CharField(_("kind"), max_length=64)
    body = EncryptedJSONField(_("body"))
    body_erased = models.BooleanField(_("body erased"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=OutboxStatus.choices, default=OutboxStatus.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    # A worker that claims a message pushes this forward (its lease), so a second worker skips
    # it; the result of the attempt then sets the real next attempt time.
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_country} ({self.message_id})"


class InboxMessage(models.Model):
    """A message from a peer, stored in the transaction that applied it (exactly once)."""

    message_id = models.UUIDField(_("message id"))
    sender_country = models.CharField(_("sender"), max_length=2)
    kind = models.CharField(_("kind"), max_length=64)
    body = EncryptedJSONField(_("body"))
    body_erased = models.BooleanField(_("body erased"), default=False)
    created_at = models.DateTimeField(_("created by the sender"))
    received_at = models.DateTimeField(_("received"), default=timezone.now)

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["sender_country", "message_id"], name="inbox_once_per_sender_message"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} ← {self.sender_country} ({self.message_id})"


class RejectionReason(models.TextChoices):
    MALFORMED = "malformed", _("Malformed message")
    OVERSIZE = "oversize", _("Message too large")
    UNSIGNED = "unsigned", _("Missing signature")
    UNKNOWN_PEER = "unknown_peer", _("Unknown or inactive peer")
    BAD_SIGNATURE = "bad_signature", _("Bad signature")
    WRONG_RECIPIENT = "wrong_recipient", _("Addressed to another node")
    STALE = "stale", _("Sent too long ago or in the future (clock skew or replay)")
    EXPIRED = "expired", _("Expired")
    UNKNOWN_KIND = "unknown_kind", _("Kind not handled by this node")
    DEFERRED = "deferred", _("Not applicable yet (waits for an earlier message)")
    HANDLER_FAILED = "handler_failed", _("Failed while applying")


class Rejection(models.Model):
    """A refused incoming request, kept for the status page. Claimed fields are unverified."""

    at = models.DateTimeField(_("time"), default=timezone.now)
    reason = models.CharField(_("reason"), max_length=32, choices=RejectionReason.choices)
    claimed_sender = models.CharField(_("claimed sender"), max_length=8, blank=True)
    claimed_message_id = models.CharField(_("claimed message id"), max_length=64, blank=True)
    claimed_kind = models.CharField(_("claimed kind"), max_length=64, blank=True)
    remote_addr = models.CharField(_("from address"), max_length=64, blank=True)
    detail = models.CharField(_("detail"), max_length=500, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["at"], name="rejection_at")]

    def __str__(self) -> str:
        return f"{self.reason} {self.claimed_sender} {self.at:%Y-%m-%d %H:%M}"
