"""Every change to a bulletin goes through one of these functions.

Each one checks permission (`ActionForbidden`), validates all input (`ValidationError`, one
message per field), then writes in one transaction with an audit entry and, when the change
must reach a peer, the outbox message (`transport.queue`) in that same transaction: either the
bulletin and its messages are recorded together, or neither is. Nothing is written when any
check fails.

The message handlers that apply what peers send ("bulletin.new", "bulletin.ack",
"bulletin.reply") live in `handlers.py`.
"""

from __future__ import annotations

import datetime
import json
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jokko.accounts.access import ActionForbidden
from jokko.audit.actions import record, record_denied
from jokko.bulletins import transport
from jokko.bulletins.access import can_send, can_use_bulletins, visible_bulletins
from jokko.bulletins.details import MAX_LINE, MAX_TEXT, clean_details
from jokko.bulletins.models import (
    Bulletin,
    BulletinKind,
    BulletinLink,
    BulletinRecipient,
    BulletinReply,
    Direction,
    HandlingRestriction,
    LegalBasis,
    Urgency,
    encode_details,
)
from jokko.cases.access import access_case_by_id, visible_cases
from jokko.cases.models import Consent, ConsentScope
from jokko.people.access import access_person_by_id, visible_persons
from jokko.people.actions import find_retry
from jokko.people.models import Person
from jokko.validation import add_error, raise_if_errors

# A bulletin is an alert, not an archive: after a year it must be re-issued with fresh facts.
MAX_VALIDITY = datetime.timedelta(days=365)


@dataclass
class BulletinInput:
    """What a compose form or an API request says about a new bulletin."""

    kind: str
    title: str
    recipients: list[str]
    expires_at: datetime.datetime | None
    urgency: str = Urgency.ROUTINE
    summary: str = ""
    details: dict[str, Any] = field(default_factory=dict)
    restrictions: list[str] = field(default_factory=list)
    legal_basis: str = ""
    legal_reference: str = ""
    consent_id: int | None = None
    subject_person_id: int | None = None
    includes_identity: bool = False
    client_id: uuid.UUID | None = None


def _describe(user: Any) -> str:
    """How a peer node sees one of our users: name and organisation, never an account id."""
    name = user.get_full_name() or user.username
    organisation = user.organisation.name if user.organisation_id else ""
    return f"{name} ({organisation})" if organisation else name


def _check_expiry(errors: dict[str, list[str]], expires_at: datetime.datetime | None) -> None:
    now = timezone.now()
    if expires_at is None:
        add_error(errors, "expires_at", _("This field is required."))
    elif timezone.is_naive(expires_at):
        add_error(errors, "expires_at", _("Give the expiry with its time zone."))
    elif expires_at <= now:
        add_error(errors, "expires_at", _("The expiry must be in the future."))
    elif expires_at > now + MAX_VALIDITY:
        add_error(errors, "expires_at", _("A bulletin is valid for one year at most."))


def _check_recipients(errors: dict[str, list[str]], recipients: list[str]) -> list[str]:
    peers = transport.active_peers()
    chosen = list(dict.fromkeys(code.strip().upper() for code in recipients if code.strip()))
    if not peers:
        add_error(errors, "recipients", _("No active peer node is registered on this node."))
    elif not chosen:
        add_error(errors, "recipients", _("Choose at least one peer country."))
    unknown = [code for code in chosen if code not in peers]
    if peers and unknown:
        add_error(
            errors,
            "recipients",
            _("Not an active peer: %(codes)s") % {"codes": ", ".join(unknown)},
        )
    return chosen


def _check_consent(actor: Any, errors: dict[str, list[str]], data: BulletinInput) -> Consent | None:
    """The consent a bulletin rests on: active, covering cross-border sharing, on a visible case."""
    if data.consent_id is None:
        add_error(errors, "consent_id", _("Choose the survivor's consent record."))
        return None
    consent = (
        Consent.objects.filter(pk=data.consent_id, case__in=visible_cases(actor))
        .select_related("case")
        .first()
    )
    if consent is None:
        add_error(errors, "consent_id", _("Unknown consent record."))
        return None
    if not consent.is_active:
        add_error(errors, "consent_id", _("This consent was withdrawn."))
    elif ConsentScope.CROSS_BORDER not in consent.scopes:
        add_error(
            errors,
            "consent_id",
            _("This consent does not cover sharing with another country's authorities."),
        )
    if data.subject_person_id is not None and consent.case.person_id != data.subject_person_id:
        add_error(errors, "consent_id", _("This consent was given by another person."))
    return consent


def clean_bulletin_input(
    actor: Any, data: BulletinInput, *, channel: str = "web"
) -> tuple[list[str], dict[str, Any]]:
    """Validate everything; return the recipients and cleaned details, or raise one error."""
    errors: dict[str, list[str]] = {}
    title = data.title.strip()
    if not title:
        add_error(errors, "title", _("This field is required."))
    elif len(title) > MAX_LINE:
        add_error(errors, "title", _("Too long (%(n)s characters at most).") % {"n": MAX_LINE})
    if len(data.summary) > MAX_TEXT:
        add_error(errors, "summary", _("Too long (%(n)s characters at most).") % {"n": MAX_TEXT})
    if data.urgency not in Urgency.values:
        add_error(errors, "urgency", _("Unknown urgency."))
    _check_expiry(errors, data.expires_at)
    recipients = _check_recipients(errors, data.recipients)
    unknown = [code for code in data.restrictions if code not in HandlingRestriction.values]
    if unknown:
        add_error(
            errors, "restrictions", _("Unknown restriction: %(c)s") % {"c": ", ".join(unknown)}
        )
    details: dict[str, Any] = {}
    try:
        details = clean_details(data.kind, data.details)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            for message in messages:
                add_error(errors, name, message)
    # Every bulletin rests on something recorded: a legal basis with its reference, or consent.
    if data.legal_basis not in LegalBasis.values:
        add_error(errors, "legal_basis", _("Choose the legal basis of this bulletin."))
    elif data.legal_basis == LegalBasis.SURVIVOR_CONSENT:
        _check_consent(actor, errors, data)
    elif not data.legal_reference.strip():
        add_error(errors, "legal_reference", _("Give the reference (article, agreement, order)."))
    if data.subject_person_id is not None and (
        not visible_persons(actor).filter(pk=data.subject_person_id).exists()
    ):
        record_denied(
            actor,
            "person",
            data.subject_person_id,
            person_id=data.subject_person_id,
            channel=channel,
            purpose="bulletin",
        )
        add_error(errors, "subject_person_id", _("Unknown person."))
    if data.includes_identity:
        if data.subject_person_id is None:
            add_error(
                errors, "includes_identity", _("Choose the person whose identity is enclosed.")
            )
        if data.legal_basis not in LegalBasis.values or (
            data.legal_basis != LegalBasis.SURVIVOR_CONSENT and not data.legal_reference.strip()
        ):
            add_error(
                errors,
                "includes_identity",
                _(
                    "Sharing a survivor's identity needs their consent to cross-border sharing "
                    "or a recorded legal basis."
                ),
            )
    raise_if_errors(errors)
    return recipients, details


def _identity_of(person: Person) -> dict[str, Any]:
    """What is disclosed about a person: names and the few facts that tell namesakes apart."""
    return {
        "names": [{"full_name": n.full_name, "script": n.script} for n in person.names.all()],
        "sex": person.sex,
        "birth_year": person.birth_year,
        "nationality": person.nationality,
    }


def bulletin_body(bulletin: Bulletin) -> dict[str, Any]:
    """The "bulletin.new" message: what a peer node receives (never local ids or the consent)."""
    return {
        "uid": str(bulletin.uid),
        "kind": bulletin.kind,
        "urgency": bulletin.urgency,
        "title": bulletin.title,
        "summary": bulletin.summary,
        "details": bulletin.details,
        "restrictions": bulletin.restrictions,
        "legal_basis": bulletin.legal_basis,
        "legal_reference": bulletin.legal_reference,
        "origin_organisation": bulletin.origin_organisation,
        "sent_at": bulletin.sent_at.isoformat(),
        "expires_at": bulletin.expires_at.isoformat(),
        "includes_identity": bulletin.includes_identity,
        "identity": bulletin.identity_data() if bulletin.includes_identity else None,
    }


def send_bulletin(
    actor: Any, data: BulletinInput, *, channel: str = "web"
) -> tuple[Bulletin, bool]:
    """Record an outgoing bulletin and queue it for each chosen peer; idempotent on client_id."""
    if not can_use_bulletins(actor) or actor.organisation_id is None:
        raise ActionForbidden
    if data.kind not in BulletinKind.values:
        raise ValidationError({"kind": [_("Unknown kind of bulletin.")]})
    if not can_send(actor, data.kind):
        raise ActionForbidden
    existing = find_retry(Bulletin, data.client_id, created_by_id=actor.pk)
    if existing is not None:
        return existing, False
    recipients, details = clean_bulletin_input(actor, data, channel=channel)
    assert data.expires_at is not None  # checked by clean_bulletin_input
    restrictions = list(dict.fromkeys(data.restrictions))
    if data.includes_identity and HandlingRestriction.SURVIVOR_IDENTITY not in restrictions:
        restrictions.append(HandlingRestriction.SURVIVOR_IDENTITY)
    with transaction.atomic():
        identity: dict[str, Any] | None = None
        if data.includes_identity and data.subject_person_id is not None:
            person = access_person_by_id(
                actor, data.subject_person_id, purpose="bulletin-disclosure", channel=channel
            )
            identity = _identity_of(person)
        consent_id = data.consent_id if data.legal_basis == LegalBasis.SURVIVOR_CONSENT else None
        bulletin = Bulletin.objects.create(
            client_id=data.client_id,
            direction=Direction.OUTGOING,
            origin_country=transport.own_country(),
            origin_organisation=actor.organisation.name,
            kind=data.kind,
            urgency=data.urgency,
            title=data.title.strip(),
            summary=data.summary.strip(),
            details_json=encode_details(details),
            restrictions=restrictions,
            legal_basis=data.legal_basis,
            legal_reference=data.legal_reference.strip(),
            consent_id=consent_id,
            includes_identity=identity is not None,
            subject_person_id=data.subject_person_id,
            enclosed_identity=json.dumps(identity, ensure_ascii=False) if identity else "",
            created_by=actor,
            sent_at=timezone.now(),
            expires_at=data.expires_at,
        )
        record(
            actor,
            "create",
            "bulletin",
            bulletin.pk,
            person_id=bulletin.subject_person_id,
            channel=channel,
            kind=bulletin.kind,
            recipients=recipients,
            legal_basis=bulletin.legal_basis,
            consent=consent_id,
            includes_identity=bulletin.includes_identity,
        )
        if identity is not None:
            # The disclosure itself: whose identity left the node, to whom, on what basis.
            record(
                actor,
                "export",
                "person",
                bulletin.subject_person_id,
                person_id=bulletin.subject_person_id,
                channel=channel,
                purpose="bulletin",
                bulletin=str(bulletin.uid),
                recipients=recipients,
                legal_basis=bulletin.legal_basis,
                legal_reference=bulletin.legal_reference,
                consent=consent_id,
            )
        body = bulletin_body(bulletin)
        for country in recipients:
            message_id = transport.queue(
                country, transport.NEW, body, expires_at=bulletin.expires_at
            )
            BulletinRecipient.objects.create(
                bulletin=bulletin, country=country, message_id=message_id
            )
    return bulletin, True


def _require_visible(actor: Any, bulletin: Bulletin) -> None:
    if not visible_bulletins(actor).filter(pk=bulletin.pk).exists():
        raise ActionForbidden


def acknowledge(actor: Any, bulletin: Bulletin, *, channel: str = "web") -> Bulletin:
    """Tell the originator we have received and read the bulletin; a second call changes nothing."""
    _require_visible(actor, bulletin)
    if not bulletin.is_incoming:
        raise ValidationError({"bulletin": [_("Only a received bulletin can be acknowledged.")]})
    now = timezone.now()
    with transaction.atomic():
        first = Bulletin.objects.filter(pk=bulletin.pk, acknowledged_at__isnull=True).update(
            acknowledged_at=now, acknowledged_by=actor
        )
        if first:
            record(actor, "update", "bulletin", bulletin.pk, channel=channel, acknowledged=True)
            transport.queue(
                bulletin.origin_country,
                transport.ACK,
                {
                    "uid": str(bulletin.uid),
                    "acknowledged_at": now.isoformat(),
                    "acknowledged_by": _describe(actor),
                },
            )
    bulletin.refresh_from_db()
    return bulletin


def reply(
    actor: Any,
    bulletin: Bulletin,
    text: str,
    *,
    client_id: uuid.UUID | None = None,
    channel: str = "web",
) -> tuple[BulletinReply, bool]:
    """Answer a bulletin: to its originator, or (from the originator) to every recipient."""
    _require_visible(actor, bulletin)
    existing = find_retry(BulletinReply, client_id, author_id=actor.pk, bulletin_id=bulletin.pk)
    if existing is not None:
        return existing, False
    errors: dict[str, list[str]] = {}
    text = text.strip()
    if bulletin.is_expired:
        add_error(errors, "body", _("This bulletin has expired: it can no longer be replied to."))
    if not text:
        add_error(errors, "body", _("This field is required."))
    elif len(text) > MAX_TEXT:
        add_error(errors, "body", _("Too long (%(n)s characters at most).") % {"n": MAX_TEXT})
    raise_if_errors(errors)
    if bulletin.is_incoming:
        countries = [bulletin.origin_country]
    else:
        countries = list(bulletin.recipients.values_list("country", flat=True))
    with transaction.atomic():
        answer = BulletinReply.objects.create(
            client_id=client_id,
            bulletin=bulletin,
            direction=Direction.OUTGOING,
            from_country=transport.own_country(),
            author=actor,
            author_name=_describe(actor),
            body=text,
        )
        record(actor, "update", "bulletin", bulletin.pk, channel=channel, reply=answer.pk)
        body = {
            "bulletin_uid": str(bulletin.uid),
            "bulletin_origin": bulletin.origin_country,
            "reply_uid": str(answer.uid),
            "body": answer.body,
            "author": answer.author_name,
            "created_at": answer.created_at.isoformat(),
        }
        for country in countries:
            transport.queue(country, transport.REPLY, body)
    return answer, True


def _link(
    actor: Any,
    bulletin: Bulletin,
    note: str,
    channel: str,
    *,
    case_id: int | None = None,
    person_id: int | None = None,
    audited_person_id: int | None = None,
) -> BulletinLink:
    note = note.strip()
    if len(note) > 500:
        raise ValidationError({"note": [_("Too long (%(n)s characters at most).") % {"n": 500}]})
    target = {"case_id": case_id} if case_id is not None else {"person_id": person_id}
    if bulletin.links.filter(**target).exists():
        raise ValidationError({"__all__": [_("This bulletin is already linked to it.")]})
    try:
        with transaction.atomic():
            link = BulletinLink.objects.create(
                bulletin=bulletin, linked_by=actor, note=note, **target
            )
            record(
                actor,
                "update",
                "bulletin",
                bulletin.pk,
                person_id=audited_person_id,
                channel=channel,
                linked_case=case_id,
                linked_person=person_id,
            )
    except IntegrityError as exc:  # the same link made at the same moment in another request
        raise ValidationError({"__all__": [_("This bulletin is already linked to it.")]}) from exc
    return link


def link_to_case(
    actor: Any, bulletin: Bulletin, case_id: int, *, note: str = "", channel: str = "web"
) -> BulletinLink:
    """Record that a bulletin concerns one of our cases (the case must be visible to `actor`)."""
    _require_visible(actor, bulletin)
    case = access_case_by_id(actor, case_id, channel=channel)
    return _link(actor, bulletin, note, channel, case_id=case.pk, audited_person_id=case.person_id)


def link_to_person(
    actor: Any, bulletin: Bulletin, person_id: int, *, note: str = "", channel: str = "web"
) -> BulletinLink:
    """Record that a bulletin concerns one of our persons (the person must be visible)."""
    _require_visible(actor, bulletin)
    person = access_person_by_id(actor, person_id, purpose="bulletin-link", channel=channel)
    return _link(actor, bulletin, note, channel, person_id=person.pk, audited_person_id=person.pk)
