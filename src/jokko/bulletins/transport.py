"""The only place where bulletins touch the federation transport (`jokko.federation`).

Kept in one small module so the bulletin rules (actions, handlers) read as plain domain code,
and so that what the transport is asked to do is visible in one screen: which peers may
receive, how a message is queued, and how its delivery is reported back.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError

# Message kinds of this app (namespaced as the transport requires).
NEW = "bulletin.new"
ACK = "bulletin.ack"
REPLY = "bulletin.reply"


def own_country() -> str:
    return str(settings.NODE_COUNTRY)


def active_peers() -> dict[str, str]:
    """Country code -> name of every registered, active peer node (never this node itself)."""
    from jokko.federation.models import Peer

    peers = Peer.objects.filter(active=True).exclude(country=own_country()).order_by("country")
    return {peer.country: peer.name or peer.country for peer in peers}


def queue(
    recipient_country: str,
    kind: str,
    body: dict[str, Any],
    *,
    expires_at: datetime.datetime | None = None,
) -> str:
    """Put a message in the durable outbox; returns its message id.

    Must run inside the caller's transaction: the outbox row then commits or rolls back with
    the bulletin it carries, so a bulletin is never recorded as sent without its message.
    """
    from jokko.federation import messaging

    try:
        message = messaging.send(recipient_country, kind, body, expires_at=expires_at)
    except messaging.FederationError as exc:
        # Checked beforehand by the actions; a peer deactivated meanwhile lands here.
        raise ValidationError({"recipients": [str(exc)]}) from exc
    return str(message.message_id)


def delivery_states(message_ids: list[str]) -> dict[str, str]:
    """Message id -> the outbox's delivery state label, for the bulletin's recipient list."""
    ids = [message_id for message_id in message_ids if message_id]
    if not ids:
        return {}
    from jokko.federation.models import OutboxMessage

    return {
        str(message.message_id): str(message.get_status_display())
        for message in OutboxMessage.objects.filter(message_id__in=ids)
    }
