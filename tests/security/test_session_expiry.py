"""Sessions end after 30 idle minutes or 8 hours after the login, whichever comes first."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.urls import reverse

from jokko.security.middleware import AUTH_AT, SEEN_AT

pytestmark = pytest.mark.django_db


def _log_in(client: Any) -> None:
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("login"), {"username": "worker", "password": "pw-worker-2026"}
    )
    assert response.status_code == 302


def _shift(client: Any, **seconds_ago: int) -> None:
    session = client.session
    now = int(time.time())
    for key, ago in seconds_ago.items():
        session[key] = now - ago
    session.save()


def test_login_stamps_both_clocks(client: Any, users: dict[str, Any]) -> None:
    before = int(time.time())
    _log_in(client)
    assert before <= client.session[AUTH_AT] <= int(time.time())
    assert client.session[SEEN_AT] == client.session[AUTH_AT]


def test_an_idle_session_is_logged_out(client: Any, users: dict[str, Any]) -> None:
    _log_in(client)
    _shift(client, jokko_seen_at=29 * 60)
    assert client.get(reverse("case-list")).status_code == 200  # 29 min: still in
    _shift(client, jokko_seen_at=31 * 60)
    response = client.get(reverse("case-list"))
    assert response.status_code == 302
    assert response["Location"] == reverse("login") + "?next=" + reverse("case-list")
    assert "_auth_user_id" not in client.session
    # the login page then says why
    page = client.get(response["Location"]).content.decode()
    assert "Your session has expired. Please log in again." in page
    # and the old page stays closed
    assert client.get(reverse("case-list")).status_code == 302


def test_activity_keeps_the_session_alive(client: Any, users: dict[str, Any]) -> None:
    _log_in(client)
    _shift(client, jokko_seen_at=25 * 60)
    assert client.get(reverse("home")).status_code == 200
    # the visit refreshed the idle clock
    assert int(time.time()) - client.session[SEEN_AT] < 5


def test_the_absolute_lifetime_ends_even_an_active_session(
    client: Any, users: dict[str, Any]
) -> None:
    _log_in(client)
    _shift(client, jokko_auth_at=8 * 3600 + 60, jokko_seen_at=10)
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session


def test_an_htmx_request_redirects_the_whole_page(client: Any, users: dict[str, Any]) -> None:
    _log_in(client)
    _shift(client, jokko_seen_at=31 * 60)
    response = client.get(reverse("person-search"), HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"].startswith(reverse("login"))


def test_the_limits_are_the_documented_ones(settings: Any) -> None:
    assert settings.JOKKO_SESSION_IDLE_SECONDS == 30 * 60
    assert settings.JOKKO_SESSION_ABSOLUTE_SECONDS == 8 * 60 * 60
