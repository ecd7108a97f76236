"""Report indicators on hand-made data: counts, conversion rates, median and p90 time to triage."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from jokko.community.indicators import percentile, report_indicators
from jokko.community.models import CommunityReport

pytestmark = pytest.mark.django_db
T0 = timezone.now() - datetime.timedelta(days=10)


def make(n: int, committee: Any = None, **fields: Any) -> CommunityReport:
    hours = fields.pop("hours", None)
    triaged = {"triaged_at": T0 + datetime.timedelta(hours=hours)} if hours is not None else {}
    return CommunityReport.objects.create(
        reference=f"T-{n}",
        description="x",
        received_at=T0,
        committee=committee,
        **triaged,
        **fields,
    )


def test_indicators_on_hand_made_reports(network: dict[str, Any], make_case: Any) -> None:
    case = make_case()
    bantaco, tombo = network["committee"], network["other_committee"]
    make(
        1,
        bantaco,
        channel="committee",
        place_code="SN-KE-BANTACO",
        status="case",
        case=case,
        urgency="immediate",
        hours=1,
    )
    make(2, bantaco, channel="committee", place_code="SN-KE-BANTACO", status="duplicate", hours=2)
    make(
        3,
        tombo,
        channel="committee",
        place_code="SN-KE-TOMBORONKOTO",
        status="triaged",
        urgency="high",
        hours=3,
    )
    make(4, channel="hotline", status="dismissed", urgency="low", hours=10)
    make(5, channel="sms", status="new")
    make(6, channel="public_web", status="new")
    data = report_indicators(CommunityReport.objects.all())
    assert data["reports"] == 6
    assert data["by_channel"] == {"committee": 3, "hotline": 1, "sms": 1, "public_web": 1}
    assert data["by_urgency"] == {"immediate": 1, "high": 1, "low": 1, "normal": 3}
    assert data["by_status"] == {"case": 1, "duplicate": 1, "triaged": 1, "dismissed": 1, "new": 2}
    assert data["by_place"] == {"SN-KE-BANTACO": 2, "SN-KE-TOMBORONKOTO": 1}
    assert data["by_committee"] == {bantaco.name: 2, tombo.name: 1} and data["committees"] == 2
    assert data["converted_to_case"] == 1 and data["converted_to_incident"] == 0
    assert data["case_conversion_rate"] == 0.2  # 1 of 5 distinct reports (the duplicate excluded)
    assert data["triaged"] == 4
    assert data["median_hours_to_triage"] == 2.5  # 1, 2, 3, 10
    assert data["p90_hours_to_triage"] == 10


def test_indicators_of_nothing(db: Any) -> None:
    data = report_indicators(CommunityReport.objects.none())
    assert data["reports"] == 0 and data["case_conversion_rate"] is None
    assert data["median_hours_to_triage"] is None and data["p90_hours_to_triage"] is None


def test_nearest_rank_percentile() -> None:
    values = [float(v) for v in range(1, 11)]
    assert percentile(values, 0.9) == 9 and percentile(values, 0.5) == 5
    assert percentile([4.0], 0.9) == 4 and percentile([], 0.9) is None


def test_the_seed_figure_163_survivors_from_19_committees(db: Any) -> None:
    """The Kédougou programme: 19 committees helped identify 163 survivors (seed document 004)."""
    from jokko.accounts.models import Organisation

    committees = [
        Organisation.objects.create(name=f"CVC {n}", kind="committee", country="SN")
        for n in range(19)
    ]
    for n in range(163):
        make(n, committees[n % 19], channel="committee", status="case")
    data = report_indicators(CommunityReport.objects.all())
    assert data["committees"] == 19
    assert data["reports"] == data["by_status"]["case"] == 163
