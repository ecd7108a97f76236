"""Indicators of awareness campaigns, for the programme indicators page and API.

`campaign_indicators(qs)` is the promised interface: it takes campaigns and aggregates their
events (count and people reached) by kind, audience, place and country. Aggregates only.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet, Sum

from jokko.campaigns.models import Campaign, CampaignEvent
from jokko.gazetteer import places


def _region(code: str) -> str:
    try:
        place = places.get(code)
    except KeyError:
        return code
    return place.region or place.code


def campaign_indicators(
    qs: QuerySet[Campaign], events: QuerySet[CampaignEvent] | None = None
) -> dict[str, Any]:
    """Events and reach of the campaigns in `qs` (optionally restricted to `events`)."""
    chosen = CampaignEvent.objects.filter(campaign__in=qs)
    if events is not None:
        chosen = chosen.filter(pk__in=events.values("pk"))
    totals = chosen.aggregate(
        events=Count("id"),
        reach=Sum("reach_total"),
        female=Sum("reach_female"),
        male=Sum("reach_male"),
        materials=Sum("materials_count"),
    )

    def grouped(field: str) -> dict[str, dict[str, int]]:
        rows = chosen.values(field).annotate(n=Count("id"), reach=Sum("reach_total"))
        return {
            row[field]: {"events": row["n"], "reach": row["reach"] or 0}
            for row in rows.order_by(field)
        }

    by_place = grouped("place_code")
    by_region: dict[str, dict[str, int]] = {}
    by_country: dict[str, dict[str, int]] = {}
    for code, row in by_place.items():
        for key, target in ((_region(code), by_region), (code[:2], by_country)):
            bucket = target.setdefault(key, {"events": 0, "reach": 0})
            bucket["events"] += row["events"]
            bucket["reach"] += row["reach"]
    return {
        "campaigns": qs.count(),
        "events": totals["events"] or 0,
        "reach": totals["reach"] or 0,
        "reach_female": totals["female"] or 0,
        "reach_male": totals["male"] or 0,
        "materials_distributed": totals["materials"] or 0,
        "by_kind": grouped("kind"),
        "by_audience": grouped("audience"),
        "by_place": by_place,
        "by_region": dict(sorted(by_region.items())),
        "by_country": dict(sorted(by_country.items())),
    }
