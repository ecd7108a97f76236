"""The audit log in the admin: read-only, for node administrators to review who did what."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from jokko.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("at", "actor_username", "action", "object_type", "object_id", "channel")
    list_filter = ("action", "object_type", "channel")
    search_fields = ("actor_username", "object_id")
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
