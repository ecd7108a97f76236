"""What other apps use to talk to peer nodes: `send` a message, and `handles` a kind.

Sending writes an outbox row and nothing else, so call `send` INSIDE your action's transaction:
the message then exists if and only if your business change committed. The delivery worker
(`jokko federation_worker`) posts it, retries with back-off until the peer acknowledges it, and
re-signs every attempt with a fresh `sent_at` (the original `created_at` travels unchanged).

    @transaction.atomic
    def issue_bulletin(user, bulletin_input):
        bulletin = Bulletin.objects.create(...)
        for country in bulletin_input.recipients:
            messaging.send(country, "bulletin.issued", {"id": str(bulletin.uid), ...})

Receiving: register one handler per kind, imported from your app's `AppConfig.ready()`:

    @messaging.handles("bulletin.issued")
    def receive_bulletin(message: InboxMessage) -> None:
        ...  # runs exactly once, inside the transaction that stores `message`

A handler that raises rolls the whole message back and the sender retries it later (raise
`RetryLater` when the message depends on one that has not arrived yet: messages to a peer are
posted oldest first, and a backlog after an outage leaves in queue order, but a message whose
own attempt failed can still be overtaken); a kind no handler knows is refused (not
acknowledged), so it waits in the sender's outbox until this node is upgraded to understand it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jokko.federation import conf, envelope
from jokko.federation.models import InboxMessage, OutboxMessage, Peer

Handler = Callable[[InboxMessage], None]

# "app.event": lower-case words separated by dots, at least one dot ("bulletin.issued").
KIND_PATTERN = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")
KIND_MAX_LENGTH = 64

# Room left in the peer's size bound for the envelope fields and the signature around a body.
ENVELOPE_OVERHEAD_BYTES = 4096

_handlers: dict[str, Handler] = {}


class FederationError(ValueError):
    """A message that cannot be sent as asked; the text says why, for the user."""


class RetryLater(Exception):
    """Raised by a handler for a message that cannot be applied yet, typically because it
    refers to an earlier message still on its way (a reply overtaking its bulletin). Nothing is
    stored, the sender is told "deferred" and posts it again after its back-off delay."""


def handles(kind: str) -> Callable[[Handler], Handler]:
    """Register `handler(message)` for incoming messages of `kind` (one handler per kind)."""
    _check_kind(kind)

    def register(handler: Handler) -> Handler:
        existing = _handlers.get(kind)
        if existing is not None and _qualified(existing) != _qualified(handler):
            raise RuntimeError(f"two handlers for {kind!r}: {_qualified(existing)}, ...")
        _handlers[kind] = handler
        return handler

    return register


def handler_for(kind: str) -> Handler | None:
    return _handlers.get(kind)


def handled_kinds() -> list[str]:
    return sorted(_handlers)


def active_peers() -> list[Peer]:
    """The peers a user may address now (for recipient choices in forms)."""
    return list(Peer.objects.filter(active=True).order_by("country"))


def send(
    recipient_country: str,
    kind: str,
    body: dict[str, Any],
    *,
    expires_at: datetime | None = None,
) -> OutboxMessage:
    """Queue one signed message for an active peer; returns the (uncommitted) outbox row.

    `body` must be a JSON object (plain dicts, lists, strings, numbers, booleans, None) small
    enough for the peer's inbox. `expires_at` (aware) ends the retries: an undelivered message
    is then marked expired, never silently dropped. Raises `FederationError` otherwise.
    """
    recipient = recipient_country.strip().upper()
    if recipient == conf.node_country():
        raise FederationError(_("A node does not send messages to itself."))
    if not Peer.objects.filter(country=recipient, active=True).exists():
        raise FederationError(
            _("%(country)s is not an active peer of this node.") % {"country": recipient}
        )
    _check_kind(kind)
    if not isinstance(body, dict):
        raise FederationError(_("A message body must be a JSON object."))
    try:
        size = len(envelope.canonical_json(body))
    except (TypeError, ValueError) as exc:
        raise FederationError(_("A message body must contain JSON values only.")) from exc
    if size > conf.max_message_bytes() - ENVELOPE_OVERHEAD_BYTES:
        raise FederationError(_("The message is too large to send; split it."))
    now = timezone.now()
    if expires_at is not None:
        if timezone.is_naive(expires_at):
            raise FederationError(_("The expiry must carry a time zone."))
        if expires_at <= now:
            raise FederationError(_("The expiry is already past."))
    return OutboxMessage.objects.create(
        recipient_country=recipient,
        kind=kind,
        body=body,
        created_at=now,
        expires_at=expires_at,
        next_attempt_at=now,
    )


def _check_kind(kind: str) -> None:
    if len(kind) > KIND_MAX_LENGTH or not KIND_PATTERN.match(kind):
        raise FederationError(
            _("Message kinds look like 'app.event' (lower case, dotted): %(kind)r") % {"kind": kind}
        )


def _qualified(handler: Handler) -> str:
    return f"{handler.__module__}.{handler.__qualname__}"
