"""Who may see a person's record (names, documents, phones, photo).

* coordinator: every person of the node;
* case worker: persons of the cases they may see, and persons their organisation registered;
* investigator, prosecutor: suspects and recruiters, persons their organisation registered, and
  survivors of cases shared with their organisation *with identity*;
* analyst, community reporter, node administrator: nobody (pseudonymised aggregates only).

Every successful read and every refusal is written to the audit log.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from jokko.accounts.access import NotFoundOrForbidden, is_active_user
from jokko.accounts.models import Role
from jokko.audit.actions import record, record_denied
from jokko.cases.access import can_edit_case, visible_cases
from jokko.people.models import Person, PersonRole


def sees_every_person(user: Any) -> bool:
    """True for roles whose `visible_persons` is the whole table (lets search skip a join)."""
    return is_active_user(user) and user.role == Role.COORDINATOR


def visible_persons(user: Any) -> QuerySet[Person]:
    persons = Person.objects.all()
    if not is_active_user(user):
        return persons.none()
    if user.role == Role.COORDINATOR:
        return persons
    if user.role == Role.CASE_WORKER:
        case_person_ids = visible_cases(user).values("person_id")
        return persons.filter(
            Q(owner_organisation_id=user.organisation_id) | Q(pk__in=case_person_ids)
        )
    if user.role in (Role.INVESTIGATOR, Role.PROSECUTOR):
        shared_person_ids = (
            visible_cases(user)
            .filter(
                shares__organisation_id=user.organisation_id,
                shares__include_identity=True,
                shares__revoked_at__isnull=True,
            )
            .values("person_id")
        )
        return persons.filter(
            Q(owner_organisation_id=user.organisation_id)
            | Q(roles__contains=f",{PersonRole.SUSPECT},")
            | Q(roles__contains=f",{PersonRole.RECRUITER},")
            | Q(pk__in=shared_person_ids)
        )
    return persons.none()


def access_person_by_id(user: Any, person_id: int, *, purpose: str, channel: str = "web") -> Person:
    """The person, if `user` may see their identity; every call is audited."""
    person = visible_persons(user).filter(pk=person_id).first()
    if person is None:
        record_denied(
            user, "person", person_id, person_id=person_id, purpose=purpose, channel=channel
        )
        raise NotFoundOrForbidden
    record(user, "read", "person", person.pk, person_id=person.pk, purpose=purpose, channel=channel)
    return person


def can_edit_person(user: Any, person: Person) -> bool:
    """Coordinators, the registering organisation, and whoever may edit one of their cases."""
    if not is_active_user(user):
        return False
    if user.role == Role.COORDINATOR:
        return True
    if user.role not in (Role.CASE_WORKER, Role.INVESTIGATOR, Role.PROSECUTOR):
        return False
    if person.owner_organisation_id == user.organisation_id:
        return True
    return any(can_edit_case(user, case) for case in person.cases.all())
