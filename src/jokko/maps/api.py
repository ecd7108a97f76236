"""API routes of the maps app (mounted under /api/v1/maps/ by jokko/api/api.py)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["maps"])
