"""The demo prosecutions: recorded through the real actions, once, on the incidents demo."""

from __future__ import annotations

from typing import Any

import pytest

from jokko.accounts.models import Organisation, User
from jokko.incidents.demo import seed_demo as seed_incidents
from jokko.prosecutions.demo import seed_demo
from jokko.prosecutions.indicators import prosecution_indicators
from jokko.prosecutions.models import Prosecution

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_users(orgs: dict[str, Any]) -> None:
    Organisation.objects.create(name="Brigade de Saraya", kind="gendarmerie", country="SN")
    User.objects.create_user(username="enqueteur", role="investigator", organisation=orgs["police"])
    User.objects.create_user(
        username="coordination", role="coordinator", organisation=orgs["ministry"]
    )
    User.objects.create_user(username="magistrat", role="prosecutor", organisation=orgs["court"])


def test_seed_prosecutes_the_demo_suspects_once(demo_users: None) -> None:
    assert seed_demo() == 0  # nothing to prosecute before the incidents demo
    seed_incidents()
    assert seed_demo() == 2
    assert seed_demo() == 0
    result = prosecution_indicators(Prosecution.objects.all())
    assert result["convictions_by_offence"] == {"tip": 1, "som": 1}
    assert result["acquittals_by_offence"] == {"tip": 0, "som": 1}
    assert result["sentence_months"]["max"] == 84
