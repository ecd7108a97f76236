"""API routes of the dashboards app (mounted under /api/v1/dashboards/ by jokko/api/api.py)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["dashboards"])
