"""Who may send, see and act on bulletins. Pages and the API both go through these functions.

Rules (one condition per line, so coverage shows each):

* coordinator, investigator: every bulletin of the node, of every kind; they send any kind;
* prosecutor / magistrate: mutual legal assistance requests only (sent and received);
* case worker, analyst, community reporter, node administrator: no bulletin at all. Bulletins
  are police and justice traffic between states; case workers reach the facts through cases.

An enclosed survivor identity is read only through `read_enclosed_identity`, which audits each
read; under the "law enforcement only" restriction only investigators and prosecutors read it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from jokko.accounts.access import NotFoundOrForbidden, has_role, is_active_user
from jokko.accounts.models import Role
from jokko.audit.actions import record, record_denied
from jokko.bulletins.models import (
    PRESSING_URGENCIES,
    Bulletin,
    BulletinKind,
    Direction,
    HandlingRestriction,
)

BULLETIN_ROLES = frozenset({Role.COORDINATOR, Role.INVESTIGATOR, Role.PROSECUTOR})
# Roles that see and send every kind; prosecutors are limited to `PROSECUTOR_KINDS`.
ALL_KINDS_ROLES = frozenset({Role.COORDINATOR, Role.INVESTIGATOR})
PROSECUTOR_KINDS = frozenset({BulletinKind.MLA_REQUEST})
LAW_ENFORCEMENT_ROLES = frozenset({Role.INVESTIGATOR, Role.PROSECUTOR})


def can_use_bulletins(user: Any) -> bool:
    """Whether the bulletin pages (inbox, outbox, compose) are open to the user at all."""
    return has_role(user, BULLETIN_ROLES)


def sendable_kinds(user: Any) -> list[str]:
    if has_role(user, ALL_KINDS_ROLES):
        return list(BulletinKind.values)
    if has_role(user, {Role.PROSECUTOR}):
        return [kind for kind in BulletinKind.values if kind in PROSECUTOR_KINDS]
    return []


def can_send(user: Any, kind: str) -> bool:
    return kind in sendable_kinds(user) and user.organisation_id is not None


def visible_bulletins(user: Any) -> QuerySet[Bulletin]:
    bulletins = Bulletin.objects.all()
    if not is_active_user(user):
        return bulletins.none()
    if user.role in ALL_KINDS_ROLES:
        return bulletins
    if user.role == Role.PROSECUTOR:
        return bulletins.filter(kind__in=PROSECUTOR_KINDS)
    return bulletins.none()


def filter_bulletins(
    bulletins: QuerySet[Bulletin], *, box: str, urgent: bool, active: bool, kind: str
) -> QuerySet[Bulletin]:
    """The inbox/outbox filters, shared with the API."""
    if box in Direction.values:
        bulletins = bulletins.filter(direction=box)
    if urgent:
        bulletins = bulletins.filter(urgency__in=PRESSING_URGENCIES)
    if active:
        bulletins = bulletins.filter(expires_at__gt=timezone.now())
    if kind in BulletinKind.values:
        bulletins = bulletins.filter(kind=kind)
    return bulletins


def access_bulletin_by_id(user: Any, bulletin_id: int, *, channel: str = "web") -> Bulletin:
    """The bulletin, if `user` may see it; otherwise `NotFoundOrForbidden` and an audit entry."""
    bulletin = visible_bulletins(user).filter(pk=bulletin_id).first()
    if bulletin is None:
        record_denied(user, "bulletin", bulletin_id, channel=channel)
        raise NotFoundOrForbidden
    return bulletin


def can_read_enclosed_identity(user: Any, bulletin: Bulletin) -> bool:
    if not bulletin.includes_identity:
        return False
    if not visible_bulletins(user).filter(pk=bulletin.pk).exists():
        return False
    if HandlingRestriction.LAW_ENFORCEMENT_ONLY in bulletin.restrictions:
        return has_role(user, LAW_ENFORCEMENT_ROLES)
    return has_role(user, BULLETIN_ROLES)


def read_enclosed_identity(
    user: Any, bulletin: Bulletin, *, channel: str = "web"
) -> dict[str, Any]:
    """The enclosed identity, decrypted; every read and every refusal is audited."""
    if not can_read_enclosed_identity(user, bulletin):
        record_denied(user, "bulletin", bulletin.pk, channel=channel, purpose="enclosed-identity")
        raise NotFoundOrForbidden
    record(
        user,
        "read",
        "bulletin",
        bulletin.pk,
        person_id=bulletin.subject_person_id,
        channel=channel,
        purpose="enclosed-identity",
        origin_country=bulletin.origin_country,
    )
    return bulletin.identity_data()
