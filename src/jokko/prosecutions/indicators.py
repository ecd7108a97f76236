"""Justice indicators over a set of prosecutions, for the justice page and the analysis issue.

Counts only, never identities: the result can be shown to analysts. Convictions and acquittals
are counted per charge (a defendant convicted of TIP and acquitted of SOM counts in both), and
also per defendant convicted, because "how many traffickers were convicted" is the question
ministers ask.
"""

from __future__ import annotations

import statistics
from typing import Any

from django.db.models import Count, QuerySet

from jokko.incidents.models import Offence
from jokko.prosecutions.models import (
    Charge,
    HearingKind,
    LegalAidFile,
    Prosecution,
    ProsecutionStatus,
    Sentence,
    StopReason,
    Verdict,
    VerdictOutcome,
)


def _spread(values: list[int]) -> dict[str, Any]:
    if not values:
        return {"count": 0, "median": None, "min": None, "max": None}
    return {
        "count": len(values),
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
    }


def _by_offence(verdicts: QuerySet[Verdict], outcome: str) -> dict[str, int]:
    counts = dict(
        verdicts.filter(outcome=outcome)
        .values_list("charge__offence")
        .annotate(n=Count("id"))
        .values_list("charge__offence", "n")
    )
    return {code: counts.get(code, 0) for code in Offence.values}


def prosecution_indicators(qs: QuerySet[Prosecution]) -> dict[str, Any]:
    """Prosecutions, outcomes by offence, sentence lengths, delays and attrition for `qs`."""
    ids = list(qs.values_list("pk", flat=True))
    charges = Charge.objects.filter(defendant__prosecution_id__in=ids)
    verdicts = Verdict.objects.filter(charge__in=charges)
    sentences = Sentence.objects.filter(verdict__in=verdicts)

    charge_counts = dict(
        charges.values_list("offence").annotate(n=Count("id")).values_list("offence", "n")
    )
    # Time from the survivor's identification to the first verdict of the linked prosecution.
    first_verdicts: dict[int, Any] = {}
    for prosecution_id, decided_on in verdicts.values_list(
        "charge__defendant__prosecution_id", "decided_on"
    ):
        if prosecution_id not in first_verdicts or decided_on < first_verdicts[prosecution_id]:
            first_verdicts[prosecution_id] = decided_on
    delays = [
        (first_verdicts[prosecution_id] - identified_on).days
        for prosecution_id, identified_on in LegalAidFile.objects.filter(
            prosecution_id__in=first_verdicts
        ).values_list("prosecution_id", "case__identified_on")
    ]

    tried = set(
        qs.filter(hearings__kind__in=[HearingKind.TRIAL, HearingKind.DELIBERATION]).values_list(
            "pk", flat=True
        )
    )
    charged = set(charges.values_list("defendant__prosecution_id", flat=True))
    decided = set(first_verdicts)
    convicted = set(
        verdicts.filter(outcome=VerdictOutcome.CONVICTED).values_list(
            "charge__defendant__prosecution_id", flat=True
        )
    )
    dropped = dict(
        qs.filter(status=ProsecutionStatus.DROPPED)
        .values_list("stop_reason")
        .annotate(n=Count("id"))
        .values_list("stop_reason", "n")
    )
    return {
        "prosecutions": len(ids),
        "by_status": {code: qs.filter(status=code).count() for code in ProsecutionStatus.values},
        "charges_by_offence": {code: charge_counts.get(code, 0) for code in Offence.values},
        "convictions_by_offence": _by_offence(verdicts, VerdictOutcome.CONVICTED),
        "acquittals_by_offence": _by_offence(verdicts, VerdictOutcome.ACQUITTED),
        "dismissals_by_offence": _by_offence(verdicts, VerdictOutcome.DISMISSED),
        "convictions": verdicts.filter(outcome=VerdictOutcome.CONVICTED).count(),
        "acquittals": verdicts.filter(outcome=VerdictOutcome.ACQUITTED).count(),
        "defendants_convicted": verdicts.filter(outcome=VerdictOutcome.CONVICTED)
        .values("charge__defendant")
        .distinct()
        .count(),
        "sentence_months": _spread(list(sentences.values_list("prison_months", flat=True))),
        "days_identification_to_verdict": _spread(delays),
        "attrition": {
            # How many prosecutions reached each stage; the drop between stages is the attrition.
            "stages": {
                "opened": len(ids),
                "charged": len(charged),
                "tried": len(tried | decided),
                "verdict": len(decided),
                "conviction": len(convicted),
            },
            "dropped": sum(dropped.values()),
            "dropped_by_reason": {code: dropped.get(code, 0) for code in StopReason.values if code},
        },
    }
