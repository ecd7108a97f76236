"""Writes of the federation app: registering peers and pinging them, each audited."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from jokko.audit import actions as audit
from jokko.audit.models import AuditAction
from jokko.federation import conf, envelope, messaging
from jokko.federation.handlers import FederationKind
from jokko.federation.models import OutboxMessage, Peer


@dataclass(frozen=True)
class PeerInput:
    country: str
    name: str
    url: str
    public_key: str
    active: bool = True


def validate_peer(data: PeerInput) -> dict[str, str]:
    """Every problem with a peer registration, by field; empty when it can be saved."""
    errors: dict[str, str] = {}
    country = data.country.strip().upper()
    if len(country) != 2 or not country.isalpha():
        errors["country"] = _("Give the ISO 3166-1 alpha-2 code of the peer's country.")
    elif country == conf.node_country():
        errors["country"] = _("This node's own country cannot be its peer.")
    if not data.name.strip():
        errors["name"] = _("Give the peer a name.")
    try:
        URLValidator(schemes=["http", "https"])(data.url.strip())
    except ValidationError:
        errors["url"] = _("Give the peer's address, e.g. https://jokko.example.org")
    else:
        if not conf.plain_http_allowed(data.url.strip()):
            errors["url"] = _(
                "A peer outside this machine must be reached over https:// (messages are "
                "signed, not encrypted, by the federation layer)."
            )
    try:
        envelope.parse_public_key(data.public_key)
    except envelope.KeyFormatError:
        errors["public_key"] = _(
            "Paste the public key exactly as `jokko node_info` prints it on that node."
        )
    return errors


def register_peer(actor: Any, data: PeerInput, *, channel: str = "web") -> Peer:
    """Add a peer, or update the one registered for that country (new key, new address)."""
    errors = validate_peer(data)
    if errors:
        raise ValidationError(errors)
    country = data.country.strip().upper()
    wanted = {
        "name": data.name.strip(),
        "url": data.url.strip().rstrip("/"),
        "public_key": data.public_key.strip(),
        "active": data.active,
    }
    with transaction.atomic():
        existing = Peer.objects.select_for_update().filter(country=country).first()
        if existing is not None and all(
            getattr(existing, name) == value for name, value in wanted.items()
        ):
            return existing  # registering the same peer again changes nothing: no audit entry
        peer, created = Peer.objects.update_or_create(country=country, defaults=wanted)
        audit.record(
            actor,
            AuditAction.CREATE if created else AuditAction.UPDATE,
            "peer",
            country,
            channel=channel,
            url=peer.url,
            public_key=peer.public_key,
            active=peer.active,
        )
    return peer


def ping_peer(actor: Any, peer: Peer, *, note: str = "", channel: str = "web") -> OutboxMessage:
    """Queue a ping; the peer's pong shows the link works in both directions."""
    with transaction.atomic():
        message = messaging.send(peer.country, FederationKind.PING, {"note": note[:200]})
        audit.record(
            actor,
            AuditAction.CREATE,
            "federation_ping",
            message.message_id,
            channel=channel,
            peer=peer.country,
        )
    return message
