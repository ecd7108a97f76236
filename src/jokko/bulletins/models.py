"""Bulletins: signed alerts and requests exchanged between national nodes.

A bulletin exists once per node that holds it: the sending node keeps it as `OUTGOING` with one
`BulletinRecipient` per peer country it went to; each receiving node keeps its own `INCOMING`
copy, created by the "bulletin.new" message handler. Both copies share the `uid` chosen by the
sender, which is how acknowledgements and replies find their bulletin on the other side.

Every bulletin records what allows it to travel: a legal basis with its reference, or the
survivor's consent record. An enclosed identity (`includes_identity`) is stored encrypted, and
is read only through `access.read_enclosed_identity`, which audits every read.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jokko.people.fields import EncryptedTextField


class BulletinKind(models.TextChoices):
    PERSON_OF_INTEREST = "person_of_interest", _("Person of interest")
    MODUS_OPERANDI = "modus_operandi", _("Modus operandi")
    ROUTE = "route", _("Route")
    VEHICLE = "vehicle", _("Vehicle")
    PHONE_NUMBER = "phone_number", _("Phone number")
    BOAT_DEPARTURE = "boat_departure", _("Boat departure warning")
    ASSISTANCE_REQUEST = "assistance_request", _("Request for assistance")
    MLA_REQUEST = "mla_request", _("Mutual legal assistance request")


class Urgency(models.TextChoices):
    ROUTINE = "routine", _("Routine")
    PRIORITY = "priority", _("Priority")
    URGENT = "urgent", _("Urgent")
    FLASH = "flash", _("Flash (immediate action)")


# Urgencies that the "urgent" filter of the inbox keeps.
PRESSING_URGENCIES = frozenset({Urgency.URGENT, Urgency.FLASH})


class Direction(models.TextChoices):
    OUTGOING = "outgoing", _("Sent")
    INCOMING = "incoming", _("Received")


class HandlingRestriction(models.TextChoices):
    LAW_ENFORCEMENT_ONLY = "law_enforcement_only", _("Law enforcement only")
    NO_ONWARD_SHARING = "no_onward_sharing", _("No onward sharing")
    NOT_FOR_COURT = "not_for_court", _("Not for use in court without the originator's consent")
    SURVIVOR_IDENTITY = "survivor_identity", _("Survivor identity enclosed: handle with care")


class LegalBasis(models.TextChoices):
    NATIONAL_TIP_LAW = "national_tip_law", _("National anti-trafficking law (article)")
    ECOWAS_MLA_CONVENTION = "ecowas_mla", _("ECOWAS Convention on Mutual Assistance")
    BILATERAL_AGREEMENT = "bilateral_agreement", _("Bilateral agreement")
    COURT_ORDER = "court_order", _("Court order")
    SURVIVOR_CONSENT = "survivor_consent", _("Survivor's consent")


def encode_details(details: dict[str, Any]) -> str:
    return json.dumps(details, ensure_ascii=False, sort_keys=True)


class Bulletin(models.Model):
    uid = models.UUIDField(default=uuid.uuid4, editable=False)
    client_id = models.UUIDField(null=True, blank=True, unique=True)
    direction = models.CharField(_("direction"), max_length=8, choices=Direction.choices)
    origin_country = models.CharField(_("from country"), max_length=2)
    origin_organisation = models.CharField(_("from organisation"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=24, choices=BulletinKind.choices)
    urgency = models.CharField(
        _("urgency"), max_length=8, choices=Urgency.choices, default=Urgency.ROUTINE
    )
    title = models.CharField(_("title"), max_length=200)
    # The summary and the facts name suspects, phones and plates: encrypted at rest like every
    # identifying field. Nothing filters on them (lists filter on kind, urgency and expiry).
    summary = EncryptedTextField(_("summary"), blank=True, default="")
    # Kind-specific facts as JSON, validated by `jokko.bulletins.details.clean_details`.
    details_json = EncryptedTextField(blank=True, default="")
    restrictions = models.JSONField(_("handling restrictions"), default=list, blank=True)
    legal_basis = models.CharField(
        _("legal basis"), max_length=24, choices=LegalBasis.choices, blank=True
    )
    legal_reference = models.CharField(_("legal reference"), max_length=300, blank=True)
    # Only on the sending node: the consent lives with the survivor's case, which never travels.
    consent = models.ForeignKey(
        "cases.Consent",
        verbose_name=_("consent"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bulletins",
    )
    includes_identity = models.BooleanField(_("survivor identity enclosed"), default=False)
    # Only on the sending node: the local person the bulletin is about (never sent as such).
    subject_person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bulletins",
    )
    # The identity as disclosed (JSON: names, sex, birth year, nationality), encrypted at rest.
    enclosed_identity = EncryptedTextField(blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bulletins",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"))
    expires_at = models.DateTimeField(_("expires at"))
    # Incoming bulletins: the local acknowledgement (sent back as "bulletin.ack").
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-sent_at", "-id"]
        constraints = [
            # The same uid may sit twice in one database only as the two ends of one exchange
            # (a test node talking to itself); per direction it names one bulletin.
            models.UniqueConstraint(fields=["uid", "direction"], name="bulletin_uid_direction"),
        ]
        indexes = [models.Index(fields=["direction", "expires_at"], name="bulletin_dir_exp_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def details(self) -> dict[str, Any]:
        return json.loads(self.details_json) if self.details_json else {}

    @details.setter
    def details(self, value: dict[str, Any]) -> None:
        self.details_json = encode_details(value)

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_incoming(self) -> bool:
        return self.direction == Direction.INCOMING

    @property
    def is_pressing(self) -> bool:
        return self.urgency in PRESSING_URGENCIES

    @property
    def restriction_labels(self) -> list[str]:
        return [
            str(HandlingRestriction(code).label) if code in HandlingRestriction.values else code
            for code in self.restrictions
        ]

    def identity_data(self) -> dict[str, Any]:
        """The decrypted enclosed identity; callers go through `access.read_enclosed_identity`."""
        return json.loads(self.enclosed_identity) if self.enclosed_identity else {}


class BulletinRecipient(models.Model):
    """One peer country an outgoing bulletin went to, and what that peer has done with it."""

    bulletin = models.ForeignKey(Bulletin, on_delete=models.CASCADE, related_name="recipients")
    country = models.CharField(_("country"), max_length=2)
    # The transport's message id: delivery state is read from the federation outbox.
    message_id = models.CharField(max_length=64, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    # Who acknowledged on the peer node, as that node described them (no local user exists).
    acknowledged_by = models.CharField(_("acknowledged by"), max_length=200, blank=True)

    class Meta:
        ordering = ["country"]
        constraints = [
            models.UniqueConstraint(fields=["bulletin", "country"], name="bulletin_recipient_once")
        ]

    def __str__(self) -> str:
        return f"{self.bulletin_id} → {self.country}"


class BulletinReply(models.Model):
    """A reply written on either side; it travels as "bulletin.reply" and exists on both."""

    uid = models.UUIDField(default=uuid.uuid4, editable=False)
    client_id = models.UUIDField(null=True, blank=True, unique=True)
    bulletin = models.ForeignKey(Bulletin, on_delete=models.CASCADE, related_name="replies")
    direction = models.CharField(max_length=8, choices=Direction.choices)
    from_country = models.CharField(_("from country"), max_length=2)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    author_name = models.CharField(_("author"), max_length=200, blank=True)
    body = models.TextField(_("reply"))
    created_at = models.DateTimeField(_("written at"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["bulletin", "uid"], name="bulletin_reply_once")
        ]


class LinkTarget(models.TextChoices):
    """What a received bulletin can be linked to. Issue 8 adds incidents: a new member, a
    nullable foreign key on `BulletinLink`, and one more line in `EXACTLY_ONE_TARGET`."""

    CASE = "case", _("Case")
    PERSON = "person", _("Person")


# One Q per target: exactly one of them is set on each link.
EXACTLY_ONE_TARGET = (Q(case__isnull=False) & Q(person__isnull=True)) | (
    Q(case__isnull=True) & Q(person__isnull=False)
)


class BulletinLink(models.Model):
    """A local decision: "this bulletin is about our case / person". Never sent to the peer."""

    bulletin = models.ForeignKey(Bulletin, on_delete=models.CASCADE, related_name="links")
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    linked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["linked_at", "id"]
        constraints = [
            models.CheckConstraint(condition=EXACTLY_ONE_TARGET, name="bulletin_link_one_target"),
            models.UniqueConstraint(
                fields=["bulletin", "case"],
                condition=Q(case__isnull=False),
                name="bulletin_link_case_once",
            ),
            models.UniqueConstraint(
                fields=["bulletin", "person"],
                condition=Q(person__isnull=False),
                name="bulletin_link_person_once",
            ),
        ]

    @property
    def target(self) -> str:
        return LinkTarget.CASE if self.case_id else LinkTarget.PERSON
