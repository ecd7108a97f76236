"""Judicial cooperation: mutual legal assistance and extradition requests between countries.

A request is kept on the node that holds it, in one direction: `OUTGOING` when this country's
magistrates ask another country, `INCOMING` when another country asks us (created by hand or,
when the other country runs a Jokko node, from the signed bulletin it sent). Every change of
status is kept as a `JudicialRequestEvent`, so the history of a request (when it left, when it
was acknowledged, why it was refused) is never overwritten.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RequestKind(models.TextChoices):
    MUTUAL_LEGAL_ASSISTANCE = "mla", _("Mutual legal assistance")
    EXTRADITION = "extradition", _("Extradition")


class RequestDirection(models.TextChoices):
    OUTGOING = "outgoing", _("Outgoing (we ask)")
    INCOMING = "incoming", _("Incoming (we are asked)")


class RequestLegalBasis(models.TextChoices):
    ECOWAS_MLA = (
        "ecowas_mla",
        _("ECOWAS Convention on Mutual Assistance in Criminal Matters (A/P1/7/92)"),
    )
    ECOWAS_EXTRADITION = "ecowas_extradition", _("ECOWAS Convention on Extradition (A/P1/8/94)")
    BILATERAL_AGREEMENT = "bilateral_agreement", _("Bilateral agreement")
    RECIPROCITY = "reciprocity", _("Reciprocity")


class RequestStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")
    ACKNOWLEDGED = "acknowledged", pgettext_lazy("request status", "Acknowledged")
    IN_PROGRESS = "in_progress", _("In progress")
    EXECUTED = "executed", _("Executed")
    PARTIALLY_EXECUTED = "partially_executed", _("Partially executed")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Statuses in which the requested country has given its final answer.
ANSWERED_STATUSES = frozenset(
    {RequestStatus.EXECUTED, RequestStatus.PARTIALLY_EXECUTED, RequestStatus.REFUSED}
)
# Statuses after which nothing more can happen to a request.
CLOSED_STATUSES = ANSWERED_STATUSES | {RequestStatus.WITHDRAWN}
# Statuses in which the other side still owes an answer: these can be overdue.
PENDING_STATUSES = frozenset(
    {RequestStatus.SENT, RequestStatus.ACKNOWLEDGED, RequestStatus.IN_PROGRESS}
)

# Which status may follow which: a request is never "un-sent" or re-opened once answered.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    RequestStatus.DRAFT: frozenset({RequestStatus.SENT, RequestStatus.WITHDRAWN}),
    RequestStatus.SENT: frozenset(
        {RequestStatus.ACKNOWLEDGED, RequestStatus.IN_PROGRESS, RequestStatus.WITHDRAWN}
        | ANSWERED_STATUSES
    ),
    RequestStatus.ACKNOWLEDGED: frozenset({RequestStatus.IN_PROGRESS, RequestStatus.WITHDRAWN})
    | ANSWERED_STATUSES,
    RequestStatus.IN_PROGRESS: frozenset({RequestStatus.WITHDRAWN}) | ANSWERED_STATUSES,
    RequestStatus.EXECUTED: frozenset(),
    RequestStatus.PARTIALLY_EXECUTED: frozenset(),
    RequestStatus.REFUSED: frozenset(),
    RequestStatus.WITHDRAWN: frozenset(),
}


class JudicialRequest(models.Model):
    reference = models.CharField(_("reference"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=RequestKind.choices)
    direction = models.CharField(_("direction"), max_length=8, choices=RequestDirection.choices)
    # The other country (ISO 3166-1 alpha-2): the requested one when outgoing, the requesting
    # one when incoming.
    other_country = models.CharField(_("other country"), max_length=2)
    authority = models.CharField(_("requesting or requested authority"), max_length=200, blank=True)
    subject = models.CharField(_("subject"), max_length=300)
    measures = models.TextField(_("measures requested"))
    legal_basis = models.CharField(
        _("legal basis"), max_length=24, choices=RequestLegalBasis.choices
    )
    legal_reference = models.CharField(_("legal reference"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.DRAFT
    )
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    # The proceedings the request serves: an investigation (whose investigators may read the
    # request) and/or a prosecution.
    investigation = models.ForeignKey(
        "investigations.Investigation",
        verbose_name=_("investigation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="judicial_requests",
    )
    prosecution = models.ForeignKey(
        "prosecutions.Prosecution",
        verbose_name=_("prosecution"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="judicial_requests",
    )
    # The signed bulletin that carried the request (either way), when the other country is a
    # federation peer.
    bulletin = models.ForeignKey(
        "bulletins.Bulletin",
        verbose_name=_("bulletin"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="judicial_requests",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="judicial_requests",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("judicial request")
        verbose_name_plural = _("judicial requests")
        indexes = [models.Index(fields=["status", "deadline"], name="judreq_status_deadline_idx")]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_overdue(self) -> bool:
        return (
            self.status in PENDING_STATUSES
            and self.deadline is not None
            and self.deadline < timezone.localdate()
        )

    @property
    def days_to_answer(self) -> int | None:
        if self.sent_on is None or self.answered_on is None:
            return None
        return (self.answered_on - self.sent_on).days

    def allowed_next(self) -> list[str]:
        return [code for code in RequestStatus.values if code in ALLOWED_TRANSITIONS[self.status]]


class JudicialRequestEvent(models.Model):
    """One change of status, with the date it happened and a note (e.g. grounds of refusal)."""

    request = models.ForeignKey(JudicialRequest, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(_("status"), max_length=20, choices=RequestStatus.choices)
    happened_on = models.DateField(_("date"), default=datetime.date.today)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_at", "id"]
