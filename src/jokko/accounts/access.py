"""Role rules shared by every app: who may do what, as small named predicates.

Access functions elsewhere (`access_case_by_id`, `access_person_by_id`) combine these with
the record's organisation. They raise `NotFoundOrForbidden` for both "no such record" and "not
allowed", so a refused user cannot learn that a record exists.
"""

from __future__ import annotations

from typing import Any

from jokko.accounts.models import Role


class NotFoundOrForbidden(Exception):
    """The record does not exist or the user may not see it; deliberately indistinguishable."""


class ActionForbidden(Exception):
    """The user may see the record but not perform this action on it."""


# Roles that work on survivors' cases (register, consent, refer, follow up).
CASE_ROLES = frozenset({Role.CASE_WORKER, Role.COORDINATOR})
# Roles of the criminal-justice chain: see suspects, and survivors only through shared cases.
JUSTICE_ROLES = frozenset({Role.INVESTIGATOR, Role.PROSECUTOR})


def is_active_user(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def has_role(user: Any, roles: frozenset[str] | set[str]) -> bool:
    return is_active_user(user) and user.role in roles


def can_register_survivors(user: Any) -> bool:
    return has_role(user, CASE_ROLES) and user.organisation_id is not None


def can_search_identities(user: Any) -> bool:
    """Analysts, reporters and administrators never search names: they see pseudonyms only."""
    return has_role(user, CASE_ROLES | JUSTICE_ROLES)


def can_see_aggregates(user: Any) -> bool:
    return has_role(user, {Role.ANALYST, Role.COORDINATOR})


def can_list_cases(user: Any) -> bool:
    return has_role(user, CASE_ROLES | JUSTICE_ROLES)
