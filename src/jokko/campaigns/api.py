"""API routes of the campaigns app (mounted under /api/v1/campaigns/ by jokko/api/api.py)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["campaigns"])
