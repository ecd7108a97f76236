"""A node administrator sets up two-factor authentication in a real Chromium and logs in with
a code computed from the secret the page showed; the pages stay within the CSP, also in Arabic."""

from __future__ import annotations

import time
from typing import Any

import pyotp
import pytest

from tests.browser.test_csp import WATCH

pytestmark = pytest.mark.browser

USERNAME = "admin-2fa-journey"
PASSWORD = "journey-pass-2026"  # a throwaway account on the test server


def test_set_up_two_factor_and_log_in_with_a_code(server: Any, browser: Any) -> None:
    server.jokko(
        "shell",
        "-c",
        "from jokko.accounts.models import Organisation, User; "
        f"User.objects.create_user(username={USERNAME!r}, password={PASSWORD!r}, "
        "role='node_admin', organisation=Organisation.objects.first())",
    )
    context = browser.new_context(locale="fr-FR")
    context.add_init_script(WATCH)
    page = context.new_page()
    page.set_default_timeout(20000)
    violations: list[str] = []
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )

    def log_in_with_password() -> None:
        page.goto(server + "/accounts/login/")
        page.fill("input[name=username]", USERNAME)
        page.fill("input[name=password]", PASSWORD)
        page.click("#login-submit")

    log_in_with_password()
    page.wait_for_url(server + "/")
    page.click("#nav-twofactor")
    page.click("#twofactor-start")
    secret = page.inner_text("#twofactor-secret").strip()
    assert page.inner_text("#twofactor-uri").startswith("otpauth://totp/")
    qr = page.query_selector("figure.qr svg")
    assert qr is not None and qr.bounding_box()["width"] > 100  # the QR code is drawn
    page.fill("input[name=code]", pyotp.TOTP(secret).now())
    page.click("#twofactor-confirm")
    page.wait_for_selector("#recovery-codes")
    assert len(page.query_selector_all("#recovery-codes li")) == 10
    violations += page.evaluate("window.__csp")

    # log out and in again: the password alone no longer opens the session
    page.click("header form[action$='/logout/'] button")
    log_in_with_password()
    page.wait_for_url(server + "/accounts/login/code/")
    page.fill("input[name=code]", "000000")
    page.click("#code-submit")
    page.wait_for_selector("#code-error")
    # Arabic: the code page mirrors
    page.click("form.lang button[value=ar]")
    page.wait_for_selector("html[dir=rtl]")
    violations += page.evaluate("window.__csp")
    # the next 30-second step's code (the one used to confirm cannot be replayed)
    page.fill("input[name=code]", pyotp.TOTP(secret).at(time.time() + 30))
    page.click("#code-submit")
    page.wait_for_url(server + "/")
    assert page.query_selector("#nav-twofactor") is not None
    violations += page.evaluate("window.__csp")
    context.close()
    assert not violations, violations
