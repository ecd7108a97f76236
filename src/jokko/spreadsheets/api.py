"""API routes of the spreadsheets app (mounted under /api/v1/spreadsheets/ by jokko/api/api.py)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["spreadsheets"])
