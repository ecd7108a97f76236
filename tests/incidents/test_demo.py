"""The demo incidents: recorded through the real action, once."""

from __future__ import annotations

from typing import Any

import pytest

from jokko.accounts.models import Organisation, User
from jokko.incidents.demo import seed_demo
from jokko.incidents.indicators import incident_indicators
from jokko.incidents.models import Incident, Suspect

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_users(orgs: dict[str, Any]) -> None:
    Organisation.objects.create(name="Brigade de Saraya", kind="gendarmerie", country="SN")
    User.objects.create_user(username="enqueteur", role="investigator", organisation=orgs["police"])
    User.objects.create_user(
        username="coordination", role="coordinator", organisation=orgs["ministry"]
    )


def test_seed_records_the_incidents_once(demo_users: None):
    assert seed_demo() == 4
    assert seed_demo() == 0
    indicators = incident_indicators(Incident.objects.all())
    assert indicators["by_kind"] == {
        "border_interception": 1,
        "raid_rescue": 1,
        "boat_departure": 1,
        "boat_interception": 1,
    }
    assert indicators["persons_by_role"]["smuggled_migrant"] == 12 + 61 + 137
    assert Suspect.objects.count() == 4
    assert Incident.objects.get(kind="raid_rescue").unit.kind == "gendarmerie"


def test_seed_does_nothing_without_the_demo_users(users: dict[str, Any]):
    assert seed_demo() == 0
    assert Incident.objects.count() == 0
