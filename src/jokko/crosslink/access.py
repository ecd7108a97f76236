"""Who may link across borders, see candidates, and decide disclosures.

* investigator, coordinator: ask peers whether a person they may see is known there, see the
  candidates of persons they may see, request a disclosure;
* coordinator only: send the node's encodings in batch, and decide the disclosure requests
  that peers send about this node's persons (the owning node's decision);
* everyone else: nothing (a case worker's survivors are linked by the coordinator, with the
  survivor's consent or a legal basis).

Records outside a user's reach answer `NotFoundOrForbidden` (404), audited.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from jokko.accounts.access import NotFoundOrForbidden, has_role
from jokko.accounts.models import Role
from jokko.audit.actions import record_denied
from jokko.cases.access import active_consent_with
from jokko.cases.models import ConsentScope
from jokko.crosslink import transport
from jokko.crosslink.encodings import node_persons
from jokko.crosslink.models import Candidate, Direction, DisclosureRequest, LinkageQuery
from jokko.people.access import visible_persons
from jokko.people.models import Person, PersonRole

LINKING_ROLES = frozenset({Role.INVESTIGATOR, Role.COORDINATOR})


def can_link(user: Any) -> bool:
    return has_role(user, LINKING_ROLES)


def can_share_batch(user: Any) -> bool:
    return has_role(user, {Role.COORDINATOR})


def can_decide_disclosures(user: Any) -> bool:
    return has_role(user, {Role.COORDINATOR})


def is_protected(person: Person) -> bool:
    """Survivors' identities cross a border only with consent or a recorded legal basis."""
    return PersonRole.SURVIVOR in person.role_list


def cross_border_consent(person: Person) -> Any:
    """The survivor's active consent to sharing with another country's authorities, or None."""
    for case in person.cases.all():
        consent = active_consent_with(case, ConsentScope.CROSS_BORDER)
        if consent is not None:
            return consent
    return None


def visible_queries(user: Any) -> QuerySet[LinkageQuery]:
    queries = LinkageQuery.objects.all()
    if not can_link(user):
        return queries.none()
    if user.role == Role.COORDINATOR:
        return queries
    return queries.filter(requested_by=user)


def visible_candidates(user: Any) -> QuerySet[Candidate]:
    """Candidates of this node's persons that the user may see (ours named, theirs a pointer)."""
    if not can_link(user):
        return Candidate.objects.none()
    return Candidate.objects.filter(local_person__in=visible_persons(user)).filter(
        local_person__in=node_persons()
    )


def visible_disclosures(user: Any) -> QuerySet[DisclosureRequest]:
    # A peer is never this node itself.
    requests = DisclosureRequest.objects.exclude(peer_country=transport.node_country())
    if not can_link(user):
        return requests.none()
    if user.role == Role.COORDINATOR:
        return requests
    return requests.filter(direction=Direction.OUTGOING, requested_by=user)


def _found_or_denied(user: Any, found: Any, what: str, object_id: int) -> Any:
    if found is None:
        record_denied(user, what, object_id)
        raise NotFoundOrForbidden
    return found


def access_query_by_id(user: Any, query_id: int) -> LinkageQuery:
    found = visible_queries(user).filter(pk=query_id).select_related("person").first()
    return _found_or_denied(user, found, "crosslink_query", query_id)


def access_candidate_by_id(user: Any, candidate_id: int) -> Candidate:
    found = visible_candidates(user).filter(pk=candidate_id).first()
    return _found_or_denied(user, found, "crosslink_candidate", candidate_id)


def access_disclosure_by_id(user: Any, request_id: int) -> DisclosureRequest:
    found = visible_disclosures(user).filter(pk=request_id).first()
    return _found_or_denied(user, found, "crosslink_disclosure", request_id)
