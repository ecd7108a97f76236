"""Who may see and manage trainings. Pages and the API both go through these functions.

* programme officer, coordinator: every training and participant of the node (they run the
  programme and print certificates);
* analyst: only the aggregate `training_indicators` (through the programmes page), never a
  participant's name;
* everyone else: nothing. The public certificate verification page answers one certificate
  number at a time and shows only what is printed on that certificate.

A participant's record holds a name and contacts, so every read of it is audited.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from jokko.accounts.access import NotFoundOrForbidden, has_role, is_active_user
from jokko.accounts.models import Role
from jokko.audit.actions import record, record_denied
from jokko.trainings.models import Participant, TrainingEvent

MANAGE_ROLES = frozenset({Role.PROGRAMME_OFFICER, Role.COORDINATOR})
INDICATOR_ROLES = MANAGE_ROLES | {Role.ANALYST}


def can_manage_trainings(user: Any) -> bool:
    return has_role(user, MANAGE_ROLES)


def can_see_training_indicators(user: Any) -> bool:
    return has_role(user, INDICATOR_ROLES)


def visible_events(user: Any) -> QuerySet[TrainingEvent]:
    events = TrainingEvent.objects.all()
    if not is_active_user(user) or user.role not in MANAGE_ROLES:
        return events.none()
    return events


def visible_participants(user: Any) -> QuerySet[Participant]:
    participants = Participant.objects.all()
    if not is_active_user(user) or user.role not in MANAGE_ROLES:
        return participants.none()
    return participants


def access_event(user: Any, event_id: int) -> TrainingEvent:
    event = visible_events(user).select_related("topic", "organiser").filter(pk=event_id).first()
    if event is None:
        raise NotFoundOrForbidden
    return event


def access_participant(user: Any, participant_id: int, *, channel: str = "web") -> Participant:
    """The participant with their contacts; every read and refusal is audited."""
    participant = visible_participants(user).filter(pk=participant_id).first()
    if participant is None:
        record_denied(user, "participant", participant_id, channel=channel)
        raise NotFoundOrForbidden
    record(user, "read", "participant", participant.pk, channel=channel)
    return participant
