"""Rows of the shared API permission matrix (tests/api/test_api.py) for the networks API."""

from __future__ import annotations

from typing import Any


def network_api_calls() -> dict[str, tuple[Any, Any, Any]]:
    """(prepare, call, effect) per route, over the incidents matrix's Kidira suspect: only
    investigators get an answer, and reading a network writes nothing but audit entries."""
    from tests.incidents.helpers import suspect_for_permissions

    def node(world: Any) -> str:
        return f"suspect:{suspect_for_permissions().pk}"

    def unchanged(world: Any, prepared: Any, before: Any, after: Any) -> bool:
        return bool(before == after)

    return {
        "GET /networks/overview": (
            node,
            lambda api, w, p: api.get("/networks/overview"),
            unchanged,
        ),
        "GET /networks/ego": (
            node,
            lambda api, w, p: api.get("/networks/ego", node=p, hops=2),
            unchanged,
        ),
        "GET /networks/path": (
            node,
            lambda api, w, p: api.get("/networks/path", a=p, b=p),
            unchanged,
        ),
    }
