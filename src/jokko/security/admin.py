"""Unlocking a locked-out login is a node administrator's job in the admin, and is audited.

django-axes lists failed attempts in the admin; deleting the attempts of a username and
address lifts the lock. This replaces its admin class only to write that unlock to the audit
chain with the administrator's name.
"""

from __future__ import annotations

from typing import Any

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from jokko.audit.actions import record

admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class AuditedAccessAttemptAdmin(AccessAttemptAdmin):
    def _audit_unlock(self, request: HttpRequest, attempt: AccessAttempt) -> None:
        record(
            request.user,
            "update",
            "login",
            attempt.username or "",
            reason="unlocked",
            ip_address=attempt.ip_address or "",
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        self._audit_unlock(request, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for attempt in queryset:
            self._audit_unlock(request, attempt)
        super().delete_queryset(request, queryset)
