"""The report's figures on demo data, cross-checked against the operational database.

The demo is seeded through its real actions, the store refreshed, and the workbook exported
for the quarters where the demo has activity (the 2018 UNODC trainings, the 2024
Senegal-Mauritania workshops, the recent cases). Each key figure must equal a count made with
the ORM on the operational database, shown as "< 5" when it is 1 to 4; the participants grid
(topic x country) must equal a GROUP BY on the attendance lists.
"""

from __future__ import annotations

import datetime
import io
from collections import Counter
from typing import Any

import pytest
from openpyxl import load_workbook

from jokko.analytics import store
from jokko.reports.actions import export_quarterly_report
from jokko.reports.periods import Quarter
from tests.reports.test_quarterly import table_in

pytestmark = pytest.mark.django_db

QUARTERS = [Quarter(2018, 3), Quarter(2018, 4), Quarter(2024, 1), Quarter(2024, 2)]
OFFICERS = ("police", "gendarmerie", "border_officials")


@pytest.fixture
def demo(settings: Any) -> None:
    from jokko.community.demo import seed_demo as community
    from jokko.demo.seed import seed
    from jokko.incidents.demo import seed_demo as incidents
    from jokko.trainings.demo import seed_demo as trainings

    settings.NODE_COUNTRY = "SN"
    seed("SN", 40, log=lambda line: None)
    for seeder in (incidents, trainings, community):
        seeder()
    store.refresh(full=True)


def shown(n: int) -> int | str:
    return "< 5" if 0 < n < 5 else n


def orm_figures(start: datetime.date, end: datetime.date) -> dict[str, int]:
    from jokko.cases.models import Case
    from jokko.community.models import CommunityReport
    from jokko.incidents.models import Incident
    from jokko.trainings.models import Attendance

    trainees = Attendance.objects.filter(role="trainee", event__start_on__range=(start, end))

    def people(qs: Any) -> int:
        return int(qs.values("participant").distinct().count())

    return {
        "Survivors identified": Case.objects.filter(identified_on__range=(start, end))
        .values("person")
        .distinct()
        .count(),
        "Participants trained": people(trainees),
        "Magistrates trained": people(trainees.filter(event__audience="magistrates")),
        "Police, gendarmerie and border officers trained": people(
            trainees.filter(event__audience__in=OFFICERS)
        ),
        "Criminal justice actors trained": people(
            trainees.filter(event__audience__in=(*OFFICERS, "magistrates"))
        ),
        "Relay trainers trained": people(trainees.filter(event__is_training_of_trainers=True)),
        "Incidents recorded": Incident.objects.filter(occurred_on__range=(start, end)).count(),
        "Community reports received": CommunityReport.objects.filter(
            received_at__date__range=(start, end)
        ).count(),
    }


def grid_in(sheet: Any, title: str) -> dict[tuple[str, str], Any]:
    """(row label, column header) -> value of the grid titled `title`."""
    rows = list(sheet.iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row[0] == title)
    header = [value for value in rows[start + 1] if value is not None]
    out: dict[tuple[str, str], Any] = {}
    for row in rows[start + 2 :]:
        if row[0] is None:
            break
        for column, value in zip(header[1:], row[1 : len(header)], strict=True):
            out[(str(row[0]), str(column))] = value
    return out


def test_report_figures_equal_direct_counts_on_the_operational_database(demo: None) -> None:
    from jokko.accounts.models import User
    from jokko.cases.models import Case

    coordinator = User.objects.get(username="coordination")
    # ... and the two quarters with the most identifications of the demo's cases.
    busiest = Counter(
        Quarter.containing(day) for day in Case.objects.values_list("identified_on", flat=True)
    )
    case_quarters = [quarter for quarter, _n in busiest.most_common(2)]
    seen_trainees = seen_survivors = 0
    for quarter in QUARTERS + case_quarters:
        content = export_quarterly_report(
            coordinator, quarter, region=None, language="en", fmt="xlsx"
        ).content
        book = load_workbook(io.BytesIO(content))
        key = table_in(book["Cover"], "Key figures")
        expected = orm_figures(quarter.start, quarter.end)
        for label, n in expected.items():
            assert key[label][0] == shown(n), (quarter.label, label, key[label], n)
        seen_trainees += expected["Participants trained"]
        seen_survivors += expected["Survivors identified"]
        # The topic x country grid against the attendance lists, person by person.
        grid = grid_in(book["Trainings"], "Participants by topic and country of the participant")
        people = _distinct_people_by_pair(quarter)
        assert {pair for pair, value in grid.items() if value != 0} == set(people)
        for pair, n in people.items():
            assert grid[pair] == shown(n), (quarter.label, pair, n)
    # the demo's trainings and cases really were in these quarters
    assert seen_trainees > 50 and seen_survivors >= 10


def _distinct_people_by_pair(quarter: Quarter) -> dict[tuple[str, str], int]:
    from jokko.gazetteer.places import country_name
    from jokko.trainings.models import Attendance

    people: dict[tuple[str, str], set[int]] = {}
    for topic, country, participant in Attendance.objects.filter(
        role="trainee", event__start_on__range=(quarter.start, quarter.end)
    ).values_list("event__topic__name_en", "participant__country", "participant"):
        people.setdefault((topic, country_name(country, "en")), set()).add(participant)
    return {pair: len(ids) for pair, ids in people.items()}
