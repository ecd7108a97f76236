"""API routes of the investigations app (mounted under /api/v1/investigations/)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["investigations"])
