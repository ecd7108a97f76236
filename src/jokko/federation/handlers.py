"""Built-in message kinds: a ping that proves a link works both ways.

A ping is applied by answering with a pong in the same inbox transaction (so the pong exists
if and only if the ping was recorded). Seeing the pong arrive proves that this node's signature
is accepted by the peer and the peer's by this node, through both outboxes and both inboxes.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from jokko.federation import messaging
from jokko.federation.models import InboxMessage


class FederationKind(models.TextChoices):
    PING = "federation.ping", _("Connectivity check")
    PONG = "federation.pong", _("Connectivity answer")


@messaging.handles(FederationKind.PING)
def answer_ping(message: InboxMessage) -> None:
    if message.body.get("reply", True):
        messaging.send(
            message.sender_country,
            FederationKind.PONG,
            {"ping_id": str(message.message_id), "note": str(message.body.get("note", ""))[:200]},
        )


@messaging.handles(FederationKind.PONG)
def receive_pong(message: InboxMessage) -> None:
    """Nothing to do: the stored inbox row is the evidence the round trip completed."""
