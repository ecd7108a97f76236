"""Who may exchange HTCDS files, and which cases an export contains.

Exports: coordinators (every case of the node) and case workers (only the cases they may see,
`jokko.cases.access.visible_cases`). Imports create survivors' records from another system's
file in bulk: coordinators only.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet

from jokko.accounts.access import ActionForbidden, has_role
from jokko.accounts.models import Role
from jokko.cases.access import visible_cases
from jokko.cases.models import Case

EXPORT_ROLES = frozenset({Role.COORDINATOR, Role.CASE_WORKER})
IMPORT_ROLES = frozenset({Role.COORDINATOR})


def can_export(user: Any) -> bool:
    return has_role(user, EXPORT_ROLES)


def can_import(user: Any) -> bool:
    return has_role(user, IMPORT_ROLES)


def require_export(user: Any) -> None:
    if not can_export(user):
        raise ActionForbidden


def require_import(user: Any) -> None:
    if not can_import(user):
        raise ActionForbidden


def exportable_cases(
    user: Any,
    *,
    since: datetime.date | None = None,
    statuses: Sequence[str] = (),
    references: Sequence[str] = (),
) -> QuerySet[Case]:
    """The cases ``user`` may export, identified on or after ``since``, in ``statuses``, and
    among ``references`` when given (a reference the user may not see is simply absent)."""
    require_export(user)
    cases = visible_cases(user)
    if since is not None:
        cases = cases.filter(identified_on__gte=since)
    if statuses:
        cases = cases.filter(status__in=list(statuses))
    if references:
        cases = cases.filter(reference__in=list(references))
    return cases.order_by("id")
