"""API routes of the justice app (mounted under /api/v1/justice/ by jokko/api/api.py)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["justice"])
