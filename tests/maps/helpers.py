"""Rows of the shared API permission matrix (tests/api/test_api.py) for the maps API."""

from __future__ import annotations

from typing import Any


def maps_api_calls() -> dict[str, tuple[Any, Any, Any]]:
    """(prepare, call, effect) per route: coordinators and analysts read, nothing changes."""

    def nothing(world: Any) -> None:
        return None

    def unchanged(world: Any, prepared: Any, before: Any, after: Any) -> bool:
        return bool(before == after)

    return {
        "GET /maps/hotspots": (
            nothing,
            lambda api, w, p: api.get("/maps/hotspots", start="2024-01-01"),
            unchanged,
        ),
        "GET /maps/routes": (nothing, lambda api, w, p: api.get("/maps/routes"), unchanged),
        "GET /maps/emerging": (
            nothing,
            lambda api, w, p: api.get("/maps/emerging", seasonal="true"),
            unchanged,
        ),
    }
