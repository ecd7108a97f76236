"""Cross-border linkage records: the node's own encodings, opaque pointers, candidates, requests.

Both ends of every exchange keep their own rows, and the rows never hold another node's
identifiers in the clear: a peer's person is known here only as the random pointer token the
peer chose (`Candidate.remote_pointer`), and this node's persons are known to peers only through
the `Pointer` tokens it hands out, fresh for every query and every batch, so two answers cannot
be joined on their tokens.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jokko.people.fields import EncryptedTextField

COUNTRY_MAX_LENGTH = 2
TOKEN_MAX_LENGTH = 43  # secrets.token_urlsafe(32)


class LegalBasis(models.TextChoices):
    """Why a disclosure or a survivor's query is lawful; a reference text always goes with it."""

    CONSENT = "consent", _("Informed consent of the person (cross-border sharing)")
    JUDICIAL_ORDER = "judicial_order", _("Order of a judge or prosecutor")
    MUTUAL_LEGAL_ASSISTANCE = "mutual_legal_assistance", _("Mutual legal assistance request")
    CRIMINAL_INVESTIGATION = "criminal_investigation", _("Statutory power of investigation")
    COOPERATION_AGREEMENT = "cooperation_agreement", _("Bilateral or regional agreement")
    VITAL_INTEREST = "vital_interest", _("Protection of the life or safety of a person")


class PointerOrigin(models.TextChoices):
    QUERY = "query", _("Answer to a query")
    BATCH = "batch", _("Batch exchange")


class CandidateOrigin(models.TextChoices):
    QUERY = "query", _("Our query")
    BATCH_SENT = "batch_sent", _("Our encodings, matched by the peer")
    BATCH_RECEIVED = "batch_received", _("The peer's encodings, matched here")


class QueryPeerStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the answer")
    ANSWERED = "answered", _("Answered")
    UNAVAILABLE = "unavailable", _("Peer cannot link (no linkage secret)")
    KEY_MISMATCH = "key_mismatch", _("Peer uses another linkage secret")
    RATE_LIMITED = "rate_limited", _("Peer refused: too many checks from this node this hour")


class Direction(models.TextChoices):
    OUTGOING = "outgoing", _("Sent by this node")
    INCOMING = "incoming", _("Received from a peer")


class DisclosureStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the owning node")
    APPROVED = "approved", _("Approved, identity disclosed")
    REFUSED = "refused", _("Refused")


class LocalEncoding(models.Model):
    """This node's encoding of one of its persons; never leaves the node under the person's id.

    `names_max_id` and `person_updated_at` tell the incremental refresh whether the person
    changed since (an added alias does not touch `Person.updated_at`); `key_check` names the
    secret it was made with, so a new secret re-encodes everyone. `encoding` is a one-record
    `jokko.linkage.clk.EncodedSet` in its own byte format (bits and keyed blocking keys).
    """

    person = models.OneToOneField(
        "people.Person", on_delete=models.CASCADE, related_name="crosslink_encoding"
    )
    encoding = models.BinaryField()
    key_check = models.CharField(max_length=32)
    person_updated_at = models.DateTimeField()
    names_max_id = models.BigIntegerField(null=True)
    encoded_at = models.DateTimeField(default=timezone.now)


class Pointer(models.Model):
    """A random token this node gave a peer for one of its persons; only this node resolves it."""

    token = models.CharField(max_length=TOKEN_MAX_LENGTH, unique=True)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    peer_country = models.CharField(max_length=COUNTRY_MAX_LENGTH)
    origin = models.CharField(max_length=16, choices=PointerOrigin.choices)
    exchange_id = models.UUIDField()
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()


class LinkageQuery(models.Model):
    """Is this person known next door? One person's encoding sent to chosen peers."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, related_name="+"
    )
    purpose = models.CharField(_("purpose"), max_length=300)
    legal_basis = models.CharField(
        _("legal basis"), max_length=32, choices=LegalBasis.choices, blank=True
    )
    legal_reference = models.CharField(_("reference"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]


class QueryPeer(models.Model):
    query = models.ForeignKey(LinkageQuery, on_delete=models.CASCADE, related_name="peers")
    peer_country = models.CharField(max_length=COUNTRY_MAX_LENGTH)
    status = models.CharField(
        max_length=16, choices=QueryPeerStatus.choices, default=QueryPeerStatus.PENDING
    )
    answered_at = models.DateTimeField(null=True)

    class Meta:
        ordering = ["peer_country"]
        constraints = [
            models.UniqueConstraint(fields=["query", "peer_country"], name="crosslink_query_peer")
        ]


class EncodingShare(models.Model):
    """A batch of this node's encodings sent to one peer (under fresh pointers)."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    peer_country = models.CharField(max_length=COUNTRY_MAX_LENGTH)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    persons = models.PositiveIntegerField(default=0)
    chunks = models.PositiveIntegerField(default=0)
    chunks_answered = models.PositiveIntegerField(default=0)
    # Which chunks the peer reported on: a second report of the same chunk is ignored.
    answered_chunks = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]


class ReceivedChunk(models.Model):
    """A chunk of a peer's batch that was matched here: the same chunk is matched only once."""

    peer_country = models.CharField(max_length=COUNTRY_MAX_LENGTH)
    share_id = models.UUIDField()
    chunk = models.PositiveIntegerField()
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["peer_country", "share_id", "chunk"], name="crosslink_chunk_once"
            )
        ]


class Candidate(models.Model):
    """A possible match between one of our persons and a peer's opaque pointer."""

    peer_country = models.CharField(max_length=COUNTRY_MAX_LENGTH)
    local_person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    remote_pointer = models.CharField(max_length=TOKEN_MAX_LENGTH)
    # The pointer we gave the peer for `local_person` in the same exchange (batch only), so a
    # disclosure request from the peer about this pair finds its way back here.
    own_pointer = models.ForeignKey(Pointer, on_delete=models.SET_NULL, null=True, related_name="+")
    score = models.FloatField()
    origin = models.CharField(max_length=16, choices=CandidateOrigin.choices)
    exchange_id = models.UUIDField(db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-score", "id"]

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()


class DisclosureRequest(models.Model):
    """A request to reveal who is behind a pointer; one row at each end (`direction`).

    The requester's row (outgoing) points at its `candidate` and, once approved, holds the
    disclosed identity encrypted like every other identity on the node. The owner's row
    (incoming) points at its own `pointer` and records who decided, when, and on which basis.
    """

    uid = models.UUIDField(default=uuid.uuid4, editable=False)
    direction = models.CharField(max_length=8, choices=Direction.choices)
    peer_country = models.CharField(max_length=COUNTRY_MAX_LENGTH)
    pointer_token = models.CharField(max_length=TOKEN_MAX_LENGTH)
    candidate = models.ForeignKey(
        Candidate, on_delete=models.SET_NULL, null=True, related_name="disclosures"
    )
    pointer = models.ForeignKey(Pointer, on_delete=models.SET_NULL, null=True, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    requester_name = models.CharField(_("requested by"), max_length=200, blank=True)
    requester_organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    purpose = models.CharField(_("purpose"), max_length=300)
    legal_basis = models.CharField(_("legal basis"), max_length=32, choices=LegalBasis.choices)
    legal_reference = models.CharField(_("reference"), max_length=300)
    status = models.CharField(
        max_length=16, choices=DisclosureStatus.choices, default=DisclosureStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    decider_name = models.CharField(max_length=200, blank=True)
    decided_at = models.DateTimeField(null=True)
    owner_legal_basis = models.CharField(
        _("legal basis of the owning node"), max_length=32, choices=LegalBasis.choices, blank=True
    )
    owner_legal_reference = models.CharField(_("reference"), max_length=300, blank=True)
    refusal_reason = models.CharField(_("reason for refusal"), max_length=300, blank=True)
    disclosed_identity = EncryptedTextField(blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["uid", "direction", "peer_country"], name="crosslink_disclosure_uid"
            )
        ]
