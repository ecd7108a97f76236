"""Incoming crosslink messages. Each handler runs once, inside the inbox transaction.

A peer is trusted to be who it says (the transport checked its signature), not to send well-
formed bodies: each handler checks every field it reads and ignores, with a log line, a body
that does not fit; raising would only make the sender retry the same bad message for ever.
Pointers received must look like pointers (`POINTER_PATTERN`), so nothing a peer sends as an
"id" can smuggle a name into our database.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import json
import logging
import math
import uuid
from typing import Any

from django.conf import settings
from django.utils import timezone

from jokko.audit.actions import record
from jokko.crosslink import transport
from jokko.crosslink.actions import POINTER_DAYS, POINTER_PATTERN, TEXT_MAX, new_pointer
from jokko.crosslink.encodings import key_check, match_against_node, refresh_local_encodings
from jokko.crosslink.models import (
    Candidate,
    CandidateOrigin,
    Direction,
    DisclosureRequest,
    DisclosureStatus,
    EncodingShare,
    LegalBasis,
    LinkageQuery,
    Pointer,
    PointerOrigin,
    QueryPeer,
    QueryPeerStatus,
    ReceivedChunk,
)
from jokko.crosslink.secret import LinkageSecretMissing, load_secret
from jokko.crosslink.transport import MessageKind
from jokko.federation.messaging import handles
from jokko.federation.models import InboxMessage
from jokko.linkage.clk import ClkError, EncodedSet
from jokko.linkage.records import Match

logger = logging.getLogger(__name__)
CHANNEL = "federation"
# Candidates returned for one query, best first: a query is about one person.
MAX_QUERY_CANDIDATES = 10
# Queries answered per peer per hour. A peer holds the network secret, so it could encode
# guessed identities and send them one by one to learn who is known here (a dictionary attack
# on membership); people check a few persons an hour, a script thousands. Beyond the limit the
# answer says so, without matching, and the node's log shows the burst.
MAX_QUERIES_PER_HOUR = int(getattr(settings, "JOKKO_CROSSLINK_MAX_QUERIES_PER_HOUR", 120))


class BadBody(ValueError):
    pass


def _uuid(body: dict[str, Any], field: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(body[field]))
    except (KeyError, ValueError) as exc:
        raise BadBody(f"{field} is not a UUID") from exc


def _text(body: dict[str, Any], field: str, *, required: bool = True) -> str:
    value = body.get(field, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise BadBody(f"{field} is missing or not text")
    return value.strip()[:TEXT_MAX]


def _pointer(value: Any) -> str:
    if not isinstance(value, str) or not POINTER_PATTERN.match(value):
        raise BadBody("a pointer is not a pointer token")
    return value


def _score(value: Any) -> float:
    if not isinstance(value, int | float) or not math.isfinite(value) or not 0 <= value <= 1:
        raise BadBody("a score is not a number between 0 and 1")
    return float(value)


def _encoded_set(body: dict[str, Any], field: str) -> EncodedSet:
    try:
        encoded = EncodedSet.from_bytes(base64.b64decode(str(body[field]), validate=True))
    except (KeyError, binascii.Error, ClkError) as exc:
        raise BadBody(f"{field}: {exc}") from exc
    for record_id in encoded.ids:
        _pointer(record_id)  # a peer's ids are pointers, never names or database ids
    return encoded


def _expiry(body: dict[str, Any] | None = None) -> datetime.datetime:
    """Our pointers' expiry; for a peer's pointers, the earlier of theirs and ours."""
    ours = timezone.now() + datetime.timedelta(days=POINTER_DAYS)
    try:
        theirs = datetime.datetime.fromisoformat(str((body or {})["expires_at"]))
    except (KeyError, ValueError):
        return ours
    if timezone.is_naive(theirs):
        return ours
    return min(ours, theirs)


def _ignore(message: InboxMessage, problem: Exception) -> None:
    logger.warning(
        "crosslink: ignored %s %s from %s: %s",
        message.kind,
        message.message_id,
        message.sender_country,
        problem,
    )


def _linking_secret(sender_check: str) -> tuple[bytes | None, str]:
    """Our secret if we can link with the sender, else the status to answer."""
    try:
        secret = load_secret()
    except LinkageSecretMissing:
        return None, QueryPeerStatus.UNAVAILABLE
    if sender_check != key_check(secret):
        return None, QueryPeerStatus.KEY_MISMATCH
    return secret, QueryPeerStatus.ANSWERED


def _hand_out_pointer(
    person_id: int, peer: str, origin: str, exchange_id: uuid.UUID, expires: datetime.datetime
) -> Pointer:
    return Pointer.objects.create(
        token=new_pointer(),
        person_id=person_id,
        peer_country=peer,
        origin=origin,
        exchange_id=exchange_id,
        expires_at=expires,
    )


def _audit_matched(person_id: int, peer: str, purpose: str, exchange_id: uuid.UUID) -> None:
    record(
        None,
        "search",
        "person",
        person_id,
        person_id=person_id,
        channel=CHANNEL,
        purpose=purpose,
        peer=peer,
        exchange=str(exchange_id),
        sent="pointer",
    )


# --- query -------------------------------------------------------------------------------------
def _too_many_queries(peer: str) -> bool:
    """True when `peer` sent more queries in the last hour than we answer (this one included)."""
    since = timezone.now() - datetime.timedelta(hours=1)
    recent = InboxMessage.objects.filter(
        sender_country=peer, kind=MessageKind.QUERY.value, received_at__gte=since
    ).count()
    return recent > MAX_QUERIES_PER_HOUR


@handles(MessageKind.QUERY.value)
def answer_query(message: InboxMessage) -> None:
    """Match one foreign encoding against ours; answer with fresh pointers for the matches."""
    body = message.body
    peer = message.sender_country
    try:
        query_id = _uuid(body, "query_id")
        secret, status = _linking_secret(str(body.get("key_check", "")))
        incoming = _encoded_set(body, "encoding") if secret is not None else None
        if incoming is not None and len(incoming) != 1:
            raise BadBody("a query carries exactly one person")  # a batch goes as encodings
    except BadBody as problem:
        _ignore(message, problem)
        return
    expires = _expiry()
    candidates: list[dict[str, Any]] = []
    if secret is not None and _too_many_queries(peer):
        secret, status = None, QueryPeerStatus.RATE_LIMITED
        logger.warning(
            "crosslink: %s sent more than %s queries this hour", peer, MAX_QUERIES_PER_HOUR
        )
    if secret is not None and incoming is not None:
        refresh_local_encodings(secret, channel=CHANNEL)
        matches = sorted(match_against_node(incoming, secret), key=lambda m: -m.score)
        for match in matches[:MAX_QUERY_CANDIDATES]:
            person_id = int(match.left_id)
            pointer = _hand_out_pointer(person_id, peer, PointerOrigin.QUERY, query_id, expires)
            candidates.append({"pointer": pointer.token, "score": round(match.score, 3)})
            _audit_matched(person_id, peer, "crosslink-query-answer", query_id)
    transport.send(
        peer,
        MessageKind.RESULT,
        {
            "query_id": str(query_id),
            "status": str(status),
            "candidates": candidates,
            "expires_at": expires.isoformat(),
        },
        expires_at=expires,
    )


@handles(MessageKind.RESULT.value)
def receive_result(message: InboxMessage) -> None:
    body = message.body
    peer = message.sender_country
    try:
        query_id = _uuid(body, "query_id")
        status = _text(body, "status")
        if status not in QueryPeerStatus.values or status == QueryPeerStatus.PENDING:
            raise BadBody("unknown status")
        raw = body.get("candidates", [])
        if not isinstance(raw, list):
            raise BadBody("candidates is not a list")
        found = [
            (_pointer(item.get("pointer")), _score(item.get("score")))
            for item in raw[:MAX_QUERY_CANDIDATES]
            if isinstance(item, dict)
        ]
        asked = QueryPeer.objects.select_related("query").get(
            query__uid=query_id, peer_country=peer
        )
        if asked.status != QueryPeerStatus.PENDING:
            raise BadBody("this query was already answered")
    except (BadBody, QueryPeer.DoesNotExist) as problem:
        _ignore(message, problem)  # a peer cannot answer a question it was not asked
        return
    query: LinkageQuery = asked.query
    asked.status = status
    asked.answered_at = timezone.now()
    asked.save(update_fields=["status", "answered_at"])
    expires = _expiry(body)
    Candidate.objects.bulk_create(
        Candidate(
            peer_country=peer,
            local_person_id=query.person_id,
            remote_pointer=pointer,
            score=score,
            origin=CandidateOrigin.QUERY,
            exchange_id=query.uid,
            expires_at=expires,
        )
        for pointer, score in found
    )
    record(
        None,
        "search",
        "crosslink_query",
        query.pk,
        person_id=query.person_id,
        channel=CHANNEL,
        peer=peer,
        status=status,
        candidates=len(found),
    )


# --- batch exchange ----------------------------------------------------------------------------
@handles(MessageKind.ENCODINGS.value)
def match_encodings(message: InboxMessage) -> None:
    """Match a chunk of a peer's encodings against ours; keep and report the candidate pairs."""
    body = message.body
    peer = message.sender_country
    try:
        share_id = _uuid(body, "share_id")
        chunk = int(body.get("chunk", -1))
        if chunk < 0:
            raise BadBody("chunk is not a chunk number")
        _seen, first_time = ReceivedChunk.objects.get_or_create(
            peer_country=peer, share_id=share_id, chunk=chunk
        )
        if not first_time:
            raise BadBody("this chunk was already matched")
        secret, status = _linking_secret(str(body.get("key_check", "")))
        incoming = _encoded_set(body, "encodings") if secret is not None else None
    except (BadBody, ValueError, TypeError) as problem:
        _ignore(message, problem)
        return
    expires = _expiry()
    pairs: list[dict[str, Any]] = []
    if secret is not None and incoming is not None:
        refresh_local_encodings(secret, channel=CHANNEL)
        matches: list[Match] = match_against_node(incoming, secret)
        own_pointers: dict[int, Pointer] = {}
        for match in matches:
            person_id = int(match.left_id)
            pointer = own_pointers.get(person_id)
            if pointer is None:
                pointer = _hand_out_pointer(person_id, peer, PointerOrigin.BATCH, share_id, expires)
                own_pointers[person_id] = pointer
                _audit_matched(person_id, peer, "crosslink-share-match", share_id)
            Candidate.objects.create(
                peer_country=peer,
                local_person_id=person_id,
                remote_pointer=match.right_id,
                own_pointer=pointer,
                score=match.score,
                origin=CandidateOrigin.BATCH_RECEIVED,
                exchange_id=share_id,
                expires_at=expires,
            )
            pairs.append(
                {
                    "your_pointer": match.right_id,
                    "our_pointer": pointer.token,
                    "score": round(match.score, 3),
                }
            )
    transport.send(
        peer,
        MessageKind.ENCODINGS_RESULT,
        {
            "share_id": str(share_id),
            "chunk": chunk,
            "status": str(status),
            "pairs": pairs,
            "expires_at": expires.isoformat(),
        },
        expires_at=expires,
    )


@handles(MessageKind.ENCODINGS_RESULT.value)
def receive_encodings_result(message: InboxMessage) -> None:
    body = message.body
    peer = message.sender_country
    try:
        share_id = _uuid(body, "share_id")
        share = EncodingShare.objects.get(uid=share_id, peer_country=peer)
        chunk = body.get("chunk")
        if not isinstance(chunk, int) or not 0 <= chunk < share.chunks:
            raise BadBody("chunk is not a chunk of this share")
        if chunk in share.answered_chunks:
            raise BadBody("this chunk was already reported")
        raw = body.get("pairs", [])
        if not isinstance(raw, list):
            raise BadBody("pairs is not a list")
        pairs = [
            (
                _pointer(p.get("your_pointer")),
                _pointer(p.get("our_pointer")),
                _score(p.get("score")),
            )
            for p in raw
            if isinstance(p, dict)
        ]
    except (BadBody, EncodingShare.DoesNotExist) as problem:
        _ignore(message, problem)
        return
    ours = {
        pointer.token: pointer
        for pointer in Pointer.objects.filter(
            token__in=[mine for mine, _theirs, _score in pairs],
            peer_country=peer,
            exchange_id=share.uid,
        )
    }
    expires = _expiry(body)
    Candidate.objects.bulk_create(
        Candidate(
            peer_country=peer,
            local_person_id=ours[mine].person_id,
            remote_pointer=theirs,
            own_pointer=ours[mine],
            score=score,
            origin=CandidateOrigin.BATCH_SENT,
            exchange_id=share.uid,
            expires_at=expires,
        )
        for mine, theirs, score in pairs
        if mine in ours  # a pointer we never gave this peer for this share is ignored
    )
    share.answered_chunks = [*share.answered_chunks, chunk]
    share.chunks_answered = len(share.answered_chunks)
    share.save(update_fields=["answered_chunks", "chunks_answered"])
    record(
        None,
        "search",
        "crosslink_share",
        share.pk,
        channel=CHANNEL,
        peer=peer,
        status=str(body.get("status", ""))[:32],
        pairs=len(pairs),
    )


# --- disclosure --------------------------------------------------------------------------------
@handles(MessageKind.DISCLOSURE_REQUEST.value)
def receive_disclosure_request(message: InboxMessage) -> None:
    """Queue a peer's request for our coordinator; an unknown pointer is refused at once."""
    body = message.body
    peer = message.sender_country
    try:
        request_id = _uuid(body, "request_id")
        token = _pointer(body.get("pointer"))
        basis = _text(body, "legal_basis")
        if basis not in LegalBasis.values:
            raise BadBody("unknown legal basis")
        requester = body.get("requester") or {}
        if not isinstance(requester, dict):
            raise BadBody("requester is not an object")
        fields = {
            "purpose": _text(body, "purpose"),
            "legal_basis": basis,
            "legal_reference": _text(body, "legal_reference", required=False),
            "requester_name": _text(requester, "name", required=False)[:200],
            "requester_organisation": _text(requester, "organisation", required=False)[:200],
        }
    except BadBody as problem:
        _ignore(message, problem)
        return
    pointer = Pointer.objects.filter(token=token, peer_country=peer).first()
    usable = pointer is not None and not pointer.is_expired
    request, created = DisclosureRequest.objects.get_or_create(
        uid=request_id,
        direction=Direction.INCOMING,
        peer_country=peer,
        defaults={"pointer_token": token, "pointer": pointer if usable else None, **fields},
    )
    if not created:
        return
    record(
        None,
        "create",
        "crosslink_disclosure",
        request.pk,
        person_id=pointer.person_id if usable and pointer else None,
        channel=CHANNEL,
        direction="incoming",
        peer=peer,
        purpose=fields["purpose"],
        legal_basis=basis,
        legal_reference=fields["legal_reference"],
        requester=f"{fields['requester_name']} ({fields['requester_organisation']})",
    )
    if not usable:
        reason = "unknown or expired pointer"
        request.status = DisclosureStatus.REFUSED
        request.refusal_reason = reason
        request.decided_at = timezone.now()
        request.save(update_fields=["status", "refusal_reason", "decided_at"])
        transport.send(
            peer,
            MessageKind.DISCLOSURE_RESPONSE,
            {"request_id": str(request_id), "decision": "refused", "reason": reason},
            expires_at=None,
        )


@handles(MessageKind.DISCLOSURE_RESPONSE.value)
def receive_disclosure_response(message: InboxMessage) -> None:
    body = message.body
    peer = message.sender_country
    try:
        request_id = _uuid(body, "request_id")
        decision = _text(body, "decision")
        if decision not in (DisclosureStatus.APPROVED, DisclosureStatus.REFUSED):
            raise BadBody("unknown decision")
        request = DisclosureRequest.objects.get(
            uid=request_id, direction=Direction.OUTGOING, peer_country=peer
        )
        if request.status != DisclosureStatus.PENDING:
            raise BadBody("request already answered")
        if decision == DisclosureStatus.APPROVED:
            basis = _text(body, "legal_basis")
            if basis not in LegalBasis.values:
                raise BadBody("an approval without a known legal basis")
            identity = body.get("identity")
            if not isinstance(identity, dict):
                raise BadBody("an approval without an identity")
    except (BadBody, DisclosureRequest.DoesNotExist) as problem:
        _ignore(message, problem)
        return
    request.status = decision
    request.decided_at = timezone.now()
    request.decider_name = _text(body, "decided_by", required=False)[:200]
    if decision == DisclosureStatus.APPROVED:
        request.owner_legal_basis = basis
        request.owner_legal_reference = _text(body, "legal_reference", required=False)
        request.disclosed_identity = json.dumps(identity, ensure_ascii=False)
    else:
        request.refusal_reason = _text(body, "reason", required=False) or "—"
    request.save()
    record(
        None,
        "update",
        "crosslink_disclosure",
        request.pk,
        person_id=request.candidate.local_person_id if request.candidate else None,
        channel=CHANNEL,
        direction="outgoing",
        peer=peer,
        decision=decision,
        legal_basis=request.legal_basis,
        legal_reference=request.legal_reference,
        owner_legal_basis=request.owner_legal_basis,
        owner_legal_reference=request.owner_legal_reference,
        refusal_reason=request.refusal_reason,
    )
