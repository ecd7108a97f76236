"""API routes of the cooperation app (mounted under /api/v1/cooperation/ by jokko/api/api.py)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["cooperation"])
