"""API routes of the prosecutions app (mounted under /api/v1/prosecutions/ by jokko/api/api.py)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["prosecutions"])
