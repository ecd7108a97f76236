"""The admin: one way in, and audited unlocks.

The admin's own login form would let a node administrator in with a password alone, skipping
the second factor; it is replaced by a redirect to Jokko's login page (lockout and 2FA apply).

Unlocking a locked-out login is a node administrator's job in the admin, and is audited:
django-axes lists failed attempts there, and deleting the attempts of a username and address
lifts the lock. Its admin class is replaced only to write that unlock to the audit chain with
the administrator's name.
"""

from __future__ import annotations

from typing import Any

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from jokko.audit.actions import record


def login_through_jokko(request: HttpRequest, extra_context: Any = None) -> HttpResponse:
    """/admin/login/ sends everyone to the node's login page, then back to the admin."""
    return redirect_to_login(request.GET.get("next") or reverse("admin:index"))


admin.site.login = login_through_jokko  # type: ignore[method-assign]
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
