"""The demo: reports from several committees, the hotline, SMS and the web; some triaged,
one duplicate, one case, one forwarded; seeding twice adds nothing."""

from __future__ import annotations

from typing import Any

import pytest

from jokko.community.demo import seed_demo
from jokko.community.indicators import report_indicators
from jokko.community.models import CommunityReport

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_node(settings: Any) -> None:
    from jokko.demo.seed import ensure_organisations, ensure_users

    settings.NODE_COUNTRY = "SN"
    ensure_users("SN", ensure_organisations("SN"))


def test_the_demo_shows_reports_from_several_committees_and_channels(demo_node: None) -> None:
    created = seed_demo()
    reports = CommunityReport.objects.all()
    assert created == reports.count() >= 10
    data = report_indicators(reports)
    assert data["committees"] >= 5
    assert set(data["by_channel"]) == {"committee", "hotline", "sms", "public_web"}
    assert data["converted_to_case"] == 1
    assert {"duplicate", "case", "forwarded", "triaged", "dismissed", "new"} <= set(
        data["by_status"]
    )
    assert data["median_hours_to_triage"] is not None
    relais = reports.filter(reporter__username="relais")
    assert relais.count() == 2
    assert {r.place_code for r in relais} == {"SN-KE-BANTACO"}
    case_report = reports.get(status="case")
    assert case_report.case is not None and case_report.case.organisation.kind == "hotline"
    assert seed_demo() == 0 and CommunityReport.objects.count() == created
