"""Audit login lockouts; stamp the login time that the absolute session lifetime counts from."""

from __future__ import annotations

import time
from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from jokko.audit.actions import record
from jokko.security.middleware import AUTH_AT, SEEN_AT


@receiver(user_locked_out)
def audit_lockout(sender: Any, request: Any, username: str, ip_address: str, **kwargs: Any) -> None:
    """A lockout is a refused login: it goes into the audit chain with the account and address."""
    from jokko.accounts.models import User

    user = User.objects.filter(username=username).first() if username else None
    record(
        user,
        "denied",
        "login",
        username or "",
        reason="locked_out",
        ip_address=ip_address or "",
    )


@receiver(user_logged_in)
def stamp_login_time(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[AUTH_AT] = now
        request.session[SEEN_AT] = now
