"""Rows of the API permission matrix (tests/api) for the reports routes."""

from __future__ import annotations

from typing import Any


def reports_api_calls() -> dict[str, tuple[Any, Any, Any]]:
    """(prepare, call, effect): the Excel report of 2025-Q2; the effect is its export entry."""

    def exports(world: Any) -> int:
        from jokko.audit.models import AuditEntry

        return AuditEntry.objects.filter(action="export", object_type="quarterly_report").count()

    def call(api: Any, world: Any, prepared: Any) -> Any:
        return api.get("/reports/quarterly", quarter="2025-Q2", format="xlsx")

    def exported(world: Any, prepared: Any, before: Any, after: Any) -> bool:
        return exports(world) == prepared + 1

    return {"GET /reports/quarterly": (exports, call, exported)}
