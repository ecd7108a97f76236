"""API routes of the releases app (mounted under /api/v1/releases/ by jokko/api/api.py)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["releases"])
