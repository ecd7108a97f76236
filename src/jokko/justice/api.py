"""API routes of the justice app (mounted under /api/v1/justice/ by jokko/api/api.py)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router

from jokko.accounts.access import ActionForbidden
from jokko.api.schemas import ERRORS
from jokko.incidents.models import Offence
from jokko.justice.access import can_read_indicators
from jokko.justice.indicators import Period, justice_indicators

router = Router(tags=["justice"])


@router.get("/indicators", response={200: dict[str, Any], **ERRORS})
def indicators(
    request: HttpRequest,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    offence: str = Query("", description="tip or som; both when empty"),
) -> dict[str, Any]:
    """The figures of the justice indicators page: incidents, investigations, prosecutions,
    verdicts, sentences, attrition and judicial cooperation, for a period and an offence."""
    if not can_read_indicators(request.auth):  # type: ignore[attr-defined]
        raise ActionForbidden
    if offence and offence not in Offence.values:
        raise ValidationError({"offence": [_("Unknown offence.")]})
    if start and end and end < start:
        raise ValidationError({"end": [_("The end of the period is before its start.")]})
    return justice_indicators(Period(start=start, end=end, offence=offence))
