"""Who may see incidents and suspects. Pages and the API both go through these functions.

Rules (one condition per line, so coverage shows each):

* coordinator, investigator: every incident and suspect of the node (they run operations);
* prosecutor / magistrate: reads incidents and suspects (they charge them), records nothing;
* case worker, analyst, community reporter, node administrator: nothing. Case workers reach the
  facts through their survivors' cases; analysts through `incidents.indicators` aggregates.

A suspect's record shows identifying data, so every read of it is audited like a person read.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from jokko.accounts.access import NotFoundOrForbidden, has_role, is_active_user
from jokko.accounts.models import Role
from jokko.audit.actions import record, record_denied
from jokko.incidents.models import Incident, Suspect

INCIDENT_ROLES = frozenset({Role.COORDINATOR, Role.INVESTIGATOR, Role.PROSECUTOR})


def can_use_incidents(user: Any) -> bool:
    """Whether the incident and suspect pages are open to the user at all."""
    return has_role(user, INCIDENT_ROLES)


def visible_incidents(user: Any) -> QuerySet[Incident]:
    incidents = Incident.objects.all()
    if not is_active_user(user) or user.role not in INCIDENT_ROLES:
        return incidents.none()
    return incidents


def visible_suspects(user: Any) -> QuerySet[Suspect]:
    suspects = Suspect.objects.filter(person__merged_into__isnull=True)
    if not is_active_user(user) or user.role not in INCIDENT_ROLES:
        return suspects.none()
    return suspects


def access_incident(user: Any, incident_id: int) -> Incident:
    incident = visible_incidents(user).select_related("unit").filter(pk=incident_id).first()
    if incident is None:
        raise NotFoundOrForbidden
    return incident


def access_suspect(user: Any, suspect_id: int, *, channel: str = "web") -> Suspect:
    """The suspect with their identity; every read and refusal is audited."""
    suspect = visible_suspects(user).select_related("person").filter(pk=suspect_id).first()
    if suspect is None:
        record_denied(user, "suspect", suspect_id, channel=channel)
        raise NotFoundOrForbidden
    record(user, "read", "suspect", suspect.pk, person_id=suspect.person_id, channel=channel)
    return suspect
