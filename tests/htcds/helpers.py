"""Shared builders for the HTCDS tests: a case with every field Jokko exports filled in."""

from __future__ import annotations

import datetime
from typing import Any

from jokko.htcds.mapping import BOOKKEEPING_FIELDS

# Only the fields naming the exporting system and its record id differ after a round trip.
ROUND_TRIP_EXEMPT = BOOKKEEPING_FIELDS


def rich_case(users: dict[str, Any], orgs: dict[str, Any], *, name: str = "Awa Ndiaye Sow") -> Any:
    """A closed case with consent, a referral, a service, a plan, a route and refinements."""
    from jokko.cases import actions
    from jokko.cases.actions import CaseInput, register_survivor
    from jokko.people.actions import PersonInput

    worker = users["worker"]
    today = datetime.date.today()
    case, _ = register_survivor(
        worker,
        PersonInput(
            names=[name],
            sex="female",
            birth_date=datetime.date(2006, 5, 17),
            birth_precision="exact",
            nationality="ML",
            languages=["bm", "fr"],
            phones=["+221 77 123 45 67"],
            documents=[("national_id", "ml-123 456")],
        ),
        CaseInput(
            case_type="tip",
            identification_source="gendarmerie",
            identified_on=today - datetime.timedelta(days=20),
            place_code="SN-TC-KIDIRA",
            origin_code="ML-1-KAYES",
            transit_codes=["SN-TC-TAMBACOUNDA"],
            destination_code="SN-KE-KEDOUGOU",
            exploitation_types=["forced_labour_gold_mining", "forced_begging_talibe"],
            means_of_control=["debt_bondage", "withholds_documents"],
            recruiter_relation="acquainted",
        ),
    )
    actions.record_screening(worker, case, outcome="presumed_victim", screened_on=today)
    actions.record_consent(
        worker, case, scopes=["referral", "statistics"], given_on=today - datetime.timedelta(days=1)
    )
    case = actions.transition_case(worker, case, "assistance")
    actions.refer_case(worker, case, to_organisation=orgs["health"], service_type="medical")
    return case


def record_without_bookkeeping(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k not in ROUND_TRIP_EXEMPT}
