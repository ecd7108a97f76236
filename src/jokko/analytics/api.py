"""API routes of the analytics app (mounted under /api/v1/analytics/ by jokko/api/api.py).

Everything here leaves the node, so every figure is suppressed (small counts hidden), whoever
asks; the store is refreshed first when it is older than JOKKO_ANALYTICS_MAX_AGE_MINUTES.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Router
from ninja.errors import HttpError

from jokko.accounts.access import ActionForbidden, NotFoundOrForbidden
from jokko.analytics import store
from jokko.analytics.access import can_see_catalogue, can_see_indicator, visible_indicators
from jokko.analytics.catalogue import INDICATORS, UnknownDisaggregation, describe
from jokko.analytics.filters import FilterError, Filters
from jokko.analytics.suppress import node_threshold
from jokko.api.schemas import ERRORS

router = Router(tags=["analytics"])


@router.get("/indicators", response={200: list[dict[str, Any]], **ERRORS})
def list_indicators(request: HttpRequest) -> list[dict[str, Any]]:
    """The catalogue: code, name, definition, formula, disaggregations and filters of every
    indicator the caller may see (in the language of the request)."""
    user = request.auth  # type: ignore[attr-defined]
    if not can_see_catalogue(user):
        raise ActionForbidden
    return [describe(indicator) for indicator in visible_indicators(user)]


@router.get("/indicators/{code}", response={200: dict[str, Any], **ERRORS})
def indicator_values(
    request: HttpRequest,
    code: str,
    start: str = "",
    end: str = "",
    region: str = "",
    exploitation_type: str = "",
    organisation: str = "",
    by: str = "",
) -> dict[str, Any]:
    """Values of one indicator, small counts suppressed (null, `suppressed: true`).

    `by`: a disaggregation from the catalogue entry, or two separated by a comma (e.g.
    `topic,country`); dates YYYY-MM-DD, inclusive; `region`: gazetteer region or country code.
    """
    user = request.auth  # type: ignore[attr-defined]
    indicator = INDICATORS.get(code)
    if indicator is None:
        raise NotFoundOrForbidden
    if not can_see_indicator(user, indicator):
        raise ActionForbidden
    try:
        filters = Filters.from_query(
            {
                "start": start,
                "end": end,
                "region": region,
                "exploitation_type": exploitation_type,
                "organisation": organisation,
            }
        )
    except FilterError as exc:
        raise ValidationError({"__all__": [str(exc)]}) from exc
    dims = [d.strip() for d in by.split(",") if d.strip()]
    unknown = [d for d in dims if d not in indicator.disaggregations]
    if unknown or len(dims) > 2:
        raise ValidationError(
            {"by": [f"choose at most two of: {', '.join(indicator.disaggregations)}"]}
        )
    try:
        store.ensure_fresh()
        with store.connect() as conn:
            table = indicator.table(conn, filters, dims, suppress=True)
    except UnknownDisaggregation as exc:
        raise ValidationError({"by": [str(exc)]}) from exc
    except store.StoreBusy as exc:
        raise HttpError(
            503, gettext("The analytical store is being refreshed; try again in a minute.")
        ) from exc
    return {
        **describe(indicator),
        "filters": filters.as_query(),
        "by": dims,
        "small_count_threshold": node_threshold(),
        **table,
        "refreshed_at": store.last_refresh(),
    }
