"""The demo trainings: the seed documents' figures, recorded through the real actions, once."""

from __future__ import annotations

from typing import Any

import pytest

from jokko.trainings.demo import seed_demo
from jokko.trainings.indicators import training_indicators
from jokko.trainings.models import TrainingEvent

pytestmark = pytest.mark.django_db


def test_seed_records_the_seed_programmes_once(users: dict[str, Any], settings: Any) -> None:
    settings.NODE_COUNTRY = "SN"
    added = seed_demo()
    assert added == 23  # ToT + 15 relay sessions + magistrates + border units + 5 Senegal ones
    assert seed_demo() == 0
    assert TrainingEvent.objects.count() == added

    everything = training_indicators(TrainingEvent.objects.all())
    tot = everything["cascades"][0]
    assert (tot["relay_trainers"], tot["active_relays"], tot["sessions"]) == (15, 15, 15)
    # Sessions of 8 to 12 colleagues: 3 x (8 + 9 + 10 + 11 + 12) = 150 people reached.
    assert tot["reach"] == everything["cascade_reach"] == 150

    magistrates = training_indicators(TrainingEvent.objects.filter(audience="magistrates"))
    assert magistrates["participants"] == 25
    workshops = training_indicators(TrainingEvent.objects.filter(title__startswith="Atelier"))
    assert workshops["participants_by_topic_and_country"] == {
        "community_awareness": {"MR": 40, "SN": 50},
        "investigation": {"MR": 30, "SN": 45},
        "legal_framework": {"MR": 28, "SN": 35},
    }
    kedougou = TrainingEvent.objects.filter(place_code="SN-KE-KEDOUGOU", start_on__year=2023)
    assert sorted(training_indicators(kedougou)["participants_by_topic"].values()) == [17, 22]
    assert everything["mean_gain"] is not None and everything["mean_gain"] > 0


def test_seed_on_a_mali_node_has_no_senegal_workshops(users: dict[str, Any], settings: Any) -> None:
    settings.NODE_COUNTRY = "ML"
    assert seed_demo() == 18
    assert not TrainingEvent.objects.filter(title__startswith="Atelier").exists()
    assert set(TrainingEvent.objects.values_list("country", flat=True)) == {"ML"}


def test_seed_needs_the_programme_officer(db: Any) -> None:
    assert seed_demo() == 0
