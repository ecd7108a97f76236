"""API routes of the bulletins app (mounted under /api/v1/bulletins/ by jokko/api/api.py)."""

from ninja import Router

router = Router(tags=["bulletins"])
