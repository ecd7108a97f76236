"""API routes of the programmes app (mounted under /api/v1/programmes/ by jokko/api/api.py)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["programmes"])
