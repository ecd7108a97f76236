"""API routes of the odk app (mounted under /api/v1/odk/ by jokko/api/api.py)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["odk"])
