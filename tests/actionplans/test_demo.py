"""The demo joint plan: seeded through the real actions, once."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse

from jokko.actionplans.demo import seed_demo
from jokko.actionplans.indicators import plan_indicators
from jokko.actionplans.models import Activity, Decision, Plan
from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_demo_plan_is_seeded_once_with_done_and_overdue_work(
    users: dict[str, Any], client: Any
) -> None:
    assert seed_demo() > 0
    count = Activity.objects.count()
    assert seed_demo() == 0 and Activity.objects.count() == count
    plan = Plan.objects.get()
    assert plan.country_list == ["MR", "SN"]
    figures = plan_indicators(Plan.objects.all())
    assert figures["activities"] == 10
    if datetime.date.today() >= datetime.date(2026, 11, 1):
        # Done: the training sessions and three workshops; cancelled: none.
        assert figures["activities_by_status"]["done"] == 4
        assert figures["completion_rate"] == 0.4
        # Late: the task force (June 2026), schools (Sept 2026), harmonisation (Oct 2026).
        assert figures["overdue_activities"] == 3
        assert figures["overdue_follow_ups"] == 1
        assert Decision.objects.filter(status="done").count() >= 3
    login(client, users["programme"])
    page = client.get(reverse("actionplan-timeline", args=[plan.pk])).content.decode()
    assert "Joint task force for coordinated operations" in page
    assert "Workshop: investigative techniques and skills (45 SN / 30 MR)" in page
