"""API routes of the federation app (mounted under /api/v1/federation/ by jokko/api/api.py)."""

from ninja import Router

router = Router(tags=["federation"])
