"""Read-only figures about the link, shared by the status page and the API."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count
from django.utils import timezone

from jokko.federation.models import OutboxMessage, OutboxStatus, Rejection

# The API's "recent rejections" count covers this window: enough to spot a peer with a wrong
# key or a skewed clock since yesterday's check.
RECENT_REJECTIONS = timedelta(hours=24)


def pending_by_peer() -> dict[str, int]:
    return dict(
        OutboxMessage.objects.filter(status=OutboxStatus.PENDING)
        .values_list("recipient_country")
        .annotate(n=Count("id"))
        .values_list("recipient_country", "n")
    )


def outbox_counts() -> dict[str, int]:
    counts = dict(
        OutboxMessage.objects.values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    return {status: counts.get(status, 0) for status in OutboxStatus.values}


def recent_rejections() -> int:
    return Rejection.objects.filter(at__gte=timezone.now() - RECENT_REJECTIONS).count()
