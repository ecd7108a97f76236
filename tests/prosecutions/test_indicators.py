"""The justice indicators count what the chain recorded, per offence and per stage."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from jokko.prosecutions import actions
from jokko.prosecutions.indicators import prosecution_indicators
from jokko.prosecutions.models import Prosecution
from tests.prosecutions.helpers import DAY, prosecution_for_permissions, statute, suspects

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def test_empty_set() -> None:
    result = prosecution_indicators(Prosecution.objects.none())
    assert result["prosecutions"] == 0
    assert result["sentence_months"] == {"count": 0, "median": None, "min": None, "max": None}


def test_counts_outcomes_sentences_delay_and_attrition(
    users: dict[str, Any], make_case: Any
) -> None:
    prosecutor = users["prosecutor"]
    convicted_case = prosecution_for_permissions()
    first, second = convicted_case.defendants.all()
    som = actions.add_charge(
        prosecutor,
        convicted_case,
        defendant_id=first.pk,
        statute_id=statute("SN", "som").pk,
        offence="som",
        charged_on=TODAY - DAY,
    )
    tip = actions.add_charge(
        prosecutor,
        convicted_case,
        defendant_id=second.pk,
        statute_id=statute("SN", "tip").pk,
        offence="tip",
        charged_on=TODAY - DAY,
    )
    actions.record_hearing(prosecutor, convicted_case, held_on=TODAY, kind="trial")
    verdict = actions.record_verdict(
        prosecutor, convicted_case, charge_id=som.pk, outcome="convicted", decided_on=TODAY
    )
    actions.record_verdict(
        prosecutor, convicted_case, charge_id=tip.pk, outcome="acquitted", decided_on=TODAY
    )
    actions.record_sentence(prosecutor, convicted_case, verdict_id=verdict.pk, prison_months=36)
    survivor = make_case(identified_on=TODAY - 10 * DAY)
    actions.save_legal_aid(
        users["worker"],
        survivor,
        actions.LegalAidInput(
            wishes_to_pursue=True, prosecution_reference=convicted_case.reference
        ),
    )
    dropped = actions.open_prosecution(
        prosecutor, actions.ProsecutionInput(opened_on=TODAY, suspect_ids=[suspects()[0].pk])
    )
    actions.close_prosecution(prosecutor, dropped, status="dropped", stop_reason="witness_withdrew")

    result = prosecution_indicators(Prosecution.objects.all())
    assert result["prosecutions"] == 2
    assert result["convictions_by_offence"] == {"tip": 0, "som": 1}
    assert result["acquittals_by_offence"] == {"tip": 1, "som": 0}
    assert result["defendants_convicted"] == 1
    assert result["sentence_months"] == {"count": 1, "median": 36, "min": 36, "max": 36}
    assert result["days_identification_to_verdict"]["median"] == 10
    assert result["attrition"]["stages"] == {
        "opened": 2,
        "charged": 1,
        "tried": 1,
        "verdict": 1,
        "conviction": 1,
    }
    assert result["attrition"]["dropped_by_reason"]["witness_withdrew"] == 1


def test_dropping_needs_a_reason(users: dict[str, Any]) -> None:
    from django.core.exceptions import ValidationError

    prosecution = prosecution_for_permissions()
    with pytest.raises(ValidationError):
        actions.close_prosecution(users["prosecutor"], prosecution, status="dropped")
    prosecution.refresh_from_db()
    assert prosecution.status == "open"
