"""API routes of the reports app (mounted under /api/v1/reports/ by jokko/api/api.py)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["reports"])
