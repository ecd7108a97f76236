"""Who may open the dashboards, and whether they see exact or suppressed figures.

Coordinators and analysts: every dashboard is about survivors, referrals, returns, justice or
overdue work, which the catalogue shows to those two roles only. Programme officers see the
training indicators of the catalogue and nothing here (their figures are on the programme
indicators page). Inside the node a coordinator sees exact figures; an analyst, the API and
the CSV downloads always get small counts suppressed.
"""

from __future__ import annotations

from typing import Any

from jokko.accounts.access import has_role
from jokko.accounts.models import Role
from jokko.analytics.access import sees_exact_figures

DASHBOARD_ROLES = frozenset({Role.COORDINATOR, Role.ANALYST})


def can_see_dashboards(user: Any) -> bool:
    return has_role(user, DASHBOARD_ROLES)


def exact_on_pages(user: Any) -> bool:
    """Unsuppressed figures on the pages of this node (never in the API or a download)."""
    return sees_exact_figures(user)
