"""Who may export the quarterly report, and which sections they get.

Coordinators and analysts: the whole report (it is always suppressed, so the analyst's rule
"aggregates with small counts hidden" holds). Programme officers follow the indicator
catalogue's rule (`jokko.analytics.access`: training indicators only), so they get the trainings
section alone: no survivor, justice or community figure. Everyone else is refused.
"""

from __future__ import annotations

from typing import Any

from jokko.accounts.access import has_role
from jokko.accounts.models import Role
from jokko.reports.content import SECTION_KEYS

FULL_REPORT_ROLES = frozenset({Role.COORDINATOR, Role.ANALYST})
TRAININGS_ONLY_ROLES = frozenset({Role.PROGRAMME_OFFICER})


def report_sections(user: Any) -> set[str]:
    """The sections `user` may export (empty: refused)."""
    if has_role(user, FULL_REPORT_ROLES):
        return set(SECTION_KEYS)
    if has_role(user, TRAININGS_ONLY_ROLES):
        return {"trainings"}
    return set()


def can_export_report(user: Any) -> bool:
    return bool(report_sections(user))
