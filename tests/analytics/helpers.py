"""Helpers the shared permission matrices (tests/web, tests/api) import for analytics rows."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

# A case indicator: coordinators and analysts only (programme officers see training ones).
PERMISSION_INDICATOR = "survivors_identified"


def analytics_page_url(name: str) -> str:
    if name == "analytics-indicator":
        return reverse(name, kwargs={"code": PERMISSION_INDICATOR})
    return reverse(name)


def analytics_api_calls() -> dict[str, tuple[Any, Any, Any]]:
    """Rows of the API permission matrix: (prepare, call, effect) for each analytics route."""

    def nothing(world: Any) -> None:
        return None

    def unchanged(world: Any, prepared: Any, before: Any, after: Any) -> bool:
        return bool(before == after)

    return {
        "GET /analytics/indicators": (
            nothing,
            lambda api, w, p: api.get("/analytics/indicators"),
            unchanged,
        ),
        "GET /analytics/indicators/{code}": (
            nothing,
            lambda api, w, p: api.get(f"/analytics/indicators/{PERMISSION_INDICATOR}", by="sex"),
            unchanged,
        ),
    }
