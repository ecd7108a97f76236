"""Who may see the maps, and whether what they see is suppressed.

Maps show where survivors were identified and where operations took place: aggregates only
(the store holds no identity), but a small count at a village can point at a person. So the
same rule as the indicators: coordinators see exact figures on the pages, analysts suppressed
ones, everything through the API is suppressed, and every other role is refused.
"""

from __future__ import annotations

from typing import Any

from jokko.accounts.access import has_role
from jokko.accounts.models import Role
from jokko.analytics.access import sees_exact_figures

MAP_ROLES = frozenset({Role.COORDINATOR, Role.ANALYST})


def can_see_maps(user: Any) -> bool:
    return has_role(user, MAP_ROLES)


def sees_exact_maps(user: Any) -> bool:
    """Unsuppressed figures, on pages inside the node only (never through the API)."""
    return can_see_maps(user) and sees_exact_figures(user)
