from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from jokko.federation import actions
from jokko.federation.models import Peer, Rejection


class PeerForm(forms.ModelForm):
    url = forms.URLField(assume_scheme="https")

    class Meta:
        model = Peer
        fields = ("country", "name", "url", "public_key", "active")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        errors = actions.validate_peer(
            actions.PeerInput(
                country=data.get("country") or "",
                name=data.get("name") or "",
                url=data.get("url") or "",
                public_key=data.get("public_key") or "",
            )
        )
        for name, message in errors.items():
            if name in self.fields and not self.has_error(name):
                self.add_error(name, message)
        return data


@admin.register(Peer)
class PeerAdmin(admin.ModelAdmin):
    """The node administrator registers peers here (or with `jokko add_peer`); saving goes
    through the audited action, so a changed key or address is on the record."""

    form = PeerForm
    list_display = ("country", "name", "url", "active", "last_received_at", "last_acknowledged_at")
    list_filter = ("active",)
    readonly_fields = ("added_at", "last_received_at", "last_acknowledged_at")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        # The country is the peer's identity in every message; a new country is a new peer.
        fields = tuple(self.readonly_fields)
        return (*fields, "country") if obj is not None else fields

    def save_model(self, request: HttpRequest, obj: Peer, form: Any, change: bool) -> None:
        saved = actions.register_peer(
            request.user,
            actions.PeerInput(
                country=obj.country,
                name=obj.name,
                url=obj.url,
                public_key=obj.public_key,
                active=obj.active,
            ),
            channel="admin",
        )
        obj.pk = saved.pk

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A peer is deactivated, never deleted: its messages in the outbox and inbox keep
        # naming its country, and the audit trail refers to it.
        return False


@admin.register(Rejection)
class RejectionAdmin(admin.ModelAdmin):
    list_display = ("at", "reason", "claimed_sender", "claimed_kind", "remote_addr", "detail")
    list_filter = ("reason", "claimed_sender")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
