"""Every change to a judicial cooperation request goes through one of these functions.

Each one checks permission (`ActionForbidden`), validates all input (`ValidationError`, one
message per field), then writes in one transaction with an audit entry. Nothing is written
when any check fails.

When the other country is a registered federation peer, sending a request also sends it as a
signed bulletin (kind "mutual legal assistance request") in the same transaction: either the
request is recorded as sent together with its bulletin, or neither is. Extradition requests
travel as the same bulletin kind with `request_type: extradition` in its details: they go
between the same judicial authorities, under the same handling rules, and prosecutors may
already send that kind, so a second kind would only duplicate its permissions.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from jokko.accounts.access import ActionForbidden
from jokko.audit.actions import record
from jokko.bulletins import transport
from jokko.bulletins.models import Bulletin, BulletinKind
from jokko.bulletins.models import LegalBasis as BulletinLegalBasis
from jokko.cooperation.access import can_manage_requests
from jokko.cooperation.models import (
    ALLOWED_TRANSITIONS,
    ANSWERED_STATUSES,
    PENDING_STATUSES,
    JudicialRequest,
    JudicialRequestEvent,
    RequestDirection,
    RequestKind,
    RequestLegalBasis,
    RequestStatus,
)
from jokko.gazetteer import COUNTRIES
from jokko.validation import add_error, raise_if_errors

MAX_LINE = 300
MAX_TEXT = 10000
# How long the bulletin carrying a request stays open for replies on the peer's inbox.
BULLETIN_VALIDITY = datetime.timedelta(days=365)

# Our legal bases as the bulletin vocabulary knows them. Extradition and reciprocity rest on
# the requesting judge's warrant or commission: the full convention name travels in the
# bulletin's legal reference.
BULLETIN_BASIS = {
    RequestLegalBasis.ECOWAS_MLA: BulletinLegalBasis.ECOWAS_MLA_CONVENTION,
    RequestLegalBasis.BILATERAL_AGREEMENT: BulletinLegalBasis.BILATERAL_AGREEMENT,
    RequestLegalBasis.ECOWAS_EXTRADITION: BulletinLegalBasis.COURT_ORDER,
    RequestLegalBasis.RECIPROCITY: BulletinLegalBasis.COURT_ORDER,
}
EXTRADITION_CONVENTION_CODE = "A/P1/8/94"


@dataclass
class RequestInput:
    """What the form or an API call says about a new request."""

    kind: str
    direction: str
    other_country: str
    subject: str
    measures: str
    legal_basis: str
    legal_reference: str = ""
    authority: str = ""
    sent_on: datetime.date | None = None
    deadline: datetime.date | None = None
    investigation_id: int | None = None
    prosecution_id: int | None = None


def own_country() -> str:
    return str(settings.NODE_COUNTRY)


def _text(errors: dict[str, list[str]], name: str, value: str, limit: int, required: bool) -> str:
    text = value.strip()
    if required and not text:
        add_error(errors, name, _("This field is required."))
    elif len(text) > limit:
        add_error(errors, name, _("Too long (%(n)s characters at most).") % {"n": limit})
    return text


def _check_dates(
    errors: dict[str, list[str]], sent_on: datetime.date | None, deadline: datetime.date | None
) -> None:
    today = timezone.localdate()
    if sent_on is not None and sent_on > today:
        add_error(errors, "sent_on", _("The sending date cannot be in the future."))
    if sent_on is not None and deadline is not None and deadline < sent_on:
        add_error(errors, "deadline", _("The deadline cannot be before the sending date."))


def _linked(
    actor: Any,
    errors: dict[str, list[str]],
    investigation_id: int | None,
    prosecution_id: int | None,
) -> dict[str, Any]:
    """The investigation and prosecution a request serves; both must be visible to the actor.

    An unseen record is "unknown", like everywhere else: the answer never tells it exists.
    """
    from jokko.investigations.access import visible_investigations
    from jokko.prosecutions.access import visible_prosecutions

    links: dict[str, Any] = {}
    if investigation_id is not None:
        links["investigation"] = visible_investigations(actor).filter(pk=investigation_id).first()
        if links["investigation"] is None:
            add_error(errors, "investigation_id", _("Unknown investigation."))
    if prosecution_id is not None:
        links["prosecution"] = visible_prosecutions(actor).filter(pk=prosecution_id).first()
        if links["prosecution"] is None:
            add_error(errors, "prosecution_id", _("Unknown prosecution."))
    return links


def _next_reference(direction: str) -> str:
    """JR-SN-2026-0001 for ours; incoming ones keep the same series with an "IN" mark."""
    year = timezone.localdate().year
    prefix = f"JR-{own_country()}-{year}-" + (
        "IN-" if direction == RequestDirection.INCOMING else ""
    )
    # The highest number of the series, not a count: a deleted request leaves no reusable gap.
    numbers = [
        int(tail)
        for tail in (
            reference.removeprefix(prefix)
            for reference in JudicialRequest.objects.filter(
                reference__startswith=prefix
            ).values_list("reference", flat=True)
        )
        if tail.isdigit()
    ]
    return f"{prefix}{max(numbers, default=0) + 1:04d}"


def _create(actor: Any, data: RequestInput, fields: dict[str, Any], status: str) -> JudicialRequest:
    for _attempt in range(5):
        try:
            with transaction.atomic():
                created = JudicialRequest.objects.create(
                    reference=_next_reference(data.direction),
                    status=status,
                    created_by=actor,
                    **fields,
                )
                JudicialRequestEvent.objects.create(
                    request=created,
                    status=status,
                    happened_on=data.sent_on or timezone.localdate(),
                    recorded_by=actor,
                )
                return created
        except IntegrityError:  # two requests numbered at the same moment: take the next one
            continue
    raise ValidationError({"__all__": [_("Could not number the request; try again.")]})


def create_request(actor: Any, data: RequestInput, *, channel: str = "web") -> JudicialRequest:
    """Record a request: ours as a draft (sent later with `send_request`), or one received."""
    if not can_manage_requests(actor):
        raise ActionForbidden
    errors: dict[str, list[str]] = {}
    if data.kind not in RequestKind.values:
        add_error(errors, "kind", _("Unknown kind of request."))
    if data.direction not in RequestDirection.values:
        add_error(errors, "direction", _("Unknown direction."))
    country = data.other_country.strip().upper()
    if country not in COUNTRIES:
        add_error(errors, "other_country", _("Unknown country: %(code)s") % {"code": country})
    elif country == own_country():
        add_error(errors, "other_country", _("A request goes to or comes from another country."))
    subject = _text(errors, "subject", data.subject, MAX_LINE, True)
    measures = _text(errors, "measures", data.measures, MAX_TEXT, True)
    authority = _text(errors, "authority", data.authority, 200, False)
    reference = _text(errors, "legal_reference", data.legal_reference, MAX_LINE, False)
    if data.legal_basis not in RequestLegalBasis.values:
        add_error(errors, "legal_basis", _("Choose the legal basis of this request."))
    elif data.legal_basis == RequestLegalBasis.BILATERAL_AGREEMENT and not reference:
        add_error(errors, "legal_reference", _("Name the bilateral agreement."))
    _check_dates(errors, data.sent_on, data.deadline)
    if data.direction == RequestDirection.INCOMING and data.sent_on is None:
        add_error(errors, "sent_on", _("Give the date the other country sent this request."))
    links = _linked(actor, errors, data.investigation_id, data.prosecution_id)
    raise_if_errors(errors)
    fields: dict[str, Any] = {
        "kind": data.kind,
        "direction": data.direction,
        "other_country": country,
        "authority": authority,
        "subject": subject,
        "measures": measures,
        "legal_basis": data.legal_basis,
        "legal_reference": reference,
        "deadline": data.deadline,
    }
    fields.update(links)
    incoming = data.direction == RequestDirection.INCOMING
    if incoming:
        fields["sent_on"] = data.sent_on
    status = RequestStatus.SENT if incoming else RequestStatus.DRAFT
    with transaction.atomic():
        created = _create(actor, data, fields, status)
        record(
            actor,
            "create",
            "judicial_request",
            created.pk,
            channel=channel,
            kind=created.kind,
            direction=created.direction,
            country=created.other_country,
        )
    return created


def _bulletin_for(actor: Any, request: JudicialRequest, channel: str) -> Bulletin:
    from jokko.bulletins.actions import BulletinInput, send_bulletin

    basis_label = RequestLegalBasis(request.legal_basis).label
    legal_reference = f"{basis_label}" + (
        f" — {request.legal_reference}" if request.legal_reference else ""
    )
    details = {
        "requesting_authority": request.authority or actor.organisation.name,
        "measures": request.measures,
        "case_reference": request.reference,
        "request_type": request.kind,
    }
    bulletin, _created = send_bulletin(
        actor,
        BulletinInput(
            kind=BulletinKind.MLA_REQUEST,
            title=request.subject[:200],
            recipients=[request.other_country],
            expires_at=timezone.now() + BULLETIN_VALIDITY,
            details=details,
            legal_basis=BULLETIN_BASIS[RequestLegalBasis(request.legal_basis)],
            legal_reference=legal_reference[:300],
        ),
        channel=channel,
    )
    return bulletin


def send_request(
    actor: Any,
    request: JudicialRequest,
    *,
    sent_on: datetime.date | None = None,
    channel: str = "web",
) -> JudicialRequest:
    """Mark our draft as sent; to a federation peer it leaves as a signed bulletin as well."""
    if not can_manage_requests(actor):
        raise ActionForbidden
    errors: dict[str, list[str]] = {}
    day = sent_on or timezone.localdate()
    if request.direction != RequestDirection.OUTGOING:
        add_error(errors, "status", _("Only a request of ours can be sent."))
    elif request.status != RequestStatus.DRAFT:
        add_error(errors, "status", _("This request was already sent."))
    _check_dates(errors, day, request.deadline)
    raise_if_errors(errors)
    with transaction.atomic():
        locked = JudicialRequest.objects.select_for_update().get(pk=request.pk)
        if locked.status != RequestStatus.DRAFT:
            raise ValidationError({"status": [_("This request was already sent.")]})
        if request.other_country in transport.active_peers():
            locked.bulletin = _bulletin_for(actor, locked, channel)
        locked.status = RequestStatus.SENT
        locked.sent_on = day
        locked.save(update_fields=["status", "sent_on", "bulletin"])
        JudicialRequestEvent.objects.create(
            request=locked, status=RequestStatus.SENT, happened_on=day, recorded_by=actor
        )
        record(
            actor,
            "update",
            "judicial_request",
            locked.pk,
            channel=channel,
            status=RequestStatus.SENT,
            bulletin=str(locked.bulletin.uid) if locked.bulletin else "",
        )
    return locked


def change_status(
    actor: Any,
    request: JudicialRequest,
    status: str,
    *,
    happened_on: datetime.date | None = None,
    note: str = "",
    channel: str = "web",
) -> JudicialRequest:
    """Move a request along (acknowledged, executed, refused...); the history keeps each step."""
    if not can_manage_requests(actor):
        raise ActionForbidden
    if status == RequestStatus.SENT and request.status == RequestStatus.DRAFT:
        return send_request(actor, request, sent_on=happened_on, channel=channel)
    errors: dict[str, list[str]] = {}
    day = happened_on or timezone.localdate()
    note = _text(errors, "note", note, MAX_TEXT, status == RequestStatus.REFUSED)
    if status not in RequestStatus.values:
        add_error(errors, "status", _("Unknown status."))
    elif status not in ALLOWED_TRANSITIONS[request.status]:
        add_error(
            errors,
            "status",
            _("A request that is “%(current)s” cannot become “%(next)s”.")
            % {
                "current": RequestStatus(request.status).label,
                "next": RequestStatus(status).label,
            },
        )
    if day > timezone.localdate():
        add_error(errors, "happened_on", _("This date is in the future."))
    if request.sent_on is not None and day < request.sent_on:
        add_error(errors, "happened_on", _("This date is before the request was sent."))
    raise_if_errors(errors)
    with transaction.atomic():
        locked = JudicialRequest.objects.select_for_update().get(pk=request.pk)
        if locked.status != request.status:
            raise ValidationError({"status": [_("The request changed meanwhile; reload it.")]})
        locked.status = status
        if status in ANSWERED_STATUSES:
            locked.answered_on = day
        locked.save(update_fields=["status", "answered_on"])
        JudicialRequestEvent.objects.create(
            request=locked, status=status, happened_on=day, note=note, recorded_by=actor
        )
        record(actor, "update", "judicial_request", locked.pk, channel=channel, status=status)
    return locked


def overdue_requests(requests: QuerySet[JudicialRequest]) -> QuerySet[JudicialRequest]:
    """Requests still awaiting an answer whose deadline has passed, oldest deadline first."""
    return requests.filter(status__in=PENDING_STATUSES, deadline__lt=timezone.localdate()).order_by(
        "deadline", "id"
    )


def _legal_basis_of(bulletin: Bulletin, kind: str) -> str:
    if bulletin.legal_basis == BulletinLegalBasis.ECOWAS_MLA_CONVENTION:
        return RequestLegalBasis.ECOWAS_MLA
    if bulletin.legal_basis == BulletinLegalBasis.BILATERAL_AGREEMENT:
        return RequestLegalBasis.BILATERAL_AGREEMENT
    if kind == RequestKind.EXTRADITION and EXTRADITION_CONVENTION_CODE in bulletin.legal_reference:
        return RequestLegalBasis.ECOWAS_EXTRADITION
    return RequestLegalBasis.RECIPROCITY


def receive_from_bulletin(bulletin: Bulletin) -> JudicialRequest | None:
    """The incoming request a peer's MLA bulletin carries (once per bulletin).

    Called inside the inbox transaction by the `post_save` listener of this app, so the
    request and the bulletin are recorded together.
    """
    if bulletin.kind != BulletinKind.MLA_REQUEST or bulletin.is_incoming is False:
        return None
    existing = JudicialRequest.objects.filter(bulletin=bulletin).first()
    if existing is not None:
        return existing
    details = bulletin.details
    kind = (
        RequestKind.EXTRADITION
        if details.get("request_type") == RequestKind.EXTRADITION
        else RequestKind.MUTUAL_LEGAL_ASSISTANCE
    )
    sent_on = timezone.localdate(bulletin.sent_at)
    data = RequestInput(
        kind=kind,
        direction=RequestDirection.INCOMING,
        other_country=bulletin.origin_country,
        subject=bulletin.title,
        measures=str(details.get("measures", "")),
        legal_basis=_legal_basis_of(bulletin, kind),
        sent_on=sent_on,
    )
    fields: dict[str, Any] = {
        "kind": kind,
        "direction": RequestDirection.INCOMING,
        "other_country": bulletin.origin_country,
        "authority": str(details.get("requesting_authority", ""))[:200],
        "subject": bulletin.title[:MAX_LINE],
        "measures": data.measures,
        "legal_basis": data.legal_basis,
        "legal_reference": bulletin.legal_reference[:MAX_LINE],
        "sent_on": sent_on,
        "bulletin": bulletin,
    }
    created = _create(None, data, fields, RequestStatus.SENT)
    record(
        None,
        "create",
        "judicial_request",
        created.pk,
        channel="federation",
        kind=kind,
        direction=RequestDirection.INCOMING,
        country=bulletin.origin_country,
    )
    return created
