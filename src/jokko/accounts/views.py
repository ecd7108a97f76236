"""Login with an optional second step, and the page where a user manages their second factor.

The password step is Django's LoginView (django-axes counts its failures). A user with a
confirmed authenticator is not logged in after the password: the session only remembers who
passed it, for five minutes, and the code page finishes the login. Wrong codes count as failed
logins for the same lockout.
"""

from __future__ import annotations

import time
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from jokko.accounts import actions, twofactor
from jokko.accounts.models import TotpDevice, User
from jokko.web.responses import forbidden

PENDING = "jokko_2fa_pending"
# Seconds between the password and the code: enough to unlock a phone, short enough that a
# half-finished login left on a shared PC expires.
PENDING_SECONDS = 5 * 60


class JokkoLoginView(LoginView):
    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        user = form.get_user()
        if isinstance(user, User) and twofactor.has_confirmed_device(user):
            self.request.session[PENDING] = {
                "user": user.pk,
                "backend": getattr(user, "backend", ""),
                "at": int(time.time()),
                "next": self.get_success_url(),
            }
            return redirect("login-verify")
        return super().form_valid(form)


class CodeForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Code"), max_length=32, required=False)
    recovery_code = forms.CharField(
        label=gettext_lazy("Or a recovery code"), max_length=32, required=False
    )


def _pending_user(request: HttpRequest) -> tuple[User | None, dict[str, Any]]:
    pending = request.session.get(PENDING)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        request.session.pop(PENDING, None)
        return None, {}
    user = User.objects.filter(pk=int(pending.get("user", 0)), is_active=True).first()
    return user, pending


@sensitive_post_parameters("code", "recovery_code")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponseBase:
    """Second step of the login: a code from the authenticator, or a recovery code."""
    user, pending = _pending_user(request)
    if user is None:
        return redirect("login")
    form = CodeForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        credentials = {"username": user.username}
        if AxesProxyHandler.is_locked(request, credentials):
            request.axes_locked_out = True  # type: ignore[attr-defined]
            return _locked(request)
        code = form.cleaned_data["code"].strip()
        recovery = form.cleaned_data["recovery_code"].strip()
        accepted = (bool(code) and actions.verify_code(user, code)) or (
            bool(recovery) and actions.use_recovery_code(user, recovery)
        )
        if accepted:
            request.session.pop(PENDING, None)
            login(request, user, backend=pending.get("backend") or None)
            target = pending.get("next", "")
            if not url_has_allowed_host_and_scheme(
                target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
            ):
                target = "/"
            return redirect(target)
        # A wrong code is a failed login for the lockout count (5 in 30 minutes).
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        if getattr(request, "axes_locked_out", False):
            request.session.pop(PENDING, None)
            return _locked(request)
        error = _("Wrong or expired code. Enter the 6-digit code your app shows now.")
    elif request.method == "POST":
        error = _("Enter a code.")
    return render(
        request,
        "registration/verify.html",
        {"form": form, "error": error},
        status=400 if error else 200,
    )


def _locked(request: HttpRequest) -> HttpResponse:
    from jokko.security.lockout import locked_out_response

    return locked_out_response(request)


@login_required
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest) -> HttpResponse:
    """Set up, confirm or switch off the second factor; replace the recovery codes."""
    user = request.user
    assert isinstance(user, User)
    if not twofactor.role_uses_2fa(user):
        return forbidden(request, "twofactor")
    device = TotpDevice.objects.filter(user=user).first()
    context: dict[str, Any] = {
        "required": settings.JOKKO_REQUIRE_2FA,
        "error": "",
    }
    status = 200
    if request.method == "POST":
        step = request.POST.get("step", "")
        code = request.POST.get("code", "")
        if step == "start" and (device is None or device.confirmed_at is None):
            device = actions.start_enrolment(user)
        elif step == "confirm" and device is not None and device.confirmed_at is None:
            codes = actions.confirm_enrolment(user, code)
            if codes is None:
                context["error"] = _("Wrong or expired code. Nothing was changed.")
                status = 400
            else:
                device.refresh_from_db()
                context["recovery_codes"] = codes
        elif step == "recovery" and device is not None and device.confirmed_at is not None:
            if actions.verify_code(user, code):
                context["recovery_codes"] = actions.regenerate_recovery_codes(user)
            else:
                context["error"] = _("Wrong or expired code. Nothing was changed.")
                status = 400
        elif step == "disable" and device is not None and device.confirmed_at is not None:
            if settings.JOKKO_REQUIRE_2FA:
                context["error"] = _(
                    "Two-factor authentication is mandatory for your role on this node."
                )
                status = 400
            elif actions.verify_code(user, code):
                actions.disable(user, user)
                device = None
            else:
                context["error"] = _("Wrong or expired code. Nothing was changed.")
                status = 400
        else:
            context["error"] = _("This step is not possible now.")
            status = 400
    context["device"] = device
    if device is not None and device.confirmed_at is None:
        uri = twofactor.provisioning_uri(device.secret, user)
        context.update(secret=device.secret, uri=uri, qr_svg=twofactor.qr_svg(uri))
    if device is not None and device.confirmed_at is not None:
        context["unused_codes"] = user.recovery_codes.filter(used_at__isnull=True).count()
    return render(request, "accounts/twofactor.html", context, status=status)
