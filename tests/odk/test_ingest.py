"""Submissions in ODK XML and KoboToolbox JSON become cases and reports, once."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from jokko.cases.models import Case, Consent
from jokko.community.models import CommunityReport
from jokko.odk.actions import Result, ingest
from jokko.odk.models import Submission, SubmissionStatus
from jokko.odk.parsing import parse_kobo_json, parse_xml
from jokko.people.models import Person
from tests.odk import samples

pytestmark = pytest.mark.django_db


def _names(person: Person) -> list[str]:
    return sorted(n.full_name for n in person.names.all())


def _check_aissatou(case: Case, worker: Any) -> None:
    assert case.organisation == worker.organisation
    assert case.place_code == samples.KIDIRA
    assert case.identification_source == "vigilance_committee"
    assert case.exploitation_types == ["forced_labour", "forced_begging"]
    assert case.identified_on == datetime.date.today() - datetime.timedelta(days=2)
    person = case.person
    assert person.sex == "female"
    assert person.birth_year == 2008
    assert person.nationality == "GN"
    # Decrypted through the ORM: the names and phone the field team typed.
    assert _names(person) == ["Aissatou Dialo", "Aïssatou Diallo", "Fatou"]
    assert [p.number for p in person.phones.all()] == ["+221771234567"]
    consent = Consent.objects.get(case=case)
    assert consent.scopes == ["referral", "statistics"]
    assert consent.form == "verbal"


def test_odk_xml_identification_becomes_a_case(users: dict[str, Any]) -> None:
    worker = users["worker"]
    outcome = ingest(worker, parse_xml(samples.odk_xml(samples.IDENTIFICATION_ANSWERS)))
    assert outcome.result == Result.CREATED, outcome.errors
    case = Case.objects.get(reference=outcome.reference)
    _check_aissatou(case, worker)
    assert outcome.submission is not None
    assert outcome.submission.case == case
    assert outcome.submission.status == SubmissionStatus.ACCEPTED


def test_kobo_json_identification_becomes_a_case(users: dict[str, Any]) -> None:
    worker = users["worker"]
    [parsed] = parse_kobo_json(
        samples.kobo_json(samples.kobo_record(samples.IDENTIFICATION_ANSWERS))
    )
    outcome = ingest(worker, parsed, form="identification")
    assert outcome.result == Result.CREATED, outcome.errors
    _check_aissatou(Case.objects.get(reference=outcome.reference), worker)


def test_the_same_submission_twice_creates_one_case(users: dict[str, Any]) -> None:
    worker = users["worker"]
    instance = samples.new_instance_id()
    xml = samples.odk_xml(samples.IDENTIFICATION_ANSWERS, instance_id=instance)
    first = ingest(worker, parse_xml(xml))
    again = ingest(worker, parse_xml(xml))
    # The Kobo export of the same survey carries the same instanceID.
    [as_json] = parse_kobo_json(
        samples.kobo_json(samples.kobo_record(samples.IDENTIFICATION_ANSWERS, instance_id=instance))
    )
    third = ingest(users["coordinator"], as_json, form="identification")
    assert first.result == Result.CREATED
    assert again.result == Result.ALREADY_RECEIVED
    assert again.reference == first.reference
    assert third.result == Result.ALREADY_RECEIVED
    assert third.reference == ""  # another organisation is not told the case's reference
    assert Case.objects.count() == 1
    assert Person.objects.count() == 1
    assert Submission.objects.count() == 1


def test_bad_vocabulary_value_is_rejected_with_reason_and_creates_nothing(
    users: dict[str, Any],
) -> None:
    worker = users["worker"]
    answers = {k: dict(v) for k, v in samples.IDENTIFICATION_ANSWERS.items()}
    answers["case"]["exploitation_types"] = "forced_labour slavery_of_aliens"
    answers["case"]["place_code"] = "SN-XX-NOWHERE"
    instance = samples.new_instance_id()
    outcome = ingest(worker, parse_xml(samples.odk_xml(answers, instance_id=instance)))
    assert outcome.result == Result.REJECTED
    assert "slavery_of_aliens" in " ".join(outcome.errors["exploitation_types"])
    assert Case.objects.count() == 0
    assert Person.objects.count() == 0
    stored = Submission.objects.get(instance_id=instance)
    assert stored.status == SubmissionStatus.REJECTED
    assert "exploitation_types" in stored.errors

    # Corrected by the team and sent again with the same instanceID: processed this time.
    answers["case"]["exploitation_types"] = "forced_labour"
    answers["case"]["place_code"] = samples.KIDIRA
    fixed = ingest(worker, parse_xml(samples.odk_xml(answers, instance_id=instance)))
    assert fixed.result == Result.CREATED, fixed.errors
    assert Case.objects.count() == 1
    stored.refresh_from_db()
    assert stored.status == SubmissionStatus.ACCEPTED
    assert stored.attempts == 2
    assert stored.errors == {}


def test_validation_by_the_case_action_is_reported_per_question(users: dict[str, Any]) -> None:
    answers = {k: dict(v) for k, v in samples.IDENTIFICATION_ANSWERS.items()}
    answers["case"]["identified_on"] = (
        datetime.date.today() + datetime.timedelta(days=9)
    ).isoformat()
    outcome = ingest(users["worker"], parse_xml(samples.odk_xml(answers)))
    assert outcome.result == Result.REJECTED
    assert outcome.errors["identified_on"] == ["This date is in the future."]
    assert Case.objects.count() == 0


def test_a_report_submission_of_an_identification_form_is_refused(users: dict[str, Any]) -> None:
    outcome = ingest(
        users["coordinator"],
        parse_xml(samples.odk_xml(samples.IDENTIFICATION_ANSWERS)),
        form="report",
    )
    assert outcome.result == Result.REJECTED
    assert "jokko_identification" in outcome.errors["form"][0]
    assert CommunityReport.objects.count() == 0


def test_community_report_submission_becomes_a_report_once(users: dict[str, Any]) -> None:
    xml = samples.odk_xml(samples.REPORT_ANSWERS, form_id="jokko_community_report")
    first = ingest(users["coordinator"], parse_xml(xml))
    again = ingest(users["coordinator"], parse_xml(xml))
    assert first.result == Result.CREATED, first.errors
    assert again.result == Result.ALREADY_RECEIVED
    report = CommunityReport.objects.get()
    assert report.reference == first.reference
    assert report.channel == "odk"
    assert report.persons_count == 12
    assert report.children_involved is True
    assert report.urgency == "immediate"
    assert report.place_code == samples.KIDIRA
    assert "talibés" in report.description


def test_only_those_who_may_receive_a_form_can_ingest_it(users: dict[str, Any]) -> None:
    from jokko.accounts.access import ActionForbidden

    xml = parse_xml(samples.odk_xml(samples.IDENTIFICATION_ANSWERS))
    for key in ("analyst", "reporter", "investigator", "programme", "admin"):
        with pytest.raises(ActionForbidden):
            ingest(users[key], xml)
    report = parse_xml(samples.odk_xml(samples.REPORT_ANSWERS, form_id="jokko_community_report"))
    with pytest.raises(ActionForbidden):
        ingest(users["worker"], report)  # a shelter's case worker does not triage reports
    assert Case.objects.count() == 0
    assert Submission.objects.count() == 0


def test_a_kobo_export_is_recognised_by_its_questions(users: dict[str, Any]) -> None:
    [parsed] = parse_kobo_json(
        samples.kobo_json(samples.kobo_record(samples.IDENTIFICATION_ANSWERS))
    )
    assert parsed.form_id == "aJ9tQn6bQfYXk7Lp2vGkQe"  # Kobo's asset id, not the form_id
    outcome = ingest(users["worker"], parsed)
    assert outcome.result == Result.CREATED, outcome.errors


def test_an_unknown_form_is_rejected_without_a_trace(users: dict[str, Any]) -> None:
    parsed = parse_xml(samples.odk_xml({"q1": "yes"}, form_id="someone_elses_survey"))
    outcome = ingest(users["worker"], parsed)
    assert outcome.result == Result.REJECTED
    assert "not recognised" in outcome.errors["form"][0]
    assert Submission.objects.count() == 0
