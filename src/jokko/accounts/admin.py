from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest

from jokko.accounts.actions import disable
from jokko.accounts.models import ApiToken, Organisation, TotpDevice, User


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "country", "place_code")
    list_filter = ("kind", "country")
    search_fields = ("name",)


@admin.register(User)
class JokkoUserAdmin(UserAdmin):
    list_display = ("username", "first_name", "last_name", "role", "organisation", "is_active")
    list_filter = ("role", "organisation__country", "is_active")
    fieldsets = (*UserAdmin.fieldsets, ("Jokko", {"fields": ("role", "organisation")}))  # type: ignore[misc]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are issued with `jokko issue_token USERNAME` (the raw value is shown only there);
    here an administrator reviews them and revokes one by setting its revocation time."""

    list_display = ("prefix", "user", "label", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("user", "key_hash", "prefix", "created_at", "last_used_at")
    fields = ("user", "label", "prefix", "created_at", "last_used_at", "revoked_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(TotpDevice)
class TotpDeviceAdmin(admin.ModelAdmin):
    """A user who lost their phone and their recovery codes asks the node administrator, who
    deletes the device here (audited); the user then sets up a new one. The secret is never
    shown."""

    list_display = ("user", "created_at", "confirmed_at")
    fields = ("user", "created_at", "confirmed_at")
    readonly_fields = ("user", "created_at", "confirmed_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        disable(obj.user, request.user)  # type: ignore[arg-type]

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for device in queryset.select_related("user"):
            disable(device.user, request.user)  # type: ignore[arg-type]
