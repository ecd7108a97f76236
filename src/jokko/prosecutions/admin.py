"""Admin: the statute catalogue is edited here; deactivating replaces deleting."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from jokko.prosecutions.models import Statute


@admin.register(Statute)
class StatuteAdmin(admin.ModelAdmin):
    list_display = ("country", "law", "article", "offence", "verified", "active")
    list_filter = ("country", "offence", "verified", "active")
    search_fields = ("law", "article", "title")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Charges point at statutes; a repealed law is deactivated, never deleted.
        return False
