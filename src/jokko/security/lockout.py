"""django-axes hooks: the client address behind the proxy, and the translated lockout page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def client_ip(request: HttpRequest) -> str:
    """The address failures are counted against.

    In production the node sits behind one reverse proxy that appends the client's address to
    X-Forwarded-For; the last entry is the one our proxy wrote (earlier ones are whatever the
    client sent, so trusting them would let an attacker pick a fresh address per attempt).
    Without the proxy (demo, tests) it is the socket's address.
    """
    if getattr(settings, "PRODUCTION", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return str(request.META.get("REMOTE_ADDR", ""))


def locked_out_response(
    request: HttpRequest, credentials: dict[str, Any] | None = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    """The login page again, saying the account is locked and for how long (HTTP 429)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request, "registration/login.html", {"locked_out": True, "minutes": minutes}, status=429
    )
