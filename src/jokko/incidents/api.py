"""API routes of the incidents app (mounted under /api/v1/incidents/ by jokko/api/api.py)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["incidents"])
