"""The node administrator's view of webhook keys: who has one, and revoking it.

Keys are issued with `jokko community_webhook_key <label>` (the raw key is shown once); the admin
never shows a key, only its label and dates. Reports themselves are never exposed here.
"""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jokko.community.models import WebhookKey


@admin.register(WebhookKey)
class WebhookKeyAdmin(admin.ModelAdmin):
    list_display = ("label", "created_at", "revoked_at")
    readonly_fields = ("label", "key_hash", "created_at", "revoked_at")
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # issued by the command, which shows the raw key once

    @admin.action(description=_("Revoke the selected webhook keys"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[WebhookKey]) -> None:
        queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
