"""API routes of the dedup app (mounted under /api/v1/dedup/ by jokko/api/api.py)."""

from ninja import Router

router = Router(tags=["dedup"])
