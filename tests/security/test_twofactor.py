"""Optional TOTP second factor for coordinators, node administrators, investigators and
prosecutors: enrolment, login with a code computed from the secret, recovery codes, replay,
lockout on wrong codes, and the node setting that makes it mandatory."""

from __future__ import annotations

import hashlib
import re
import time
from typing import Any

import pyotp
import pytest
from django.urls import reverse

from jokko.accounts.models import RecoveryCode, TotpDevice
from jokko.audit.models import AuditEntry
from tests.conftest import login

pytestmark = pytest.mark.django_db

PASSWORD = "pw-investigator-2026"


@pytest.fixture(autouse=True)
def _english(client: Any) -> None:
    client.cookies["django_language"] = "en"


def _code(secret: str, offset_steps: int = 0) -> str:
    return pyotp.TOTP(secret).at(time.time() + 30 * offset_steps)


def _enrol(client: Any, user: Any) -> tuple[str, list[str]]:
    """Set up 2FA through the page as `user` would; returns the secret and recovery codes."""
    login(client, user)
    page = client.post(reverse("twofactor"), {"step": "start"})
    assert page.status_code == 200
    body = page.content.decode()
    secret = re.search(r'id="twofactor-secret">([A-Z2-7]+)<', body).group(1)  # type: ignore[union-attr]
    uri = re.search(r'id="twofactor-uri">([^<]+)<', body).group(1)  # type: ignore[union-attr]
    assert uri.startswith("otpauth://totp/") and f"secret={secret}" in uri
    assert "<svg" in body  # the QR code, drawn on the node
    assert TotpDevice.objects.get(user=user).confirmed_at is None
    confirmed = client.post(reverse("twofactor"), {"step": "confirm", "code": _code(secret)})
    assert confirmed.status_code == 200
    codes = re.findall(r"<li><code>([A-Z2-7-]{19})</code></li>", confirmed.content.decode())
    assert len(codes) == 10
    client.logout()
    return secret, codes


def _password(client: Any, username: str = "investigator", password: str = PASSWORD) -> Any:
    return client.post(reverse("login"), {"username": username, "password": password})


def test_without_2fa_the_password_alone_logs_in(client: Any, users: dict[str, Any]) -> None:
    response = _password(client)
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(users["investigator"].pk)


def test_enrolment_then_login_needs_the_current_code(client: Any, users: dict[str, Any]) -> None:
    secret, _codes = _enrol(client, users["investigator"])
    device = TotpDevice.objects.get(user=users["investigator"])
    assert device.confirmed_at is not None
    response = _password(client)
    assert response.status_code == 302 and response["Location"] == reverse("login-verify")
    assert "_auth_user_id" not in client.session  # not logged in yet
    assert client.get(reverse("case-list")).status_code == 302
    wrong = client.post(reverse("login-verify"), {"code": "000000"})
    assert wrong.status_code == 400 and 'id="code-error"' in wrong.content.decode()
    assert "_auth_user_id" not in client.session
    # the code of the next 30-second step is accepted too (a phone clock a little fast)
    ok = client.post(reverse("login-verify"), {"code": _code(secret, 1)})
    assert ok.status_code == 302 and ok["Location"] == "/"
    assert client.session["_auth_user_id"] == str(users["investigator"].pk)


def test_a_code_cannot_be_replayed(client: Any, users: dict[str, Any]) -> None:
    secret, _codes = _enrol(client, users["investigator"])
    _password(client)
    code = _code(secret, 1)
    assert client.post(reverse("login-verify"), {"code": code}).status_code == 302
    client.logout()
    _password(client)
    replay = client.post(reverse("login-verify"), {"code": code})
    assert replay.status_code == 400
    assert "_auth_user_id" not in client.session


def test_codes_far_from_now_are_refused(client: Any, users: dict[str, Any]) -> None:
    secret, _codes = _enrol(client, users["investigator"])
    _password(client)
    for offset in (-3, 3):
        response = client.post(reverse("login-verify"), {"code": _code(secret, offset)})
        assert response.status_code == 400


def test_a_recovery_code_works_once_and_is_stored_hashed(
    client: Any, users: dict[str, Any]
) -> None:
    _secret, codes = _enrol(client, users["investigator"])
    stored = set(
        RecoveryCode.objects.filter(user=users["investigator"]).values_list("code_hash", flat=True)
    )
    # only SHA-256 digests of the normalised codes are kept, never the codes themselves
    assert stored == {hashlib.sha256(code.replace("-", "").encode()).hexdigest() for code in codes}
    _password(client)
    ok = client.post(reverse("login-verify"), {"recovery_code": codes[3].lower()})
    assert ok.status_code == 302
    client.logout()
    _password(client)
    assert client.post(reverse("login-verify"), {"recovery_code": codes[3]}).status_code == 400
    assert RecoveryCode.objects.filter(used_at__isnull=False).count() == 1


def test_the_secret_is_encrypted_at_rest(client: Any, users: dict[str, Any]) -> None:
    from django.db import connection

    secret, _codes = _enrol(client, users["investigator"])
    with connection.cursor() as cursor:
        cursor.execute("SELECT secret FROM accounts_totpdevice")
        (raw,) = cursor.fetchone()
    assert secret not in raw and len(raw) > 60


def test_wrong_codes_count_towards_the_lockout(client: Any, users: dict[str, Any]) -> None:
    _secret, _codes = _enrol(client, users["investigator"])
    _password(client)
    for _ in range(4):
        assert client.post(reverse("login-verify"), {"code": "123456"}).status_code == 400
    locked = client.post(reverse("login-verify"), {"code": "123456"})
    assert locked.status_code == 429
    # now even the right password is refused
    assert _password(client).status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_pending_login_expires(client: Any, users: dict[str, Any]) -> None:
    secret, _codes = _enrol(client, users["investigator"])
    _password(client)
    session = client.session
    session["jokko_2fa_pending"]["at"] -= 6 * 60
    session.save()
    response = client.post(reverse("login-verify"), {"code": _code(secret, 1)})
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session


def test_a_wrong_confirmation_code_changes_nothing(client: Any, users: dict[str, Any]) -> None:
    login(client, users["coordinator"])
    client.post(reverse("twofactor"), {"step": "start"})
    response = client.post(reverse("twofactor"), {"step": "confirm", "code": "000000"})
    assert response.status_code == 400
    assert 'id="twofactor-error"' in response.content.decode()
    assert TotpDevice.objects.get(user=users["coordinator"]).confirmed_at is None
    assert not RecoveryCode.objects.filter(user=users["coordinator"]).exists()


def test_switching_off_needs_a_code_and_is_audited(client: Any, users: dict[str, Any]) -> None:
    secret, _codes = _enrol(client, users["investigator"])
    login(client, users["investigator"])
    refused = client.post(reverse("twofactor"), {"step": "disable", "code": "000000"})
    assert refused.status_code == 400 and TotpDevice.objects.exists()
    done = client.post(reverse("twofactor"), {"step": "disable", "code": _code(secret, 1)})
    assert done.status_code == 200 and not TotpDevice.objects.exists()
    changes = list(
        AuditEntry.objects.filter(object_type="user", object_id=str(users["investigator"].pk))
        .values_list("detail__change", flat=True)
    )
    assert changes == ["2fa_enabled", "2fa_disabled"]


def test_roles_without_identities_do_not_get_the_page(client: Any, users: dict[str, Any]) -> None:
    for role in ("worker", "analyst", "reporter", "programme"):
        login(client, users[role])
        assert client.get(reverse("twofactor")).status_code == 403
        assert client.post(reverse("twofactor"), {"step": "start"}).status_code == 403
    assert not TotpDevice.objects.exists()


def test_mandatory_2fa_sends_privileged_users_to_set_it_up(
    client: Any, users: dict[str, Any], settings: Any
) -> None:
    settings.JOKKO_REQUIRE_2FA = True
    response = _password(client, "prosecutor", "pw-prosecutor-2026")
    assert response.status_code == 302
    blocked = client.get(reverse("prosecution-list"))
    assert blocked.status_code == 302 and blocked["Location"] == reverse("twofactor")
    page = client.get(reverse("twofactor"))
    assert page.status_code == 200 and "twofactor-start" in page.content.decode()
    # a case worker is not concerned
    client.logout()
    _password(client, "worker", "pw-worker-2026")
    assert client.get(reverse("case-list")).status_code == 200
    # once set up, the prosecutor gets through, and cannot switch it off
    client.logout()
    _secret, _codes = _enrol(client, users["prosecutor"])
    login(client, users["prosecutor"])
    assert client.get(reverse("prosecution-list")).status_code == 200
    assert 'id="twofactor-disable"' not in client.get(reverse("twofactor")).content.decode()


def test_a_node_administrator_resets_a_lost_device(client: Any, users: dict[str, Any]) -> None:
    _enrol(client, users["investigator"])
    device = TotpDevice.objects.get(user=users["investigator"])
    login(client, users["admin"])
    response = client.post(
        reverse("admin:accounts_totpdevice_delete", args=[device.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not TotpDevice.objects.exists() and not RecoveryCode.objects.exists()
    entry = AuditEntry.objects.filter(object_type="user").last()
    assert entry is not None and entry.actor_id == users["admin"].pk
    assert entry.detail == {"change": "2fa_disabled"}
    client.logout()
    assert _password(client).status_code == 302
    assert client.session["_auth_user_id"] == str(users["investigator"].pk)


def test_wrong_codes_are_masked_in_the_attempt_log(client: Any, users: dict[str, Any]) -> None:
    from axes.models import AccessAttempt

    _enrol(client, users["investigator"])
    _password(client)
    client.post(reverse("login-verify"), {"code": "654321", "recovery_code": "ABCD-EFGH"})
    attempt = AccessAttempt.objects.get(username="investigator")
    assert "654321" not in attempt.post_data and "ABCD-EFGH" not in attempt.post_data
