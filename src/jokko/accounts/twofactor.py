"""TOTP second factor: code checks, recovery codes, and who must use it.

pyotp does the RFC 6238 arithmetic (a small, maintained library with no dependencies). The two
models are ours rather than django-otp's because django-otp stores the TOTP key and the static
recovery tokens in clear, whereas here the key is encrypted with the node's field key and the
recovery codes are hashed; and the login flow is one extra page, not a second middleware stack.
"""

from __future__ import annotations

import hashlib
import io
import secrets
import time
from collections.abc import Callable

import pyotp
import segno
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from jokko.accounts.models import TotpDevice, User

# Codes from the step before and after the current one are accepted: phones' clocks drift and
# people type slowly. That is a 90-second window, still one code per step (replays refused).
VALID_WINDOW = 1
STEP_SECONDS = 30
RECOVERY_CODE_COUNT = 10
ISSUER = "Jokko"


def new_secret() -> str:
    """160 random bits in base32, the size RFC 4226 recommends and every authenticator reads."""
    return pyotp.random_base32(length=32)


def provisioning_uri(secret: str, user: User) -> str:
    """The otpauth:// URI an authenticator app imports (as text or as the QR code)."""
    label = f"{user.username}@{settings.NODE_COUNTRY}"
    issuer = f"{ISSUER} {settings.NODE_COUNTRY}"
    return pyotp.TOTP(secret).provisioning_uri(name=label, issuer_name=issuer)


def qr_svg(uri: str) -> str:
    """The URI as an inline SVG QR code drawn here (segno, pure Python): nothing leaves the node."""
    buffer = io.BytesIO()
    qr = segno.make(uri, error="m")
    qr.save(buffer, kind="svg", scale=5, border=2, xmldecl=False, svgns=True)
    return buffer.getvalue().decode()


def matching_step(secret: str, code: str, now: float | None = None) -> int | None:
    """The time step whose code equals `code` (within the window), or None."""
    code = "".join(ch for ch in code if ch.isdigit())
    if len(code) != 6:
        return None
    now = time.time() if now is None else now
    totp = pyotp.TOTP(secret)
    current = int(now // STEP_SECONDS)
    for step in range(current - VALID_WINDOW, current + VALID_WINDOW + 1):
        if secrets.compare_digest(totp.at(step * STEP_SECONDS), code):
            return step
    return None


def new_recovery_codes() -> list[str]:
    """Ten codes of 16 base32 characters (80 bits each), grouped by four for reading aloud."""
    codes = []
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    for _ in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(alphabet) for _ in range(16))
        codes.append("-".join(raw[i : i + 4] for i in range(0, 16, 4)))
    return codes


def hash_recovery_code(code: str) -> str:
    normalised = "".join(ch for ch in code.upper() if ch.isalnum())
    return hashlib.sha256(normalised.encode()).hexdigest()


def role_uses_2fa(user: User) -> bool:
    return user.role in settings.JOKKO_2FA_ROLES


def has_confirmed_device(user: User) -> bool:
    return TotpDevice.objects.filter(user=user, confirmed_at__isnull=False).exists()


def must_enrol(user: User) -> bool:
    """True when the node requires 2FA for this role and the user has not set it up yet."""
    return (
        settings.JOKKO_REQUIRE_2FA and role_uses_2fa(user) and not has_confirmed_device(user)
    )


class TwoFactorEnrolmentMiddleware:
    """When the node makes 2FA mandatory, a privileged user without it can only set it up.

    Every other page redirects to the two-factor page until a code is confirmed; logging out
    and switching language still work. API tokens are not affected (they never have a session).
    """

    ALLOWED = ("twofactor", "logout", "set_language", "login", "login-verify")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            settings.JOKKO_REQUIRE_2FA
            and user.is_authenticated
            and isinstance(user, User)
            and not request.path.startswith(settings.STATIC_URL)
            and must_enrol(user)
        ):
            allowed = {reverse(name) for name in self.ALLOWED}
            if request.path not in allowed:
                return redirect("twofactor")
        return self.get_response(request)
