"""Who may see which indicators, and whether what they see is suppressed.

Analysts and coordinators see every indicator (aggregates only: the store holds no identity).
Programme officers see the training indicators only. Everyone else is refused. Inside the node,
coordinators see exact figures on pages; analysts always get suppressed figures, and anything
that leaves the node (API, exports) is suppressed whoever asks.
"""

from __future__ import annotations

from typing import Any

from jokko.accounts.access import has_role
from jokko.accounts.models import Role
from jokko.analytics.catalogue import INDICATOR_LIST, Indicator

ALL_INDICATOR_ROLES = frozenset({Role.COORDINATOR, Role.ANALYST})
TRAINING_ROLES = frozenset({Role.PROGRAMME_OFFICER})
REFRESH_ROLES = frozenset({Role.COORDINATOR})


def can_see_indicator(user: Any, indicator: Indicator) -> bool:
    if has_role(user, ALL_INDICATOR_ROLES):
        return True
    return indicator.topic == "trainings" and has_role(user, TRAINING_ROLES)


def visible_indicators(user: Any) -> list[Indicator]:
    return [indicator for indicator in INDICATOR_LIST if can_see_indicator(user, indicator)]


def can_see_catalogue(user: Any) -> bool:
    return bool(visible_indicators(user))


def can_refresh(user: Any) -> bool:
    return has_role(user, REFRESH_ROLES)


def sees_exact_figures(user: Any) -> bool:
    """Unsuppressed figures, on pages inside the node only (never through the API)."""
    return has_role(user, frozenset({Role.COORDINATOR}))
