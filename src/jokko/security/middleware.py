"""Response headers Django does not set itself, and session expiry (idle and absolute).

Django's SecurityMiddleware covers nosniff, Referrer-Policy, Cross-Origin-Opener-Policy and
HSTS; django-csp the Content-Security-Policy. What is left is Permissions-Policy (switch off
camera, microphone, geolocation... which no page uses) and Cross-Origin-Resource-Policy.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

# Session keys: when the user logged in, and when they were last seen (Unix seconds).
AUTH_AT = "jokko_auth_at"
SEEN_AT = "jokko_seen_at"
# Refresh "last seen" at most once a minute: writing the session on every request would cost
# a database write per page (and per htmx poll) for a precision nobody needs.
SEEN_RESOLUTION_SECONDS = 60


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.JOKKO_PERMISSIONS_POLICY)
        response.headers.setdefault(
            "Cross-Origin-Resource-Policy", settings.JOKKO_CROSS_ORIGIN_RESOURCE_POLICY
        )
        return response


def session_expired(auth_at: int, seen_at: int, now: int) -> bool:
    """True once the session is older than the absolute lifetime or idle for too long."""
    return (
        now - auth_at > settings.JOKKO_SESSION_ABSOLUTE_SECONDS
        or now - seen_at > settings.JOKKO_SESSION_IDLE_SECONDS
    )


class SessionExpiryMiddleware:
    """Log out a session idle for 30 minutes or older than 8 hours (see settings).

    Django's SESSION_COOKIE_AGE restarts whenever the session is saved, so it is neither an
    idle timeout nor an absolute limit; this middleware keeps both clocks in the session itself.
    The user lands on the login page with a message and comes back to the page they asked for.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            session = request.session
            auth_at = int(session.setdefault(AUTH_AT, now))
            seen_at = int(session.get(SEEN_AT, now))
            if session_expired(auth_at, seen_at, now):
                logout(request)
                messages.info(request, _("Your session has expired. Please log in again."))
                response = redirect_to_login(request.get_full_path())
                if request.headers.get("HX-Request"):
                    # An htmx fragment request: make the whole page go to the login form.
                    response["HX-Redirect"] = response["Location"]
                return response
            if SEEN_AT not in session or now - seen_at >= SEEN_RESOLUTION_SECONDS:
                session[SEEN_AT] = now
        return self.get_response(request)
