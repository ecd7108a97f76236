"""API routes of the networks app (mounted under /api/v1/networks/ by jokko/api/api.py)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["networks"])
