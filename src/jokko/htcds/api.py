"""API routes of the htcds app (mounted under /api/v1/htcds/ by jokko/api/api.py)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["htcds"])
