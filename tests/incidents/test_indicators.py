"""Incident indicators: counted people weigh their count; one incident can reveal both."""

from __future__ import annotations

from typing import Any

import pytest

from jokko.incidents.actions import CountedInput
from jokko.incidents.indicators import incident_indicators
from jokko.incidents.models import Incident

pytestmark = pytest.mark.django_db


def test_indicators_by_kind_place_role_and_offence(record: Any):
    record()  # 2 suspects, 12 migrants at Kidira, smuggling
    record(
        kind="raid_rescue",
        place_code="SN-KE-KEDOUGOU",
        offences=["tip", "som"],
        suspects=[],
        counted=[CountedInput(role="survivor", count=7), CountedInput(role="witness", count=1)],
    )
    assert incident_indicators(Incident.objects.all()) == {
        "incidents": 2,
        "by_kind": {"border_interception": 1, "raid_rescue": 1},
        "by_place": {"SN-TC-KIDIRA": 1, "SN-KE-KEDOUGOU": 1},
        "persons_by_role": {"suspect": 2, "smuggled_migrant": 12, "survivor": 7, "witness": 1},
        "persons_intercepted": 22,
        "by_offence": {"som": 2, "tip": 1},
    }


def test_indicators_follow_the_queryset(record: Any):
    record()
    record(kind="arrest", suspects=[], counted=[])
    only_arrests = incident_indicators(Incident.objects.filter(kind="arrest"))
    assert only_arrests["incidents"] == 1
    assert only_arrests["persons_intercepted"] == 0
    assert only_arrests["persons_by_role"] == {}


def test_no_incident_gives_zeros():
    assert incident_indicators(Incident.objects.none())["incidents"] == 0
