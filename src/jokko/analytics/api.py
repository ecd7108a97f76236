"""API routes of the analytics app (mounted under /api/v1/analytics/ by jokko/api/api.py)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["analytics"])
