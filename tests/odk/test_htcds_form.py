"""Submissions of the HTCDS standard's own XLSForm (htcds_xlsform.xlsx, IOM) become cases."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from jokko.cases.models import Case
from jokko.odk.actions import Result, ingest
from jokko.odk.mapping import (
    htcds_form,
    htcds_question_names,
    htcds_record,
    identification_from_htcds,
)
from jokko.odk.models import Submission
from jokko.odk.parsing import parse_kobo_json, parse_xml
from tests.odk import samples

pytestmark = pytest.mark.django_db


def _kidira_worker(users: dict[str, Any]) -> Any:
    worker = users["worker"]
    worker.organisation.place_code = samples.KIDIRA
    worker.organisation.save()
    return worker


def test_sample_uses_the_real_question_names_of_the_standard_form() -> None:
    assert set(samples.HTCDS_ANSWERS) <= set(htcds_question_names())
    assert "CC BY 4.0" in htcds_form()["about"]
    assert "IOM" in htcds_form()["about"]


def test_htcds_xml_submission_becomes_a_case_once(users: dict[str, Any]) -> None:
    worker = _kidira_worker(users)
    xml = samples.odk_xml(
        samples.HTCDS_ANSWERS, form_id="htcds_xlsform", version="vSmt4GQA3C9uBMLPEVfgND"
    )
    first = ingest(worker, parse_xml(xml))  # recognised by its questions
    again = ingest(worker, parse_xml(xml))
    assert first.result == Result.CREATED, first.errors
    assert again.result == Result.ALREADY_RECEIVED
    case = Case.objects.get()
    assert case.reference == first.reference
    assert case.organisation == worker.organisation
    assert case.place_code == samples.KIDIRA
    assert case.identification_source == "ngo"
    assert case.exploitation_types == ["forced_labour", "forced_begging"]
    assert case.means_of_control == ["false_promises", "withholds_documents"]
    assert case.identified_on == datetime.date.today() - datetime.timedelta(days=5)
    person = case.person
    assert [n.full_name for n in person.names.all()] == ["Mariama Bah"]
    assert person.sex == "female"
    assert person.birth_date == datetime.date(2006, 4, 1)
    assert person.nationality == "GN"
    submission = Submission.objects.get()
    assert submission.form == "htcds"
    # What Jokko has no field for is reported by name (values stay out of the table).
    assert submission.unmapped  # e.g. cas_IncomingReferralDate, kept by the importer
    assert all(name[:4] in ("prs_", "vic_", "cas_", "con_") for name in submission.unmapped)


def test_htcds_kobo_submission_with_a_place_in_its_text(users: dict[str, Any]) -> None:
    answers = {**samples.HTCDS_ANSWERS, "vic_LocationOfExploitation": "Kédougou"}
    [parsed] = parse_kobo_json(samples.kobo_json(samples.kobo_record(answers)))
    outcome = ingest(users["coordinator"], parsed, form="htcds")
    assert outcome.result == Result.CREATED, outcome.errors
    assert Case.objects.get().place_code == "SN-KE-KEDOUGOU"


def test_htcds_submission_with_a_value_not_in_the_form_is_rejected(users: dict[str, Any]) -> None:
    worker = _kidira_worker(users)
    answers = {**samples.HTCDS_ANSWERS, "vic_TypeOfExploitation": "ForcedLabour Piracy"}
    outcome = ingest(worker, parse_xml(samples.odk_xml(answers, form_id="htcds_xlsform")))
    assert outcome.result == Result.REJECTED
    assert "Piracy" in outcome.errors["vic_TypeOfExploitation"][0]
    assert Case.objects.count() == 0


def test_direct_mapping_used_when_the_htcds_importer_is_absent() -> None:
    """The fallback mapping (HTCDS form -> register_survivor inputs) on the same sample."""
    parsed = parse_xml(samples.odk_xml(samples.HTCDS_ANSWERS, form_id="htcds_xlsform"))
    record, errors = htcds_record(parsed, country="SN", default_place=samples.KIDIRA)
    assert errors == {}
    assert record["prs_FirstName"] == "Mariama"
    assert record["prs_Citizenship"] == ["GN"]
    assert record["con_Consent"] is True
    assert record["x_SourceId"] == parsed.instance_id
    inputs, errors, unmapped = identification_from_htcds(record)
    assert errors == {}
    assert inputs is not None
    assert inputs.person.names == ["Mariama Bah"]
    assert inputs.case.place_code == samples.KIDIRA
    assert inputs.case.exploitation_types == ["forced_labour", "forced_begging"]
    assert "cas_Status" in unmapped
    assert "Mariama" not in inputs.case.summary

    nowhere, _errors = htcds_record(parsed, country="SN", default_place="")
    _inputs, errors, _unmapped = identification_from_htcds(nowhere)
    assert "vic_LocationOfExploitation" in errors


def test_several_answers_where_the_standard_records_one_are_rejected(
    users: dict[str, Any],
) -> None:
    worker = _kidira_worker(users)
    answers = {
        **samples.HTCDS_ANSWERS,
        "vic_ForcedLabourIndustry": "B_MiningAndQuarrying F_Construction",
    }
    outcome = ingest(worker, parse_xml(samples.odk_xml(answers, form_id="htcds_xlsform")))
    assert outcome.result == Result.REJECTED
    assert "vic_ForcedLabourIndustry" in outcome.errors
    assert Case.objects.count() == 0
