"""Who may review duplicate candidates and merge persons: national coordinators only.

Why not case workers, even for pairs where both persons belong to their organisation:

* candidate generation reads every identity of the node, and the queue is node-wide; filtering
  it per organisation would still tell a worker that one of "their" persons resembles someone
  (the pair's existence is itself information about a person they may not see);
* a merge moves cases, names, documents and phones that other organisations work with (cases
  referred to a health centre, shares with the police), so its consequences reach beyond the
  worker's organisation;
* the coordinator already sees every person of the node, so the side-by-side page discloses
  nothing new to them.

A case worker who spots a duplicate tells the coordinator; the coordinator reviews and merges.
"""

from __future__ import annotations

from typing import Any

from jokko.accounts.access import NotFoundOrForbidden, has_role
from jokko.accounts.models import Role
from jokko.audit.actions import record_denied
from jokko.dedup.models import CandidatePair


def can_review_duplicates(user: Any) -> bool:
    return has_role(user, {Role.COORDINATOR})


def access_pair_by_id(user: Any, pair_id: int, *, channel: str = "web") -> CandidatePair:
    """The pair, if `user` may review it; a refusal is audited and looks like "not found"."""
    if not can_review_duplicates(user):
        record_denied(user, "candidate_pair", pair_id, channel=channel)
        raise NotFoundOrForbidden
    pair = (
        CandidatePair.objects.select_related("person_a", "person_b", "reviewed_by")
        .filter(pk=pair_id)
        .first()
    )
    if pair is None:
        record_denied(user, "candidate_pair", pair_id, channel=channel)
        raise NotFoundOrForbidden
    return pair
