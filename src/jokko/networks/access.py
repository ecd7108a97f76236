"""Who may use link analysis. Pages and the API both go through these functions.

Investigators only, as the issue says: the network view joins suspects, phones, vehicles and
survivors' cases across every incident of the node, which is investigative work. Coordinators
oversee investigations on their own pages; prosecutors and magistrates judge the evidence the
investigators file, not the intelligence picture; every other role never sees suspects. They all
get the same 403 as other refused pages (audited by `jokko.web.responses.forbidden`).
"""

from __future__ import annotations

from typing import Any

from jokko.accounts.access import has_role
from jokko.accounts.models import Role

NETWORK_ROLES = frozenset({Role.INVESTIGATOR})


def can_use_networks(user: Any) -> bool:
    return has_role(user, NETWORK_ROLES)
