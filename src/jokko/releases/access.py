"""Who may produce and read anonymised releases.

* coordinator: chooses variables, k and epsilon, runs releases, reads every release;
* analyst: reads releases and downloads published files (they are anonymised aggregates, the
  analyst's material), but does not run them: publishing is a coordinator's decision;
* everyone else: nothing (case workers, justice, reporters, administrators, programme officers).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from jokko.accounts.access import NotFoundOrForbidden, has_role
from jokko.accounts.models import Role
from jokko.releases.models import Release

READ_ROLES = frozenset({Role.COORDINATOR, Role.ANALYST})
RUN_ROLES = frozenset({Role.COORDINATOR})


def can_see_releases(user: Any) -> bool:
    return has_role(user, READ_ROLES)


def can_run_releases(user: Any) -> bool:
    return has_role(user, RUN_ROLES)


def visible_releases(user: Any) -> QuerySet[Release]:
    if not can_see_releases(user):
        return Release.objects.none()
    return Release.objects.select_related("created_by")


def access_release(user: Any, release_id: int) -> Release:
    release = visible_releases(user).filter(pk=release_id).first()
    if release is None:
        raise NotFoundOrForbidden
    return release
