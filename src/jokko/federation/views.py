"""The inbox endpoint peers post to, and the federation status page for people."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from jokko.federation import actions, conf, inbox, messaging, summary
from jokko.federation.access import can_ping_peers, can_see_federation
from jokko.federation.keys import node_identity
from jokko.federation.models import (
    InboxMessage,
    OutboxMessage,
    OutboxStatus,
    Peer,
    Rejection,
)
from jokko.web.responses import forbidden

# How many rows of each list the status page shows (newest or most urgent first).
STATUS_LIST_LENGTH = 50


@csrf_exempt  # peers authenticate each message by its signature, not by a browser session
@require_POST
def inbox_view(request: HttpRequest) -> HttpResponse:
    """Receive one signed message. The body is read here, bounded, never through request.body
    (whose limit is the form-post one)."""
    limit = conf.max_message_bytes()
    remote_addr = request.META.get("REMOTE_ADDR", "")
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > limit:
        result = inbox.refuse_oversize(declared, remote_addr=remote_addr)
    else:
        raw = request.read(limit + 1)
        if len(raw) > limit:
            result = inbox.refuse_oversize(len(raw), remote_addr=remote_addr)
        else:
            result = inbox.receive(raw, remote_addr=remote_addr)
    return JsonResponse(result.payload, status=result.http_status)


@login_required
def status(request: HttpRequest) -> HttpResponse:
    if not can_see_federation(request.user):
        return forbidden(request, "federation-status")
    pending = Q(status=OutboxStatus.PENDING)
    queue_by_peer = summary.pending_by_peer()
    counts = summary.outbox_counts()
    identity = node_identity()
    return render(
        request,
        "federation/status.html",
        {
            "identity": identity,
            "peers": [(peer, queue_by_peer.get(peer.country, 0)) for peer in Peer.objects.all()],
            "counts": [(label, counts.get(value, 0)) for value, label in OutboxStatus.choices],
            "queue": OutboxMessage.objects.filter(pending).order_by("next_attempt_at", "id")[
                :STATUS_LIST_LENGTH
            ],
            "expired": OutboxMessage.objects.filter(status=OutboxStatus.EXPIRED).order_by(
                "-created_at"
            )[:STATUS_LIST_LENGTH],
            "received": InboxMessage.objects.order_by("-received_at", "-id")[:STATUS_LIST_LENGTH],
            "rejections": Rejection.objects.all()[:STATUS_LIST_LENGTH],
            "kinds": messaging.handled_kinds(),
            "can_ping": can_ping_peers(request.user),
        },
    )


@login_required
@require_POST
def ping(request: HttpRequest, country: str) -> HttpResponse:
    if not can_ping_peers(request.user):
        return forbidden(request, "federation-ping")
    peer = Peer.objects.filter(country=country.upper(), active=True).first()
    if peer is None:
        raise Http404
    actions.ping_peer(request.user, peer, note=f"ping from {request.user.get_username()}")
    messages.success(
        request,
        _("Ping queued for %(peer)s; its answer appears under “Received” once delivered.")
        % {"peer": peer},
    )
    return redirect("federation-status")
