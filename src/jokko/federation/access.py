"""Who may see and operate the federation link of this node."""

from __future__ import annotations

from typing import Any

from jokko.accounts.access import has_role
from jokko.accounts.models import Role

# The node administrator runs the link (keys, peers); the national coordinator answers for the
# node's cross-border work and must see when a peer stopped acknowledging. Neither view shows
# message bodies, which may carry case details.
FEDERATION_ROLES = frozenset({Role.NODE_ADMIN, Role.COORDINATOR})


def can_see_federation(user: Any) -> bool:
    return has_role(user, FEDERATION_ROLES)


def can_ping_peers(user: Any) -> bool:
    return has_role(user, FEDERATION_ROLES)
