"""The store's refresh: incremental by change log, deletes propagate, crash-safe, no identity."""

from __future__ import annotations

import datetime
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction

from jokko.analytics import store
from jokko.analytics.models import Change, RefreshRun
from tests.analytics.dataset import Dataset, build


@pytest.fixture
def hand_made(users: dict[str, Any], orgs: dict[str, Any]) -> Dataset:
    data = build(users, orgs)
    store.refresh(full=True)
    return data


def snapshot() -> dict[str, list[tuple[Any, ...]]]:
    with store.connect() as conn:
        return {
            table: sorted(
                conn.execute(f"SELECT * FROM {table}").fetchall(),  # noqa: S608
                key=repr,
            )
            for table in store.TABLES
        }


def case_row(case_id: int) -> dict[str, Any]:
    with store.connect() as conn:
        cursor = conn.execute("SELECT * FROM cases WHERE case_id = ?", [case_id])
        columns = [c[0] for c in cursor.description]
        rows = cursor.fetchall()
    assert len(rows) == 1
    return dict(zip(columns, rows[0], strict=True))


def test_a_full_refresh_consumes_the_log(hand_made: Dataset) -> None:
    assert Change.objects.count() == 0
    report = store.refresh()
    assert report.changes == 0 and report.rows == {}
    with store.connect() as conn:
        assert conn.execute("SELECT count(*) FROM cases").fetchone() == (5,)


def test_changing_one_case_re_extracts_only_that_row(hand_made: Dataset, users: Any) -> None:
    from jokko.cases.actions import CaseInput, update_case_details

    case = hand_made.cases["B"]
    case.refresh_from_db()
    before = snapshot()
    update_case_details(
        users["worker"],
        case,
        CaseInput(
            case_type="tip",
            identification_source="police",
            identified_on=datetime.date(2025, 3, 5),
            place_code="SN-KE-KEDOUGOU",
            exploitation_types=["forced_labour_gold_mining"],
        ),
        expected_version=case.version,
    )
    assert list(Change.objects.values_list("model", "object_id")) == [("cases", case.pk)]

    report = store.refresh()

    assert report.full is False
    assert report.changes == 1
    assert report.rows == {"cases": 1}
    assert report.deleted == {"cases": 1}
    row = case_row(case.pk)
    assert row["place_code"] == "SN-KE-KEDOUGOU"
    assert row["region_code"] == "SN-KE"
    assert row["exploitation_types"] == ["forced_labour_gold_mining"]
    assert row["sex"] == "female" and row["age_band"] == "25-34"
    after = snapshot()
    assert {t for t in store.TABLES if before[t] != after[t]} == {"cases"}
    assert Change.objects.count() == 0
    run = RefreshRun.objects.order_by("-id").first()
    assert run is not None and run.ok and run.rows == 1 and run.changes == 1


def test_a_person_change_re_extracts_each_of_their_cases(hand_made: Dataset) -> None:
    person = hand_made.cases["A"].person
    person.refresh_from_db()
    person.birth_year = 2004
    person.save()

    report = store.refresh()

    assert report.rows == {"cases": 2}  # A and A2
    assert case_row(hand_made.cases["A"].pk)["age_band"] == "18-24"
    assert case_row(hand_made.cases["A2"].pk)["is_child"] is False


def test_deletes_propagate(hand_made: Dataset) -> None:
    from jokko.cases.models import ServiceDelivery
    from jokko.incidents.models import Incident

    service = ServiceDelivery.objects.filter(case=hand_made.cases["D"]).get()
    service.delete()
    Incident.objects.get(reference="INC-1").delete()  # cascades to its counted persons

    report = store.refresh()

    assert report.deleted == {"services": 1, "incidents": 1}
    assert report.rows == {"services": 0, "incidents": 0}
    with store.connect() as conn:
        assert conn.execute(
            "SELECT count(*) FROM services WHERE service_id = ?", [service.pk]
        ).fetchone() == (0,)
        assert conn.execute("SELECT sum(migrants) FROM incidents").fetchone() == (0,)


def test_a_new_status_step_updates_the_steps_and_the_case(hand_made: Dataset, users: Any) -> None:
    from jokko.cases.actions import transition_case

    case = hand_made.cases["D"]
    transition_case(users["worker"], case, "closed", note="moved back home")

    report = store.refresh()

    assert report.rows == {"cases": 1, "case_steps": 4}  # the case's whole history
    row = case_row(case.pk)
    assert row["status"] == "closed"
    assert row["closed_on"] is not None


def test_incremental_result_equals_a_full_rebuild(hand_made: Dataset, users: Any) -> None:
    from jokko.cases import actions
    from jokko.community.models import CommunityReport
    from jokko.prosecutions.models import Verdict
    from jokko.trainings.models import Participant

    actions.record_service(
        users["worker"],
        hand_made.cases["B"],
        service_type="shelter",
        delivered_on=datetime.date(2025, 4, 1),
    )
    participant = Participant.objects.get(full_name="Participant p3")
    participant.country = "ML"
    participant.save()
    verdict = Verdict.objects.filter(outcome="acquitted").get()
    verdict.outcome = "convicted"
    verdict.save()
    CommunityReport.objects.filter(reference="R2").get().delete()
    store.refresh()
    incremental = snapshot()

    store.refresh(full=True)

    assert snapshot() == incremental


def test_a_crash_mid_refresh_keeps_the_previous_store_and_the_changes(
    hand_made: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jokko.cases.models import ServiceDelivery

    before = snapshot()
    for service in ServiceDelivery.objects.filter(case=hand_made.cases["A"]):
        service.service_type = "legal"
        service.save()
    hand_made.cases["A"].person.nationality = "GH"
    hand_made.cases["A"].person.save()
    pending = Change.objects.count()

    def crash(ids: Any) -> Any:
        raise RuntimeError("disk full")
        yield []  # pragma: no cover - a generator, like the real extractors

    monkeypatch.setitem(store.EXTRACTORS, "services", crash)
    with pytest.raises(RuntimeError, match="disk full"):
        store.refresh()

    assert snapshot() == before  # cases were re-extracted first, then rolled back
    assert Change.objects.count() == pending
    failed = RefreshRun.objects.order_by("-id").first()
    assert failed is not None and not failed.ok and "disk full" in failed.error

    monkeypatch.undo()
    report = store.refresh()
    assert report.rows == {"cases": 2, "services": 2}
    assert case_row(hand_made.cases["A"].pk)["nationality"] == "GH"


def test_a_rolled_back_write_leaves_no_change(hand_made: Dataset) -> None:
    person = hand_made.cases["B"].person
    with pytest.raises(RuntimeError), transaction.atomic():
        person.sex = "male"
        person.save()
        assert Change.objects.count() == 1
        raise RuntimeError("validation failed later in the action")
    assert Change.objects.count() == 0


def test_no_identity_reaches_the_store(hand_made: Dataset, store_file: Path) -> None:
    """Names, phones, free text and raw person ids never leave the operational database."""
    from jokko.people.models import Person, Phone

    phones = list(Phone.objects.values_list("number", flat=True))
    assert phones, "the data set must hold phones for this test to mean something"
    secrets = [*hand_made.names, *phones, "Participant p1", "+2217700001", "orpaillage"]
    store.refresh(full=True)
    raw = store_file.read_bytes()
    for secret in secrets:
        assert secret.encode() not in raw, secret
        for word in secret.split():
            if len(word) > 4:
                assert word.encode() not in raw, word
    with store.connect() as conn:
        columns = conn.execute(
            "SELECT table_name, column_name, data_type FROM information_schema.columns"
        ).fetchall()
        assert not [c for c in columns if c[1] in {"person_id", "name", "full_name", "phone"}]
        for table, column, data_type in columns:
            if "VARCHAR" not in data_type:
                continue
            values = conn.execute(
                f'SELECT DISTINCT CAST("{column}" AS VARCHAR) FROM {table}'  # noqa: S608
            ).fetchall()
            text = " ".join(str(v[0]) for v in values)
            for secret in secrets:
                assert secret not in text, (table, column, secret)
        keys = {k for (k,) in conn.execute("SELECT person_key FROM cases").fetchall()}
    person_ids = {str(pk) for pk in Person.objects.values_list("pk", flat=True)}
    uids = {str(u) for u in Person.objects.values_list("uid", flat=True)}
    assert not keys & (person_ids | uids)
    assert len(keys) == 4 and all(len(k) == 32 for k in keys)


def test_ensure_fresh_refreshes_only_an_old_store(hand_made: Dataset) -> None:
    assert store.ensure_fresh(datetime.timedelta(minutes=10)) is None
    report = store.ensure_fresh(datetime.timedelta(seconds=0))
    assert report is not None and report.full is False


def test_the_command_refreshes_with_progress(hand_made: Dataset) -> None:
    out, err = io.StringIO(), io.StringIO()
    call_command("analytics_refresh", "--full", stdout=out, stderr=err)
    assert "full rebuild" in out.getvalue()
    assert "cases: 5" in out.getvalue()
    out = io.StringIO()
    call_command("analytics_refresh", "--quiet", stdout=out)
    assert "incremental: 0 changes" in out.getvalue()
