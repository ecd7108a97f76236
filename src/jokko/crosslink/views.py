"""Pages of cross-border linkage. Each view checks the role, parses a form, calls one action."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jokko.crosslink import actions, transport
from jokko.crosslink.access import (
    access_candidate_by_id,
    access_disclosure_by_id,
    access_query_by_id,
    can_decide_disclosures,
    can_link,
    can_share_batch,
    cross_border_consent,
    is_protected,
    visible_candidates,
    visible_disclosures,
    visible_queries,
)
from jokko.crosslink.encodings import refresh_local_encodings
from jokko.crosslink.forms import Decision, DecisionForm, DisclosureForm, QueryForm, ShareForm
from jokko.crosslink.models import (
    CandidateOrigin,
    Direction,
    DisclosureStatus,
    EncodingShare,
    QueryPeerStatus,
)
from jokko.crosslink.secret import LinkageSecretMissing, load_secret, secret_status
from jokko.people.access import access_person_by_id
from jokko.web.responses import forbidden


def _peer_choices() -> list[tuple[str, str]]:
    return [(peer.country, f"{peer.name} ({peer.country})") for peer in transport.active_peers()]


def _add_errors(form: Form, error: ValidationError) -> None:
    for field, field_messages in error.message_dict.items():
        for message in field_messages:
            form.add_error(field if field in form.fields else None, message)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not can_link(user):
        return forbidden(request, "crosslink-home")
    batch_candidates = (
        visible_candidates(user)
        .filter(origin__in=[CandidateOrigin.BATCH_SENT, CandidateOrigin.BATCH_RECEIVED])
        .select_related("local_person")
        .order_by("-created_at", "-score")[:100]
    )
    context: dict[str, Any] = {
        "secret_problem": secret_status(),
        "peers": transport.active_peers(),
        "queries": visible_queries(user).select_related("person")[:20],
        "batch_candidates": batch_candidates,
        "can_share": can_share_batch(user),
        "share_form": ShareForm(peers=_peer_choices()),
        "shares": EncodingShare.objects.all()[:10] if can_share_batch(user) else [],
        "pending_incoming": (
            visible_disclosures(user)
            .filter(direction=Direction.INCOMING, status=DisclosureStatus.PENDING)
            .count()
        ),
    }
    return render(request, "crosslink/home.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def check(request: HttpRequest, person_id: int) -> HttpResponse:
    """Check in neighbouring countries: choose peers, say why, send the encoding only."""
    user = request.user
    if not can_link(user):
        return forbidden(request, "crosslink-check")
    person = access_person_by_id(user, person_id, purpose="crosslink-check")
    form = QueryForm(request.POST or None, peers=_peer_choices())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            query = actions.send_query(
                user,
                person.pk,
                peers=data["peers"],
                purpose=data["purpose"],
                legal_basis=data["legal_basis"],
                legal_reference=data["legal_reference"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Sent. Answers appear here as the peers reply."))
            return redirect("crosslink-query", query_id=query.pk)
    context = {
        "person": person,
        "form": form,
        "secret_problem": secret_status(),
        "protected": is_protected(person),
        "consent": cross_border_consent(person),
    }
    return render(
        request, "crosslink/check.html", context, status=400 if request.method == "POST" else 200
    )


@login_required
def query_detail(request: HttpRequest, query_id: int) -> HttpResponse:
    user = request.user
    if not can_link(user):
        return forbidden(request, "crosslink-query")
    query = access_query_by_id(user, query_id)
    candidates = (
        visible_candidates(user)
        .filter(exchange_id=query.uid, origin=CandidateOrigin.QUERY)
        .annotate(requests=Count("disclosures"))
    )
    per_peer = [
        (peer, [c for c in candidates if c.peer_country == peer.peer_country])
        for peer in query.peers.all()
    ]
    # While a peer has not answered, the page asks for its answers every few seconds (htmx).
    waiting = any(peer.status == QueryPeerStatus.PENDING for peer, _found in per_peer)
    return render(
        request,
        "crosslink/query.html",
        {"query": query, "per_peer": per_peer, "waiting": waiting},
    )


@login_required
@require_http_methods(["GET", "POST"])
def disclose(request: HttpRequest, candidate_id: int) -> HttpResponse:
    """Ask the owning node who is behind a pointer (it decides, on its own legal basis)."""
    user = request.user
    if not can_link(user):
        return forbidden(request, "crosslink-disclose")
    candidate = access_candidate_by_id(user, candidate_id)
    form = DisclosureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            disclosure = actions.request_disclosure(user, candidate.pk, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Request sent to the owning node."))
            return redirect("crosslink-disclosure", request_id=disclosure.pk)
    return render(
        request,
        "crosslink/disclose.html",
        {
            "candidate": candidate,
            "form": form,
            "requests": visible_disclosures(user).filter(candidate=candidate),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def disclosure_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not can_link(user):
        return forbidden(request, "crosslink-disclosures")
    requests = visible_disclosures(user)
    return render(
        request,
        "crosslink/disclosures.html",
        {
            "outgoing": requests.filter(direction=Direction.OUTGOING)[:100],
            "incoming": requests.filter(direction=Direction.INCOMING)
            .filter(Q(status=DisclosureStatus.PENDING) | Q(decided_at__isnull=False))
            .select_related("pointer")[:100],
            "can_decide": can_decide_disclosures(user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def disclosure_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    user = request.user
    if not can_link(user):
        return forbidden(request, "crosslink-disclosure")
    disclosure = access_disclosure_by_id(user, request_id)
    incoming = disclosure.direction == Direction.INCOMING
    form = DecisionForm(request.POST or None)
    if request.method == "POST":
        if not incoming or not can_decide_disclosures(user):
            return forbidden(request, "crosslink-disclosure-decide")
        if form.is_valid():
            data = form.cleaned_data
            try:
                actions.decide_disclosure(
                    user,
                    disclosure,
                    approve=data["decision"] == Decision.APPROVE,
                    legal_basis=data["legal_basis"],
                    legal_reference=data["legal_reference"],
                    reason=data["reason"],
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("Decision recorded and sent."))
                return redirect("crosslink-disclosure", request_id=disclosure.pk)
    person = disclosure.pointer.person if incoming and disclosure.pointer else None
    context = {
        "disclosure": disclosure,
        "incoming": incoming,
        "form": form,
        "person": person,
        "protected": person is not None and is_protected(person),
        "consent": cross_border_consent(person) if person is not None else None,
        "identity": None if incoming else actions.read_disclosed_identity(user, disclosure),
        "can_decide": incoming
        and can_decide_disclosures(user)
        and disclosure.status == DisclosureStatus.PENDING,
    }
    return render(
        request,
        "crosslink/disclosure.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def share(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not can_share_batch(user):
        return forbidden(request, "crosslink-share")
    form = ShareForm(request.POST, peers=_peer_choices())
    if not form.is_valid():
        messages.error(request, _("Choose a peer."))
        return redirect("crosslink-home")
    try:
        refresh_local_encodings(load_secret())
        sent = actions.share_encodings(user, form.cleaned_data["peer"])
    except LinkageSecretMissing as error:
        messages.error(request, str(error))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(n)s encodings queued for %(peer)s.")
            % {"n": sent.persons, "peer": sent.peer_country},
        )
    return redirect("crosslink-home")
