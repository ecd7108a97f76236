"""Who may see and manage judicial cooperation requests. Pages and the API go through here.

* prosecutor, coordinator: every request of the node; they create and move requests along
  (requests are the magistrates' business; the coordinator follows them for the country);
* investigator: reads the requests tied to an investigation they are assigned to (they
  gathered the facts the request asks another country to complete);
* everybody else: nothing (requests name suspects and the measures taken against them).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from jokko.accounts.access import NotFoundOrForbidden, has_role, is_active_user
from jokko.accounts.models import Role
from jokko.audit.actions import record_denied
from jokko.cooperation.models import JudicialRequest

MANAGER_ROLES = frozenset({Role.PROSECUTOR, Role.COORDINATOR})
READER_ROLES = MANAGER_ROLES | {Role.INVESTIGATOR}


def can_manage_requests(user: Any) -> bool:
    return has_role(user, MANAGER_ROLES)


def can_use_cooperation(user: Any) -> bool:
    return has_role(user, READER_ROLES)


def visible_requests(user: Any) -> QuerySet[JudicialRequest]:
    requests = JudicialRequest.objects.all()
    if not is_active_user(user):
        return requests.none()
    if user.role in MANAGER_ROLES:
        return requests
    if user.role == Role.INVESTIGATOR:
        return requests.filter(investigation__investigators=user).distinct()
    return requests.none()


def access_request_by_id(user: Any, request_id: int, *, channel: str = "web") -> JudicialRequest:
    """The request if `user` may see it; otherwise `NotFoundOrForbidden` and an audit entry."""
    found = visible_requests(user).filter(pk=request_id).first()
    if found is None:
        record_denied(user, "judicial_request", request_id, channel=channel)
        raise NotFoundOrForbidden
    return found
