"""Who may see and manage prosecutions, the statute catalogue and the legal-aid file.

Rules (one condition per line, so coverage shows each):

* coordinator: every prosecution of the node; manages them all;
* prosecutor: the prosecutions of their own court; manages them; opens new ones for that court;
* investigator: reads (never changes) the prosecutions that stem from an investigation they are
  assigned to or that their unit opened;
* case worker: no prosecution page. They see the legal-aid file of the cases they may edit
  (it lives with the case) and, through it, only the linked prosecution's reference and status;
* analyst, community reporter, node administrator: nothing (analysts get indicators elsewhere).

The statute catalogue is public law: every justice role and the coordinator read it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from jokko.accounts.access import NotFoundOrForbidden, has_role, is_active_user
from jokko.accounts.models import Role
from jokko.audit.actions import record_denied
from jokko.prosecutions.models import Prosecution

MANAGING_ROLES = frozenset({Role.COORDINATOR, Role.PROSECUTOR})
READING_ROLES = MANAGING_ROLES | {Role.INVESTIGATOR}
CATALOGUE_ROLES = READING_ROLES


def can_use_prosecutions(user: Any) -> bool:
    """Whether the prosecution list is open to the user at all."""
    return has_role(user, READING_ROLES)


def can_open_prosecution(user: Any) -> bool:
    if has_role(user, {Role.COORDINATOR}):
        return True
    return has_role(user, {Role.PROSECUTOR}) and user.organisation_id is not None


def can_read_catalogue(user: Any) -> bool:
    return has_role(user, CATALOGUE_ROLES)


def visible_prosecutions(user: Any) -> QuerySet[Prosecution]:
    prosecutions = Prosecution.objects.all()
    if not is_active_user(user):
        return prosecutions.none()
    if user.role == Role.COORDINATOR:
        return prosecutions
    if user.role == Role.PROSECUTOR:
        return prosecutions.filter(court_id=user.organisation_id)
    if user.role == Role.INVESTIGATOR:
        return prosecutions.filter(
            Q(investigation__investigators=user) | Q(investigation__unit_id=user.organisation_id)
        ).distinct()
    return prosecutions.none()


def can_manage(user: Any, prosecution: Prosecution) -> bool:
    if has_role(user, {Role.COORDINATOR}):
        return True
    return has_role(user, {Role.PROSECUTOR}) and prosecution.court_id == user.organisation_id


def access_prosecution_by_id(
    user: Any, prosecution_id: int, *, channel: str = "web"
) -> Prosecution:
    """The prosecution, if `user` may see it; otherwise `NotFoundOrForbidden` and an audit entry."""
    prosecution = (
        visible_prosecutions(user)
        .select_related("court", "prosecutor")
        .filter(pk=prosecution_id)
        .first()
    )
    if prosecution is None:
        record_denied(user, "prosecution", prosecution_id, channel=channel)
        raise NotFoundOrForbidden
    return prosecution
