"""API routes of the community app (mounted under /api/v1/community/ by jokko/api/api.py)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["community"])
