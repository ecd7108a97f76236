"""Who may read the justice chain indicators.

Coordinators and analysts follow the national response; prosecutors follow the courts' share
of it. The figures are aggregates only, but they describe police and court work in progress
(how many investigations, where), so the other roles do not see them.
"""

from __future__ import annotations

from typing import Any

from jokko.accounts.access import has_role
from jokko.accounts.models import Role

INDICATOR_ROLES = frozenset({Role.COORDINATOR, Role.ANALYST, Role.PROSECUTOR})


def can_read_indicators(user: Any) -> bool:
    return has_role(user, INDICATOR_ROLES)
