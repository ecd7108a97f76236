"""API routes of the actionplans app (mounted under /api/v1/actionplans/ by jokko/api/api.py)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["actionplans"])
