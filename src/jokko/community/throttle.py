"""Per-client limits on report submissions, counted in the database.

Counters live in `ThrottleCounter` rows, not in process memory, so the limit holds however many
web workers serve the node. Clients are identified by a keyed hash of their IP address (public
form) or contact URN (webhook): the raw value is never stored.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from jokko.community.models import ThrottleCounter
from jokko.people.crypto import cipher


@dataclass(frozen=True)
class Limit:
    scope: str
    max_hits: int
    window_seconds: int


# Overridable per node with settings.COMMUNITY_THROTTLE = {"public_form": (5, 600), ...}.
DEFAULTS = {"public_form": (5, 600), "webhook": (10, 600)}


def limit_for(scope: str) -> Limit:
    configured = getattr(settings, "COMMUNITY_THROTTLE", {}) or {}
    max_hits, window = configured.get(scope, DEFAULTS[scope])
    return Limit(scope, int(max_hits), int(window))


def client_key(purpose: str, raw: str) -> str:
    return cipher().blind_index(f"community-throttle/{purpose}", raw.strip().lower())


def client_ip(request: HttpRequest) -> str:
    """The address the connection came from.

    Behind a reverse proxy every request comes from the proxy, so a node that runs one names
    the header the proxy sets (settings.COMMUNITY_CLIENT_IP_HEADER, e.g. "HTTP_X_REAL_IP");
    only that header is trusted, never a client-supplied X-Forwarded-For chain.
    """
    header = getattr(settings, "COMMUNITY_CLIENT_IP_HEADER", "") or ""
    if header and request.META.get(header):
        return str(request.META[header]).split(",")[-1].strip()
    return str(request.META.get("REMOTE_ADDR", "") or "unknown")


def _window_start(now: datetime.datetime, seconds: int) -> datetime.datetime:
    epoch = int(now.timestamp())
    return datetime.datetime.fromtimestamp(epoch - epoch % seconds, tz=datetime.UTC)


def over_limit(limit: Limit, key: str) -> bool:
    """Whether this client already used its allowance in the current window (no counting)."""
    start = _window_start(timezone.now(), limit.window_seconds)
    hits = (
        ThrottleCounter.objects.filter(scope=limit.scope, client_key=key, window_start=start)
        .values_list("count", flat=True)
        .first()
    )
    return (hits or 0) >= limit.max_hits


def count_hit(limit: Limit, key: str) -> None:
    """Count one accepted submission; an atomic UPDATE so concurrent workers never lose one."""
    start = _window_start(timezone.now(), limit.window_seconds)
    filters = {"scope": limit.scope, "client_key": key, "window_start": start}
    with transaction.atomic():
        if ThrottleCounter.objects.filter(**filters).update(count=F("count") + 1):
            return
        try:
            with transaction.atomic():
                ThrottleCounter.objects.create(count=1, **filters)
        except IntegrityError:  # another worker created the row first
            ThrottleCounter.objects.filter(**filters).update(count=F("count") + 1)
    # Old windows are useless: drop them now and then (cheap, indexed by the unique constraint).
    ThrottleCounter.objects.filter(
        scope=limit.scope, window_start__lt=start - datetime.timedelta(days=1)
    ).delete()
