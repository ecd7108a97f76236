"""Incident indicators for the analysis issue and the justice indicators page.

Counts only: no names, no person ids. Counted people (twelve migrants without names) weigh as
many persons as their count, so "persons intercepted" does not depend on whether the officer
had time to write names down.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import Count, QuerySet, Sum

from jokko.incidents.models import Incident, IncidentPerson, Offence


def incident_indicators(incidents: QuerySet[Incident]) -> dict[str, Any]:
    """{"incidents": n, "by_kind": {kind: n}, "by_place": {place_code: n},
    "persons_by_role": {role: persons}, "persons_intercepted": n, "by_offence": {offence: n}}.

    `by_offence` counts incidents per offence: an incident revealing both counts once in each.
    """
    by_kind = dict(
        incidents.order_by().values_list("kind").annotate(n=Count("id")).values_list("kind", "n")
    )
    by_place = dict(
        incidents.order_by()
        .values_list("place_code")
        .annotate(n=Count("id"))
        .values_list("place_code", "n")
    )
    by_offence: Counter[str] = Counter()
    for offences in incidents.values_list("offences", flat=True):
        by_offence.update(code for code in set(offences) if code in Offence.values)
    persons_by_role = {
        role: total or 0
        for role, total in IncidentPerson.objects.filter(incident__in=incidents)
        .order_by()
        .values_list("role")
        .annotate(total=Sum("count"))
        .values_list("role", "total")
    }
    return {
        "incidents": incidents.count(),
        "by_kind": by_kind,
        "by_place": by_place,
        "persons_by_role": persons_by_role,
        "persons_intercepted": sum(persons_by_role.values()),
        "by_offence": dict(by_offence),
    }
