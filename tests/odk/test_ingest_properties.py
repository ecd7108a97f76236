"""Whatever a phone sends, ingestion answers created, already received or rejected: it never
crashes, and a rejected submission creates no case."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jokko.cases.models import Case
from jokko.odk.actions import Result, ingest
from jokko.odk.parsing import SubmissionError, parse_kobo_json, parse_xml
from tests.odk import samples

pytestmark = pytest.mark.django_db

QUESTIONS = [
    (group, name) for group, items in samples.IDENTIFICATION_ANSWERS.items() for name in items
]
_answer = st.one_of(
    st.sampled_from(["", "tip", "female", "2008", "SN-TC-KIDIRA", "2031-01-01", "NGO", "x y"]),
    st.text(max_size=40),
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.dictionaries(st.sampled_from(QUESTIONS), _answer, max_size=8), st.booleans())
def test_any_answers_are_created_or_rejected(
    users: dict[str, Any], changes: dict[tuple[str, str], str], as_json: bool
) -> None:
    answers = {group: dict(items) for group, items in samples.IDENTIFICATION_ANSWERS.items()}
    for (group, name), value in changes.items():
        answers[group][name] = value
    before = Case.objects.count()
    try:
        if as_json:
            [parsed] = parse_kobo_json(samples.kobo_json(samples.kobo_record(answers)))
        else:
            parsed = parse_xml(samples.odk_xml(answers))
    except SubmissionError as refused:  # e.g. a control character XML cannot carry
        assert str(refused)
        return
    outcome = ingest(users["worker"], parsed, form="identification")
    assert outcome.result in (Result.CREATED, Result.REJECTED)
    if outcome.result == Result.REJECTED:
        assert outcome.errors
        assert Case.objects.count() == before
    else:
        assert Case.objects.count() == before + 1
