"""Investigation indicators for the analysis issue and the justice indicators page.

Counts only: no names, no case references. A unit is an organisation of the state, not a
person, so figures per unit are not personal data.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import Count, QuerySet

from jokko.incidents.models import Offence
from jokko.investigations.models import Investigation, InvestigationStatus


def investigation_indicators(investigations: QuerySet[Investigation]) -> dict[str, Any]:
    """{"investigations": n, "by_offence": {offence: n}, "by_unit": {unit name: n},
    "by_status": {status: n} (every status, zeros included), "referred_for_prosecution": n,
    "closed_no_further_action": n}.

    `by_offence` counts investigations per offence: one into both trafficking and smuggling
    counts once in each, so the offence counts may add up to more than `investigations`.
    """
    by_offence: Counter[str] = Counter()
    for offences in investigations.values_list("offences", flat=True):
        by_offence.update(code for code in set(offences) if code in Offence.values)
    by_unit = dict(
        investigations.order_by()
        .values_list("unit__name")
        .annotate(n=Count("id"))
        .values_list("unit__name", "n")
    )
    counted = dict(
        investigations.order_by()
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    by_status = {status: counted.get(status, 0) for status in InvestigationStatus.values}
    return {
        "investigations": investigations.count(),
        "by_offence": dict(by_offence),
        "by_unit": by_unit,
        "by_status": by_status,
        "referred_for_prosecution": by_status[InvestigationStatus.REFERRED_FOR_PROSECUTION],
        "closed_no_further_action": by_status[InvestigationStatus.CLOSED_NO_FURTHER_ACTION],
    }
