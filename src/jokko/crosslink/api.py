"""API routes of the crosslink app (mounted under /api/v1/crosslink/ by jokko/api/api.py)."""

from ninja import Router

router = Router(tags=["crosslink"])
