"""Indicators on the demo data, cross-checked against the operational database.

The store is built empty, the demo is seeded through its real actions, and the store is brought
up to date by an INCREMENTAL refresh from the change log alone: matching direct SQL/ORM counts
on the operational database (and the existing justice, training and community indicator
functions) shows both that the SQL of each indicator is right and that the log missed nothing.
"""

from __future__ import annotations

import datetime
import itertools
import statistics
from collections import defaultdict
from typing import Any

import pytest
from django.db import connection
from django.db.models import Sum

from jokko.analytics import store
from jokko.analytics.catalogue import INDICATORS
from jokko.analytics.filters import Filters

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings: Any) -> None:
    from jokko.community.demo import seed_demo as community
    from jokko.demo.seed import seed
    from jokko.incidents.demo import seed_demo as incidents
    from jokko.investigations.demo import seed_demo as investigations
    from jokko.prosecutions.demo import seed_demo as prosecutions
    from jokko.trainings.demo import seed_demo as trainings

    settings.NODE_COUNTRY = "SN"
    store.refresh(full=True)  # an empty store: everything below arrives through the log
    seed("SN", 40, log=lambda line: None)
    for seeder in (incidents, investigations, prosecutions, trainings, community):
        seeder()
    report = store.refresh()
    assert report.full is False and report.total_rows > 0


def value(code: str, filters: Filters | None = None) -> Any:
    with store.connect() as conn:
        return INDICATORS[code].compute(conn, filters or Filters())[0]["value"]


def grouped(code: str, by: Any) -> dict[Any, Any]:
    with store.connect() as conn:
        rows = INDICATORS[code].compute(conn, Filters(), by=by)
    if isinstance(by, str):
        return {row[by]: row["value"] for row in rows}
    return {tuple(row[b] for b in by): row["value"] for row in rows}


def sql(statement: str, params: list[Any] | None = None) -> Any:
    with connection.cursor() as cursor:
        cursor.execute(statement, params or [])
        return cursor.fetchone()[0]


def persons(qs: Any, path: str) -> int:
    return int(qs.values(path).distinct().count())


def test_indicators_match_the_operational_database(demo: None) -> None:
    from jokko.cases.models import (
        Case,
        CaseEvent,
        FollowUp,
        Referral,
        ServiceDelivery,
        VoluntaryReturn,
    )
    from jokko.community.indicators import report_indicators
    from jokko.community.models import CommunityReport
    from jokko.incidents.models import Incident, IncidentPerson
    from jokko.justice.indicators import _convictions
    from jokko.prosecutions.models import Prosecution, Verdict
    from jokko.trainings.indicators import training_indicators
    from jokko.trainings.models import TrainingEvent

    assert Case.objects.count() >= 40
    # Direct SQL on the operational tables for the headline counts.
    assert value("survivors_identified") == sql("SELECT COUNT(DISTINCT person_id) FROM cases_case")
    assert value("services_delivered") == sql("SELECT COUNT(*) FROM cases_servicedelivery")
    assert value("referrals_made") == sql("SELECT COUNT(*) FROM cases_referral")
    this_year = datetime.date.today().year
    year = Filters(start=datetime.date(this_year, 1, 1), end=datetime.date(this_year, 12, 31))
    assert value("survivors_identified", year) == sql(
        "SELECT COUNT(DISTINCT person_id) FROM cases_case WHERE identified_on BETWEEN %s AND %s",
        [year.start, year.end],
    )
    # ORM for the rest.
    assert value("survivors_referred") == persons(Referral.objects.all(), "case__person")
    assert value("survivors_assisted") == persons(ServiceDelivery.objects.all(), "case__person")
    assert value("voluntary_returns") == persons(
        VoluntaryReturn.objects.filter(status="travelled"), "case__person"
    )
    assert value("survivors_reintegrated") == persons(
        CaseEvent.objects.filter(to_status="reintegration"), "case__person"
    )
    schooling = FollowUp.objects.filter(kind="schooling", status="done")
    assert value("survivors_in_school") == persons(schooling, "case__person")
    children = set()
    for f in schooling.select_related("case__person"):
        born = f.case.person.birth_year or (
            f.case.person.birth_date and f.case.person.birth_date.year
        )
        if born and f.case.identified_on.year - born < 18:
            children.add(f.case.person_id)
    assert value("children_in_school") == len(children)

    answered = [
        (r.responded_at - r.created_at).total_seconds() / 86400
        for r in Referral.objects.filter(responded_at__isnull=False)
        if r.responded_at is not None
    ]
    expected_median = round(statistics.median(answered), 1) if answered else None
    assert value("referral_response_days") == pytest.approx(expected_median, abs=0.051)
    gaps: list[float] = []
    by_case: dict[int, list[Any]] = defaultdict(list)
    for event in CaseEvent.objects.order_by("case_id", "at", "id"):
        by_case[event.case_id].append(event.at)
    for moments in by_case.values():
        gaps += [(b - a).total_seconds() / 86400 for a, b in itertools.pairwise(moments)]
    assert value("case_step_days") == pytest.approx(round(statistics.median(gaps), 1), abs=0.051)

    assert Incident.objects.exists() and Prosecution.objects.exists()
    assert value("incidents_recorded") == Incident.objects.count()
    migrants = IncidentPerson.objects.filter(role="smuggled_migrant").aggregate(n=Sum("count"))
    assert value("migrants_counted") == (migrants["n"] or 0)
    assert value("prosecutions_opened") == Prosecution.objects.count()
    assert value("convictions") == _convictions(Prosecution.objects.all())
    verdicts = Verdict.objects.count()
    if verdicts:
        expected_rate = round(Verdict.objects.filter(outcome="convicted").count() / verdicts, 4)
        assert value("conviction_rate") == pytest.approx(expected_rate)

    events = TrainingEvent.objects.all()
    trainings = training_indicators(events)
    assert trainings["participants"] > 0
    assert value("participants_trained") == trainings["participants"]
    magistrates = training_indicators(events.filter(audience="magistrates"))
    assert value("magistrates_trained") == magistrates["participants"]
    officers = training_indicators(
        events.filter(audience__in=["police", "gendarmerie", "border_officials"])
    )
    assert value("officers_trained") == officers["participants"]
    tot = training_indicators(events.filter(is_training_of_trainers=True))
    assert value("trainers_trained") == tot["participants"]
    assert grouped("participants_trained", "topic") == trainings["participants_by_topic"]
    assert grouped("participants_trained", "country") == trainings["participants_by_country"]

    reports = report_indicators(CommunityReport.objects.all())
    assert reports["reports"] > 0
    assert value("community_reports") == reports["reports"]
    assert grouped("community_reports", "channel") == reports["by_channel"]
    assert value("report_case_conversion") == pytest.approx(reports["case_conversion_rate"])


def test_disaggregations_match_the_operational_database(demo: None) -> None:
    from jokko.cases.models import Case

    by_sex: dict[str, set[int]] = defaultdict(set)
    by_nationality: dict[str, set[int]] = defaultdict(set)
    by_form: dict[str, set[int]] = defaultdict(set)
    for case in Case.objects.select_related("person"):
        by_sex[case.person.sex or "unknown"].add(case.person_id)
        by_nationality[case.person.nationality or "unknown"].add(case.person_id)
        for form in case.exploitation_types:
            by_form[form].add(case.person_id)
    assert grouped("survivors_identified", "sex") == {k: len(v) for k, v in by_sex.items()}
    assert grouped("survivors_identified", "nationality") == {
        k: len(v) for k, v in by_nationality.items()
    }
    assert grouped("survivors_identified", "exploitation_type") == {
        k: len(v) for k, v in by_form.items()
    }


def test_the_incremental_store_equals_a_full_rebuild_on_demo_data(demo: None) -> None:
    def snapshot() -> dict[str, list[Any]]:
        with store.connect() as conn:
            return {
                t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr)  # noqa: S608
                for t in store.TABLES
            }

    incremental = snapshot()
    store.refresh(full=True)
    assert snapshot() == incremental
