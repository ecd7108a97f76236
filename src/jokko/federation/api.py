"""API routes of the federation app (mounted under /api/v1/federation/ by jokko/api/api.py).

One read-only route for monitoring: a national operator's supervision script polls it and
alerts when a peer stops acknowledging or messages pile up. No message body is exposed.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from jokko.accounts.access import ActionForbidden
from jokko.api.schemas import Error
from jokko.audit.actions import record_denied
from jokko.federation import summary
from jokko.federation.access import can_see_federation
from jokko.federation.keys import node_identity
from jokko.federation.models import Peer

router = Router(tags=["federation"])
CHANNEL = "api"


class PeerOut(Schema):
    country: str
    name: str
    url: str
    active: bool
    last_received_at: datetime.datetime | None = Field(
        ..., description="Last signed message from this peer that passed every check."
    )
    last_acknowledged_at: datetime.datetime | None = Field(
        ..., description="Last acknowledgement from this peer of a message this node sent."
    )
    pending: int = Field(..., description="Messages waiting in the outbox for this peer.")


class StatusOut(Schema):
    country: str
    url: str
    public_key: str = Field(..., description="Base64 Ed25519 public key that peers register.")
    peers: list[PeerOut]
    outbox: dict[str, int] = Field(..., description="Outbox messages per status.")
    rejections_last_24h: int


@router.get("/status", response={200: StatusOut, 401: Error, 403: Error})
def status(request: HttpRequest) -> dict[str, Any]:
    """This node's identity, its peers with last contact, and the outbox queue."""
    user = request.auth  # type: ignore[attr-defined]
    if not can_see_federation(user):
        record_denied(user, "page", "federation-status", channel=CHANNEL)
        raise ActionForbidden
    identity = node_identity()
    pending = summary.pending_by_peer()
    return {
        "country": identity.country,
        "url": identity.url,
        "public_key": identity.public_key,
        "peers": [
            {
                "country": peer.country,
                "name": peer.name,
                "url": peer.url,
                "active": peer.active,
                "last_received_at": peer.last_received_at,
                "last_acknowledged_at": peer.last_acknowledged_at,
                "pending": pending.get(peer.country, 0),
            }
            for peer in Peer.objects.all()
        ],
        "outbox": summary.outbox_counts(),
        "rejections_last_24h": summary.recent_rejections(),
    }
