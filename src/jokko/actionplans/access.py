"""Who may see and manage joint action plans.

Programme work carries no survivor or suspect data, so the rule is by role only:

* coordinator, programme officer: see every plan of the node and manage them;
* analyst: no plan page; the aggregated indicators only (programmes page);
* every other role: nothing.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from jokko.accounts.access import NotFoundOrForbidden, has_role
from jokko.accounts.models import Role
from jokko.actionplans.models import Plan
from jokko.audit.actions import record_denied

MANAGING_ROLES = frozenset({Role.COORDINATOR, Role.PROGRAMME_OFFICER})


def can_use_plans(user: Any) -> bool:
    return has_role(user, MANAGING_ROLES)


def can_manage_plan(user: Any, plan: Plan) -> bool:
    return has_role(user, MANAGING_ROLES)


def visible_plans(user: Any) -> QuerySet[Plan]:
    if not can_use_plans(user):
        return Plan.objects.none()
    return Plan.objects.all()


def access_plan_by_id(user: Any, plan_id: int, *, channel: str = "web") -> Plan:
    """The plan, if `user` may see it; otherwise `NotFoundOrForbidden` and an audit entry."""
    plan = visible_plans(user).filter(pk=plan_id).first()
    if plan is None:
        record_denied(user, "action_plan", plan_id, channel=channel)
        raise NotFoundOrForbidden
    return plan
