"""When a peer shows it is up again, its backlog leaves at once and in the order it was queued.

While a peer is unreachable each waiting message gets its own jittered retry time, so after a
long outage they would trickle out over up to five minutes, and not in the order they were
queued (a reply could reach the peer before the bulletin it answers). As soon as the peer proves
it is reachable (it acknowledged one of our messages, or sent us a valid one) every message that
waits only because the peer was unreachable is made due now, with one shared timestamp: the
worker then sends them in queue order (`claim_due` orders by due time, then id).

Messages the peer *refused* (an unknown kind, a handler that failed) keep their back-off: the
peer being up does not make them more acceptable.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from jokko.federation.models import OutboxMessage, OutboxStatus

# How `delivery` words a failure that says nothing about the message, only about the peer.
UNREACHABLE = "unreachable"
NOT_TRIED = "not tried"


def wake_backlog(country: str) -> int:
    """Make due now every message to `country` that waits for the peer to come back."""
    now = timezone.now()
    return OutboxMessage.objects.filter(
        Q(last_error__startswith=UNREACHABLE) | Q(last_error__startswith=NOT_TRIED),
        recipient_country=country,
        status=OutboxStatus.PENDING,
        next_attempt_at__gt=now,
    ).update(next_attempt_at=now)
