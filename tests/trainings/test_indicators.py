"""Training indicators and cascades, with hand-made data and the seed documents' own figures.

Seed figures used (shared/seeds):
* Liptako-Gourma (UNODC, Sept.-Nov. 2018): "twenty-five (25) magistrates in each country, for a
  total of seventy-five (75)" (Burkina Faso, Mali, Niger); "fifteen (15) relay trainers of law
  enforcement officers in each country, making a total of forty-five (45) trainers";
* Senegal-Mauritania capacity-building workshops: Legal Frameworks 35 SN / 28 MR,
  Investigative Techniques 45 / 30, Community Awareness 50 / 40.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from jokko.trainings import actions
from jokko.trainings.cascade import CascadeEvent, build_cascade, cascade_parents
from jokko.trainings.indicators import training_indicators
from jokko.trainings.models import TrainingEvent
from tests.trainings.helpers import make_training, row

pytestmark = pytest.mark.django_db

D = datetime.date
CAPITAL = {"BF": "BF-03-OUAGADOUGOU", "ML": "ML-BKO-BAMAKO", "NE": "NE-8-NIAMEY"}


def _people(prefix: str, count: int, agency: str, country: str, **fields: Any) -> list[Any]:
    return [
        row(f"{prefix} {i:02d}", agency=agency, country=country, **fields)
        for i in range(1, count + 1)
    ]


def test_25_magistrates_in_each_of_three_countries_make_75(users: dict[str, Any]) -> None:
    programme = users["programme"]
    for country in ("BF", "ML", "NE"):
        event = make_training(
            title=f"Tutorat magistrats {country}",
            topic="prosecution",
            audience="magistrates",
            country=country,
            place_code=CAPITAL[country],
            start_on=D(2018, 9, 17),
            end_on=D(2018, 9, 21),
        )
        actions.add_participants(
            programme,
            event,
            _people(f"Magistrat {country}", 25, "École de la magistrature", country),
        )
    figures = training_indicators(TrainingEvent.objects.all())
    assert figures["events"] == 3
    assert figures["participants"] == 75
    assert figures["participants_by_audience"] == {"magistrates": 75}
    assert figures["participants_by_country"] == {"BF": 25, "ML": 25, "NE": 25}
    assert figures["participants_by_topic"] == {"prosecution": 75}
    assert figures["events_by_country"] == {"BF": 1, "ML": 1, "NE": 1}


def test_senegal_mauritania_workshops_by_country_and_topic(users: dict[str, Any]) -> None:
    programme = users["programme"]
    table = {
        "legal_framework": (35, 28),
        "investigation": (45, 30),
        "community_awareness": (50, 40),
    }
    for topic, (senegal, mauritania) in table.items():
        event = make_training(
            title=f"Atelier {topic}", topic=topic, audience="mixed", place_code="SN-SL-SAINT_LOUIS"
        )
        actions.add_participants(
            programme,
            event,
            _people(f"{topic} SN", senegal, "Police nationale", "SN")
            + _people(f"{topic} MR", mauritania, "Police nationale", "MR"),
        )
    figures = training_indicators(TrainingEvent.objects.all())
    assert figures["participants_by_topic_and_country"] == {
        "community_awareness": {"MR": 40, "SN": 50},
        "investigation": {"MR": 30, "SN": 45},
        "legal_framework": {"MR": 28, "SN": 35},
    }
    assert figures["participants_by_country"] == {"MR": 98, "SN": 130}
    assert figures["participants"] == 228


def test_people_are_counted_once_however_many_trainings(users: dict[str, Any]) -> None:
    programme = users["programme"]
    first = make_training()
    second = make_training(title="Cadre juridique", topic="legal_framework", audience="mixed")
    actions.add_participants(
        programme,
        first,
        [
            row("Awa Ndiaye", sex="female", pre_score=40, post_score=80),
            row("Moussa Sarr", sex="male", agency="Gendarmerie", pre_score=50, post_score=70),
            row("Aminata Ba", role="trainer", agency="UNODC"),
        ],
    )
    actions.add_participants(programme, second, [row("NDIAYE Awa", pre_score=60, post_score=90)])
    figures = training_indicators(TrainingEvent.objects.all())
    assert figures["participants"] == 2
    assert figures["trainers"] == 1
    assert figures["participants_by_sex"] == {"female": 1, "male": 1}
    assert figures["participants_by_agency"] == {"Division traite": 1, "Gendarmerie": 1}
    assert figures["participants_by_topic"] == {"legal_framework": 1, "victim_identification": 2}
    # Means over attendances: pre (40+50+60)/3 = 50, post (80+70+90)/3 = 80, gain 30.
    assert (figures["mean_pre_score"], figures["mean_post_score"], figures["mean_gain"]) == (
        50.0,
        80.0,
        30.0,
    )
    assert figures["certificates"] == 3
    only_first = training_indicators(TrainingEvent.objects.filter(pk=first.pk))
    assert only_first["participants"] == 2 and only_first["mean_gain"] == 30.0


def test_no_event_gives_zeros_not_errors() -> None:
    figures = training_indicators(TrainingEvent.objects.none())
    assert figures["events"] == figures["participants"] == figures["cascade_reach"] == 0
    assert figures["mean_gain"] is None


def _tot_with_relays(programme: Any, relays_per_session: int = 10) -> tuple[Any, list[Any]]:
    """A ToT training 15 relay trainers; each relay then trains colleagues in a session."""
    tot = make_training(
        title="Formation de formateurs relais",
        topic="training_of_trainers",
        audience="mixed",
        tot=True,
        start_on=D(2018, 9, 3),
        end_on=D(2018, 9, 7),
    )
    relays = _people("Relais", 15, "Police nationale", "SN")
    actions.add_participants(programme, tot, relays)
    sessions = []
    for i, relay in enumerate(relays):
        session = make_training(
            title=f"Restitution {i}",
            audience="police",
            start_on=D(2018, 10, 1) + datetime.timedelta(days=i),
            end_on=D(2018, 10, 1) + datetime.timedelta(days=i),
        )
        trainer = row(relay.name, agency=relay.agency, role="trainer")
        colleagues = _people(f"Collègue {i}", relays_per_session, "Commissariat", "SN")
        actions.add_participants(programme, session, [trainer, *colleagues])
        sessions.append(session)
    return tot, sessions


def test_fifteen_relay_trainers_and_their_cascade_reach(users: dict[str, Any]) -> None:
    programme = users["programme"]
    tot, sessions = _tot_with_relays(programme)
    # One colleague attends a second session: reach counts people, not attendances.
    actions.add_participants(programme, sessions[1], [row("Collègue 0 01", agency="Commissariat")])
    figures = training_indicators(TrainingEvent.objects.all())
    assert figures["cascade_reach"] == 150
    assert figures["cascades"] == [
        {
            "event_id": tot.pk,
            "reference": tot.reference,
            "relay_trainers": 15,
            "active_relays": 15,
            "sessions": 15,
            "reach": 150,
        }
    ]
    assert figures["trainers"] == 15
    # The relay trainers are counted once: as trainees of the ToT.
    assert figures["participants"] == 165


def test_a_session_before_the_tot_is_not_part_of_its_cascade(users: dict[str, Any]) -> None:
    programme = users["programme"]
    earlier = make_training(title="Avant", start_on=D(2018, 1, 8), end_on=D(2018, 1, 9))
    actions.add_participants(
        programme,
        earlier,
        [
            row("Relais 01", agency="Police nationale", role="trainer"),
            row("Stagiaire", agency="Commissariat"),
        ],
    )
    _tot_with_relays(programme, relays_per_session=2)
    figures = training_indicators(TrainingEvent.objects.all())
    assert figures["cascade_reach"] == 30


def test_cascade_levels_follow_trainers_of_trainers() -> None:
    """Pure computation: ToT 1 -> ToT 2 (by relay 10) -> session 3 (by 20, trained at 2)."""
    events = [
        CascadeEvent(1, D(2024, 1, 1), True, frozenset({10, 11}), frozenset({99})),
        CascadeEvent(2, D(2024, 2, 1), True, frozenset({20, 21}), frozenset({10})),
        CascadeEvent(3, D(2024, 3, 1), False, frozenset({30, 31, 32}), frozenset({20})),
        CascadeEvent(4, D(2024, 3, 2), False, frozenset({31, 40}), frozenset({11})),
        CascadeEvent(5, D(2024, 3, 3), False, frozenset({50}), frozenset({77})),  # unrelated
    ]
    assert cascade_parents(events) == {2: 1, 3: 2, 4: 1}
    cascade = build_cascade(1, events)
    assert [(lv.level, lv.events, lv.participants) for lv in cascade.levels] == [
        (0, 1, 2),
        (1, 2, 4),
        (2, 1, 3),
    ]
    # Downstream of ToT 1: 20, 21, 30, 31, 32, 40 (31 twice, counted once).
    assert cascade.total_reach == 6
    assert cascade.active_relays == 2
    assert [child.event_id for child in cascade.root.children] == [2, 4]


def test_the_latest_tot_of_a_trainer_is_the_parent() -> None:
    events = [
        CascadeEvent(1, D(2024, 1, 1), True, frozenset({10}), frozenset()),
        CascadeEvent(2, D(2024, 6, 1), True, frozenset({10}), frozenset()),
        CascadeEvent(3, D(2024, 9, 1), False, frozenset({30}), frozenset({10})),
    ]
    assert cascade_parents(events) == {3: 2}
    assert build_cascade(1, events).total_reach == 0
    assert build_cascade(2, events).total_reach == 1
