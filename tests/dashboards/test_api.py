"""The dashboards API: the pages' figures, always suppressed, the same role limits."""

from __future__ import annotations

from typing import Any

from django.test import Client

from jokko.accounts.models import ApiToken


def api(user: Any) -> Client:
    client = Client()
    _, raw = ApiToken.issue(user)
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    client.cookies["django_language"] = "en"
    return client


def chart(body: dict[str, Any], slug: str) -> dict[str, Any]:
    return next(c for c in body["charts"] if c["slug"] == slug)


def test_the_api_always_suppresses_even_for_coordinators(
    hand_made: Any, users: dict[str, Any], settings: Any
) -> None:
    settings.JOKKO_SMALL_COUNT = 2
    for role in ("coordinator", "analyst"):
        body = api(users[role]).get("/api/v1/dashboards/survivors").json()
        assert body["small_count_threshold"] == 2
        nationality = chart(body, "nationality")
        assert {r["key"]: (r["value"], r["suppressed"]) for r in nationality["rows"]} == {
            "GN": (None, True),
            "NG": (2, False),
            "SN": (None, True),
        }
        assert nationality["total"] == 4 and nationality["by"] == "nationality"
        labels = {r["key"]: r["label"] for r in nationality["rows"]}
        assert labels["GN"] == "Guinea"


def test_default_threshold_hides_the_whole_small_funnel(
    hand_made: Any, users: dict[str, Any]
) -> None:
    body = api(users["coordinator"]).get("/api/v1/dashboards/referrals").json()
    funnel = chart(body, "funnel")
    assert [r["key"] for r in funnel["rows"]] == [
        "survivors_identified",
        "survivors_referred",
        "survivors_assisted",
        "voluntary_returns",
        "survivors_reintegrated",
    ]
    assert all(r["value"] is None and r["suppressed"] for r in funnel["rows"])


def test_filters_and_exact_values_above_the_threshold(
    hand_made: Any, users: dict[str, Any], settings: Any
) -> None:
    settings.JOKKO_SMALL_COUNT = 1  # nothing is small: the figures themselves
    client = api(users["analyst"])
    body = client.get("/api/v1/dashboards/survivors", {"quarter": "2025-Q1"}).json()
    assert body["filters"] == {"start": "2025-01-01", "end": "2025-03-31"}
    assert chart(body, "sex")["total"] == 2
    justice = client.get("/api/v1/dashboards/justice", {"region": "SN-KE"}).json()
    figures = chart(justice, "figures")
    assert {r["key"]: r["value"] for r in figures["rows"]}["conviction_rate"] == 0.6667
    assert "region" in figures["ignored_filters"]


def test_role_limits_and_bad_input(hand_made: Any, users: dict[str, Any]) -> None:
    for role in ("worker", "investigator", "prosecutor", "programme", "admin", "reporter"):
        assert api(users[role]).get("/api/v1/dashboards/").status_code == 403, role
        assert api(users[role]).get("/api/v1/dashboards/survivors").status_code == 403, role
    analyst = api(users["analyst"])
    listing = analyst.get("/api/v1/dashboards/").json()
    assert [d["slug"] for d in listing] == [
        "overview",
        "survivors",
        "referrals",
        "services",
        "justice",
        "returns",
        "overdue",
    ]
    assert analyst.get("/api/v1/dashboards/nothing").status_code == 404
    for query in ({"start": "yesterday"}, {"quarter": "2025-Q9"}, {"region": "XX-NOWHERE"}):
        response = analyst.get("/api/v1/dashboards/survivors", query)
        assert response.status_code == 422, query
    assert Client().get("/api/v1/dashboards/survivors").status_code == 401
