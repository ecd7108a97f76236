"""What users do across borders: query, share encodings in batch, request and decide disclosures.

Every function validates everything first (a `ValidationError` per field, nothing written),
then writes its rows, its outgoing messages and its audit entry in one transaction: a message
leaves if and only if the decision that caused it is recorded. Message bodies carry encodings,
random pointers, scores and legal bases; a name travels only in an approved disclosure.
"""

from __future__ import annotations

import base64
import datetime
import json
import re
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jokko.accounts.access import ActionForbidden
from jokko.audit.actions import record
from jokko.crosslink import transport
from jokko.crosslink.access import (
    access_candidate_by_id,
    can_decide_disclosures,
    can_link,
    can_share_batch,
    cross_border_consent,
    is_protected,
)
from jokko.crosslink.encodings import encode_for_peer, key_check, node_persons
from jokko.crosslink.models import (
    Candidate,
    Direction,
    DisclosureRequest,
    DisclosureStatus,
    EncodingShare,
    LegalBasis,
    LinkageQuery,
    Pointer,
    PointerOrigin,
    QueryPeer,
)
from jokko.crosslink.persons import person_record
from jokko.crosslink.secret import LinkageSecretMissing, load_secret
from jokko.crosslink.transport import MessageKind
from jokko.people.access import access_person_by_id
from jokko.people.models import Person, PersonRole

# How long a pointer we hand out stays resolvable (and a candidate we hold stays usable): long
# enough for a disclosure request to be prepared and decided, short enough that a peer cannot
# collect pointers for later. Days.
POINTER_DAYS = int(getattr(settings, "JOKKO_CROSSLINK_POINTER_DAYS", 30))
# A query that no answer reached within this many days is of no use any more.
QUERY_MESSAGE_DAYS = 2
# Persons per "crosslink.encodings" message: about 300 bytes each once base64-encoded, so a
# chunk stays near 1.5 MB, well under the peer's message size bound (8 MB by default).
SHARE_CHUNK = 5000
TEXT_MAX = 300
# What a pointer looks like: `new_pointer()`'s url-safe base64, nothing a name could pass for.
POINTER_PATTERN = re.compile(r"^[A-Za-z0-9_-]{32}$")


def new_pointer() -> str:
    """A fresh random token (192 bits); a new one per person per exchange, so unlinkable."""
    return secrets.token_urlsafe(24)


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _secret_or_error() -> bytes:
    try:
        return load_secret()
    except LinkageSecretMissing as exc:
        raise ValidationError({"__all__": [str(exc)]}) from exc


def _check_legal_basis(
    errors: dict[str, list[str]], basis: str, reference: str, *, required: bool
) -> None:
    if not basis:
        if required:
            errors.setdefault("legal_basis", []).append(_("Choose the legal basis."))
        return
    if basis not in LegalBasis.values:
        errors.setdefault("legal_basis", []).append(_("Unknown legal basis."))
    elif not reference.strip() and basis != LegalBasis.CONSENT:
        errors.setdefault("legal_reference", []).append(
            _("Give the reference of the legal basis (order, request or agreement number).")
        )
    if len(reference) > TEXT_MAX:
        errors.setdefault("legal_reference", []).append(_("The reference is too long."))


def _consent_reference(person: Person) -> str:
    consent = cross_border_consent(person)
    if consent is None:
        return ""
    return _("Consent of %(date)s (case %(case)s)") % {
        "date": consent.given_on.isoformat(),
        "case": consent.case.reference,
    }


def _check_protected_person(
    errors: dict[str, list[str]], person: Person, basis: str, *, field: str = "legal_basis"
) -> None:
    """A survivor crosses a border only with their consent or a legal basis recorded here."""
    has_consent = cross_border_consent(person) is not None
    if basis == LegalBasis.CONSENT and not has_consent:
        errors.setdefault(field, []).append(
            _("There is no active consent of this person to sharing with another country.")
        )
    elif is_protected(person) and not basis and not has_consent:
        errors.setdefault(field, []).append(
            _(
                "This person is a survivor: a cross-border check needs their consent to "
                "sharing with another country's authorities, or a recorded legal basis."
            )
        )


# --- "is this person known next door?" ---------------------------------------------------------
def send_query(
    user: Any,
    person_id: int,
    *,
    peers: list[str],
    purpose: str,
    legal_basis: str = "",
    legal_reference: str = "",
    channel: str = "web",
) -> LinkageQuery:
    """Send one person's encoding (never a name) to the chosen peers."""
    if not can_link(user):
        raise ActionForbidden
    person = access_person_by_id(user, person_id, purpose="crosslink-query", channel=channel)
    errors: dict[str, list[str]] = {}
    chosen = list(dict.fromkeys(country.strip().upper() for country in peers if country.strip()))
    known = transport.active_peer_countries()
    if not chosen:
        errors["peers"] = [_("Choose at least one neighbouring country.")]
    elif unknown := [country for country in chosen if country not in known]:
        errors["peers"] = [
            _("Not an active peer of this node: %(codes)s") % {"codes": ", ".join(unknown)}
        ]
    purpose = " ".join(purpose.split())
    if not purpose:
        errors["purpose"] = [_("Say why you check this person (case, investigation).")]
    elif len(purpose) > TEXT_MAX:
        errors["purpose"] = [_("The purpose is too long (300 characters at most).")]
    _check_legal_basis(errors, legal_basis, legal_reference, required=False)
    _check_protected_person(errors, person, legal_basis)
    if errors:
        raise ValidationError(errors)
    secret = _secret_or_error()
    if legal_basis == LegalBasis.CONSENT and not legal_reference.strip():
        legal_reference = _consent_reference(person)
    # The id inside the sent set is a throwaway token: not the person's id, not a pointer.
    encoded = encode_for_peer([person_record(person, record_id=new_pointer())], secret)
    body = {
        "query_id": "",
        "key_check": key_check(secret),
        "encoding": b64(encoded.to_bytes()),
    }
    expires = timezone.now() + datetime.timedelta(days=QUERY_MESSAGE_DAYS)
    with transaction.atomic():
        query = LinkageQuery.objects.create(
            person=person,
            requested_by=user,
            organisation_id=user.organisation_id,
            purpose=purpose,
            legal_basis=legal_basis,
            legal_reference=legal_reference.strip(),
        )
        body["query_id"] = str(query.uid)
        for country in chosen:
            QueryPeer.objects.create(query=query, peer_country=country)
            transport.send(country, MessageKind.QUERY, body, expires_at=expires)
        record(
            user,
            "export",
            "person",
            person.pk,
            person_id=person.pk,
            channel=channel,
            purpose="crosslink-query",
            sent="encoding",
            peers=chosen,
            query=str(query.uid),
            legal_basis=legal_basis,
            legal_reference=query.legal_reference,
        )
    return query


# --- batch exchange ------------------------------------------------------------------------
def shareable_persons() -> list[int]:
    """Ids of the node's persons whose encodings may go to a peer in a batch.

    Everyone but survivors, and survivors who consented to cross-border sharing: a batch has
    no per-person legal basis, so a survivor without consent is checked one by one (a query).
    """
    from jokko.cases.models import Consent

    consenting = {
        person_id
        for person_id, scopes in Consent.objects.filter(withdrawn_on__isnull=True).values_list(
            "case__person_id", "scopes"
        )
        if "cross_border" in (scopes or [])
    }
    rows = node_persons().values_list("pk", "roles").order_by("pk")
    survivor = f",{PersonRole.SURVIVOR},"
    return [pk for pk, roles in rows if survivor not in roles or pk in consenting]


def share_encodings(
    user: Any, peer_country: str, *, channel: str = "web", chunk_size: int = SHARE_CHUNK
) -> EncodingShare:
    """Send the node's encodings to one peer, in chunks, each person under a fresh pointer.

    `user` is None when an operator runs `jokko crosslink_share` (the audit shows "system").
    """
    if user is not None and not can_share_batch(user):
        raise ActionForbidden
    country = peer_country.strip().upper()
    if country not in transport.active_peer_countries():
        raise ValidationError(
            {"peer": [_("Not an active peer of this node: %(codes)s") % {"codes": country}]}
        )
    secret = _secret_or_error()
    person_ids = shareable_persons()
    if not person_ids:
        raise ValidationError({"__all__": [_("This node has no person to share yet.")]})
    chunks = [person_ids[i : i + chunk_size] for i in range(0, len(person_ids), chunk_size)]
    expires = timezone.now() + datetime.timedelta(days=POINTER_DAYS)
    check = key_check(secret)
    with transaction.atomic():
        share = EncodingShare.objects.create(
            peer_country=country,
            requested_by=user,
            persons=len(person_ids),
            chunks=len(chunks),
        )
        for index, ids in enumerate(chunks):
            persons = Person.objects.filter(pk__in=ids).prefetch_related("names").order_by("pk")
            pointers = [
                Pointer(
                    token=new_pointer(),
                    person=person,
                    peer_country=country,
                    origin=PointerOrigin.BATCH,
                    exchange_id=share.uid,
                    expires_at=expires,
                )
                for person in persons
            ]
            Pointer.objects.bulk_create(pointers)
            records = [person_record(p.person, record_id=p.token) for p in pointers]
            encoded = encode_for_peer(records, secret)
            transport.send(
                country,
                MessageKind.ENCODINGS,
                {
                    "share_id": str(share.uid),
                    "chunk": index,
                    "chunks": len(chunks),
                    "key_check": check,
                    "encodings": b64(encoded.to_bytes()),
                },
                expires_at=expires,
            )
            record(
                user,
                "export",
                "person",
                "",
                channel=channel,
                purpose="crosslink-share",
                sent="encodings",
                peer=country,
                share=str(share.uid),
                chunk=index,
                persons=ids,
            )
    return share


# --- disclosure --------------------------------------------------------------------------
def request_disclosure(
    user: Any,
    candidate_id: int,
    *,
    purpose: str,
    legal_basis: str,
    legal_reference: str,
    channel: str = "web",
) -> DisclosureRequest:
    """Ask the owning node to reveal who is behind a candidate's pointer."""
    if not can_link(user):
        raise ActionForbidden
    candidate: Candidate = access_candidate_by_id(user, candidate_id)
    errors: dict[str, list[str]] = {}
    purpose = " ".join(purpose.split())
    if not purpose:
        errors["purpose"] = [_("Say why you need to know who this is.")]
    elif len(purpose) > TEXT_MAX:
        errors["purpose"] = [_("The purpose is too long (300 characters at most).")]
    _check_legal_basis(errors, legal_basis, legal_reference, required=True)
    if legal_basis == LegalBasis.CONSENT:
        errors.setdefault("legal_basis", []).append(
            _("Consent is for the owning node to record; give your own legal basis.")
        )
    if candidate.is_expired:
        errors.setdefault("__all__", []).append(
            _("This candidate has expired; check the person again.")
        )
    if candidate.disclosures.filter(status=DisclosureStatus.PENDING).exists():
        errors.setdefault("__all__", []).append(
            _("A request about this candidate is already waiting for an answer.")
        )
    if errors:
        raise ValidationError(errors)
    organisation = user.organisation.name if user.organisation_id else ""
    with transaction.atomic():
        request = DisclosureRequest.objects.create(
            direction=Direction.OUTGOING,
            peer_country=candidate.peer_country,
            pointer_token=candidate.remote_pointer,
            candidate=candidate,
            requested_by=user,
            requester_name=user.get_full_name() or user.username,
            requester_organisation=organisation,
            purpose=purpose,
            legal_basis=legal_basis,
            legal_reference=legal_reference.strip(),
        )
        transport.send(
            candidate.peer_country,
            MessageKind.DISCLOSURE_REQUEST,
            {
                "request_id": str(request.uid),
                "pointer": candidate.remote_pointer,
                "purpose": purpose,
                "legal_basis": legal_basis,
                "legal_reference": request.legal_reference,
                "requester": {
                    "name": request.requester_name,
                    "organisation": organisation,
                    "role": user.role,
                },
            },
            expires_at=None,
        )
        record(
            user,
            "create",
            "crosslink_disclosure",
            request.pk,
            person_id=candidate.local_person_id,
            channel=channel,
            direction="outgoing",
            peer=candidate.peer_country,
            pointer=candidate.remote_pointer,
            purpose=purpose,
            legal_basis=legal_basis,
            legal_reference=request.legal_reference,
        )
    return request


def identity_payload(person: Person, decided_by: Any) -> dict[str, Any]:
    """What an approved disclosure reveals: who the person is and whom to contact about them."""
    organisation = person.owner_organisation
    return {
        "names": [
            {"full_name": name.full_name, "kind": name.kind, "script": name.script}
            for name in person.names.all()
        ],
        "sex": person.sex,
        "birth_date": person.birth_date.isoformat() if person.birth_date else "",
        "birth_year": person.birth_year,
        "nationality": person.nationality,
        "roles": person.role_list,
        "organisation": {
            "name": organisation.name,
            "kind": organisation.kind,
            "country": organisation.country,
        },
        "contact": {
            "name": decided_by.get_full_name() or decided_by.username,
            "email": decided_by.email,
            "role": decided_by.role,
        },
    }


def decide_disclosure(
    user: Any,
    request: DisclosureRequest,
    *,
    approve: bool,
    legal_basis: str = "",
    legal_reference: str = "",
    reason: str = "",
    channel: str = "web",
) -> DisclosureRequest:
    """The owning node's coordinator approves (with its own legal basis) or refuses (why)."""
    if not can_decide_disclosures(user) or request.direction != Direction.INCOMING:
        raise ActionForbidden
    errors: dict[str, list[str]] = {}
    if request.status != DisclosureStatus.PENDING:
        errors["__all__"] = [_("This request was already decided.")]
    pointer = request.pointer
    reason = " ".join(reason.split())
    if approve:
        if pointer is None or pointer.is_expired:
            errors.setdefault("__all__", []).append(
                _("The pointer is unknown or expired: refuse the request.")
            )
        _check_legal_basis(errors, legal_basis, legal_reference, required=True)
        if pointer is not None:
            _check_protected_person(errors, pointer.person, legal_basis)
    elif not reason:
        errors["reason"] = [_("Say why the request is refused.")]
    elif len(reason) > TEXT_MAX:
        errors["reason"] = [_("The reason is too long (300 characters at most).")]
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    with transaction.atomic():
        locked = DisclosureRequest.objects.select_for_update().get(pk=request.pk)
        if locked.status != DisclosureStatus.PENDING:
            raise ValidationError({"__all__": [_("This request was already decided.")]})
        request.decided_by = user
        request.decider_name = user.get_full_name() or user.username
        request.decided_at = now
        body: dict[str, Any] = {
            "request_id": str(request.uid),
            "decided_by": request.decider_name,
        }
        if approve:
            assert pointer is not None
            person = pointer.person
            if legal_basis == LegalBasis.CONSENT and not legal_reference.strip():
                legal_reference = _consent_reference(person)
            request.status = DisclosureStatus.APPROVED
            request.owner_legal_basis = legal_basis
            request.owner_legal_reference = legal_reference.strip()
            body.update(
                decision=DisclosureStatus.APPROVED.value,
                legal_basis=legal_basis,
                legal_reference=request.owner_legal_reference,
                identity=identity_payload(person, user),
            )
            record(
                user,
                "export",
                "person",
                person.pk,
                person_id=person.pk,
                channel=channel,
                purpose="crosslink-disclosure",
                peer=request.peer_country,
                request=str(request.uid),
                legal_basis=legal_basis,
                legal_reference=request.owner_legal_reference,
                requester_legal_basis=request.legal_basis,
                requester_legal_reference=request.legal_reference,
                requester=f"{request.requester_name} ({request.requester_organisation})",
            )
        else:
            request.status = DisclosureStatus.REFUSED
            request.refusal_reason = reason
            body.update(decision=DisclosureStatus.REFUSED.value, reason=reason)
            record(
                user,
                "update",
                "crosslink_disclosure",
                request.pk,
                person_id=pointer.person_id if pointer else None,
                channel=channel,
                decision="refused",
                reason=reason,
                peer=request.peer_country,
                request=str(request.uid),
                requester_legal_basis=request.legal_basis,
            )
        request.save()
        transport.send(request.peer_country, MessageKind.DISCLOSURE_RESPONSE, body, expires_at=None)
    return request


def read_disclosed_identity(
    user: Any, request: DisclosureRequest, *, channel: str = "web"
) -> dict[str, Any] | None:
    """The identity a peer disclosed to us; every look at it is audited with both bases."""
    if request.direction != Direction.OUTGOING or request.status != DisclosureStatus.APPROVED:
        return None
    identity: dict[str, Any] = json.loads(request.disclosed_identity or "{}")
    record(
        user,
        "read",
        "crosslink_disclosure",
        request.pk,
        person_id=request.candidate.local_person_id if request.candidate else None,
        channel=channel,
        peer=request.peer_country,
        legal_basis=request.legal_basis,
        owner_legal_basis=request.owner_legal_basis,
    )
    return identity
