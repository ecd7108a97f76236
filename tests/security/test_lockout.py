"""Login throttling: 5 failed passwords per username and address lock that pair for 30 minutes."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone

from jokko.accounts.models import ApiToken
from jokko.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

PASSWORD = "pw-worker-2026"


def _attempt(client: Any, password: str, username: str = "worker", ip: str = "10.0.0.7") -> Any:
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def _lock(client: Any, username: str = "worker", ip: str = "10.0.0.7") -> None:
    for attempt in range(5):
        response = _attempt(client, f"wrong-{attempt}", username, ip)
    assert response.status_code == 429


def test_five_failures_lock_out_even_the_right_password(
    client: Any, users: dict[str, Any]
) -> None:
    for attempt in range(4):
        response = _attempt(client, f"wrong-{attempt}")
        assert response.status_code == 200
        assert "Wrong username or password." in response.content.decode()
    response = _attempt(client, "wrong-5")
    assert response.status_code == 429
    assert 'id="locked-out"' in response.content.decode()
    assert "30 minutes" in response.content.decode()
    # the right password is refused while locked, and no session is opened
    response = _attempt(client, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.fixture(autouse=True)
def _english(client: Any) -> None:
    client.cookies["django_language"] = "en"


def test_the_lockout_page_follows_the_language(client: Any, users: dict[str, Any]) -> None:
    _lock(client)
    client.cookies["django_language"] = "ar"
    arabic = _attempt(client, PASSWORD)
    assert arabic.status_code == 429
    assert 'dir="rtl"' in arabic.content.decode() and 'id="locked-out"' in arabic.content.decode()


def test_the_lock_holds_the_pair_only(client: Any, users: dict[str, Any]) -> None:
    _lock(client)
    # the same account from another address, and another account from the same address
    assert _attempt(client, PASSWORD, ip="10.0.0.8").status_code == 302
    client.logout()
    assert _attempt(client, "pw-coordinator-2026", "coordinator").status_code == 302


def test_success_before_the_limit_clears_the_count(client: Any, users: dict[str, Any]) -> None:
    """Tests and the demo log in many times: only consecutive failures count."""
    for _round in range(3):
        for attempt in range(4):
            assert _attempt(client, f"wrong-{attempt}").status_code == 200
        assert _attempt(client, PASSWORD).status_code == 302
        client.logout()


def test_the_lock_lifts_after_thirty_minutes(client: Any, users: dict[str, Any]) -> None:
    _lock(client)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))
    assert _attempt(client, PASSWORD).status_code == 302


def test_the_lock_is_in_the_database_for_every_process(
    client: Any, users: dict[str, Any]
) -> None:
    _lock(client)
    attempt = AccessAttempt.objects.get(username="worker", ip_address="10.0.0.7")
    assert attempt.failures_since_start == 5
    # another client (another process would read the same row)
    from django.test import Client

    assert _attempt(Client(), PASSWORD).status_code == 429


def test_the_lock_is_audited(client: Any, users: dict[str, Any]) -> None:
    _lock(client)
    entry = AuditEntry.objects.filter(object_type="login", action="denied").last()
    assert entry is not None
    assert entry.object_id == "worker"
    assert entry.actor_id == users["worker"].pk
    assert entry.detail == {"reason": "locked_out", "ip_address": "10.0.0.7"}


def test_a_node_administrator_unlocks_in_the_admin(client: Any, users: dict[str, Any]) -> None:
    _lock(client)
    attempt = AccessAttempt.objects.get(username="worker")
    admin = Client_for(users["admin"])
    page = admin.get(reverse("admin:axes_accessattempt_changelist"))
    assert page.status_code == 200 and "worker" in page.content.decode()
    response = admin.post(
        reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="worker").exists()
    unlock = AuditEntry.objects.filter(object_type="login", action="update").last()
    assert unlock is not None and unlock.actor_id == users["admin"].pk
    assert unlock.detail["reason"] == "unlocked"
    assert _attempt(client, PASSWORD).status_code == 302


def test_other_roles_cannot_reach_the_unlock_screen(users: dict[str, Any]) -> None:
    coordinator = Client_for(users["coordinator"])
    response = coordinator.get(reverse("admin:axes_accessattempt_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_api_tokens_are_not_throttled(client: Any, users: dict[str, Any]) -> None:
    _lock(client)
    _token, raw = ApiToken.issue(users["worker"])
    for _ in range(8):
        response = client.get(
            "/api/v1/cases", HTTP_AUTHORIZATION=f"Bearer {raw}", REMOTE_ADDR="10.0.0.7"
        )
        assert response.status_code == 200
    # and wrong tokens are refused without counting towards the password lockout
    for _ in range(6):
        refused = client.get(
            "/api/v1/cases", HTTP_AUTHORIZATION="Bearer jk_wrong", REMOTE_ADDR="10.0.0.9"
        )
        assert refused.status_code == 401
    assert not AccessAttempt.objects.filter(ip_address="10.0.0.9").exists()


def Client_for(user: Any) -> Any:
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def test_the_admin_login_form_is_not_a_way_around(client: Any, users: dict[str, Any]) -> None:
    """/admin/login/ would skip the second factor: it sends to the node's login page instead."""
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == reverse("login") + "?next=/admin/"
    posted = client.post(
        "/admin/login/?next=/admin/", {"username": "admin", "password": "pw-admin-2026"}
    )
    assert posted.status_code == 302 and "_auth_user_id" not in client.session
    # through the node's login page the administrator reaches the admin
    assert _attempt(client, "pw-admin-2026", "admin").status_code == 302
    assert client.get("/admin/").status_code == 200


def test_behind_the_proxy_the_last_forwarded_hop_is_counted(
    client: Any, users: dict[str, Any], settings: Any
) -> None:
    """A client cannot dodge the count by sending its own X-Forwarded-For in production."""
    settings.PRODUCTION = True
    for attempt in range(5):
        response = client.post(
            reverse("login"),
            {"username": "worker", "password": f"wrong-{attempt}"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{attempt}, 198.51.100.20",
        )
    assert response.status_code == 429
    assert AccessAttempt.objects.get(username="worker").ip_address == "198.51.100.20"
