"""API routes of the trainings app (mounted under /api/v1/trainings/ by jokko/api/api.py)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["trainings"])
