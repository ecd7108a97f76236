"""The demo investigations: opened through the real actions, once, on A's demo incidents."""

from __future__ import annotations

from typing import Any

import pytest

from jokko.accounts.models import Organisation, User
from jokko.incidents.demo import seed_demo as seed_incidents
from jokko.investigations.demo import seed_demo
from jokko.investigations.models import Investigation

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_users(orgs: dict[str, Any]) -> None:
    Organisation.objects.create(name="Brigade de Saraya", kind="gendarmerie", country="SN")
    User.objects.create_user(username="enqueteur", role="investigator", organisation=orgs["police"])
    User.objects.create_user(
        username="coordination", role="coordinator", organisation=orgs["ministry"]
    )


def test_seed_opens_the_investigations_once_on_the_demo_incidents(demo_users: None) -> None:
    seed_incidents()
    assert seed_demo() == 2
    assert seed_demo() == 0
    kidira = Investigation.objects.get(title__contains="Kidira")
    assert [i.place_code for i in kidira.incidents.all()] == ["SN-TC-KIDIRA"]
    assert kidira.suspects.count() == 2
    exhibit = kidira.evidence.get()
    assert exhibit.read_document().startswith("Procès-verbal".encode())
    assert exhibit.custody.count() == 1
    assert Investigation.objects.get(title__contains="Guet Ndar").status == (
        "referred_for_prosecution"
    )


def test_seed_without_incidents_still_opens_the_investigations(demo_users: None) -> None:
    assert seed_demo() == 2
    assert not Investigation.objects.filter(incidents__isnull=False).exists()


def test_seed_needs_the_demo_investigator(db: Any) -> None:
    assert seed_demo() == 0
