"""The crosslink app's only contact with the federation transport (signed messages, outbox).

Kept to this one module so the rest of the app speaks in its own terms (a country, a kind, a
body) and the transport can change underneath. `send` must be called inside the caller's
transaction: the outbox row then commits, or rolls back, with the business write.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MessageKind(models.TextChoices):
    QUERY = "crosslink.query", _("One person's encoding, to match")
    RESULT = "crosslink.result", _("Candidates for a query, as opaque pointers")
    ENCODINGS = "crosslink.encodings", _("A chunk of a node's encodings")
    ENCODINGS_RESULT = "crosslink.encodings_result", _("Candidate pairs for a chunk")
    DISCLOSURE_REQUEST = "crosslink.disclosure_request", _("Request to reveal a pointer")
    DISCLOSURE_RESPONSE = "crosslink.disclosure_response", _("Approval with identity, or refusal")


def send(
    country: str, kind: MessageKind, body: dict[str, Any], *, expires_at: datetime.datetime | None
) -> Any:
    from jokko.federation.messaging import send as federation_send

    return federation_send(country, kind.value, body, expires_at=expires_at)


def node_country() -> str:
    return str(settings.NODE_COUNTRY).upper()


def active_peers() -> list[Any]:
    """The peers an exchange may go to: registered, active, and not this node itself."""
    from jokko.federation.models import Peer

    return list(
        Peer.objects.filter(active=True).exclude(country=node_country()).order_by("country")
    )


def active_peer_countries() -> set[str]:
    return {peer.country.upper() for peer in active_peers()}
