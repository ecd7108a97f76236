"""Candidate duplicates of a report among the OPEN reports.

Several people often report the same scene: a committee member and a passer-by calling the
hotline about the same house in Bantaco. An operator must see those together before opening
two cases. We only suggest: the operator confirms "duplicate of" (`actions.mark_duplicate`).

Signals: the same contact (blind index, no decryption needed), or the same place and a similar
text (rapidfuzz `token_set_ratio` on the decrypted descriptions of open reports at that place —
a short list, so decrypting it is cheap).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from rapidfuzz import fuzz

from jokko.community.models import OPEN_STATUSES, CommunityReport

TEXT_THRESHOLD = 60.0
MAX_CANDIDATES = 5
SAME_CONTACT_SCORE = 100.0


@dataclass(frozen=True)
class Candidate:
    report: CommunityReport
    score: float  # 0-100
    same_contact: bool
    same_place: bool


def text_similarity(left: str, right: str) -> float:
    return float(fuzz.token_set_ratio(left.lower(), right.lower()))


def duplicate_candidates(report: CommunityReport) -> list[Candidate]:
    """Open reports that may tell the same story, best first."""
    signals = Q()
    if report.contact_index:
        signals |= Q(contact_index=report.contact_index)
    if report.place_code:
        signals |= Q(place_code=report.place_code)
    if not signals:
        return []
    others = (
        CommunityReport.objects.filter(status__in=OPEN_STATUSES)
        .filter(signals)
        .exclude(pk=report.pk)
        .order_by("-received_at", "-id")[:200]
    )
    found = []
    for other in others:
        same_contact = bool(report.contact_index) and other.contact_index == report.contact_index
        same_place = bool(report.place_code) and other.place_code == report.place_code
        score = text_similarity(report.description, other.description) if same_place else 0.0
        if same_contact:
            score = max(score, SAME_CONTACT_SCORE)
        if same_contact or score >= TEXT_THRESHOLD:
            found.append(Candidate(other, round(score, 1), same_contact, same_place))
    found.sort(key=lambda c: (-c.score, -c.report.pk))
    return found[:MAX_CANDIDATES]
