"""API routes of the programmes app (mounted under /api/v1/programmes/ by jokko/api/api.py)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router

from jokko.accounts.access import ActionForbidden
from jokko.api.schemas import ERRORS
from jokko.programmes.indicators import can_see_programme_indicators, programme_indicators
from jokko.programmes.views import filters_from

router = Router(tags=["programmes"])


@router.get("/indicators", response={200: dict[str, Any], **ERRORS})
def indicators(request: HttpRequest, period: str = "", country: str = "") -> dict[str, Any]:
    """Trainings, joint action plans, awareness campaigns and community reports.

    `period`: 2024, 2024-Q3, 2024-07 or 2024-01-01..2024-06-30; `country`: ISO 3166-1 alpha-2.
    Analysts get the same figures with counts from 1 to 4 replaced by null. `missing` lists
    sections this node cannot compute.
    """
    user = request.auth  # type: ignore[attr-defined]
    if not can_see_programme_indicators(user):
        raise ActionForbidden
    filters, errors = filters_from({"period": period, "country": country})
    if errors:
        raise ValidationError({"__all__": errors})
    return programme_indicators(user, filters)
