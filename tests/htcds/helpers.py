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
    actions.record_service(
        worker, case, service_type="psychosocial", delivered_on=today - datetime.timedelta(days=2)
    )
    actions.write_case_plan(
        worker,
        case,
        goals="Formation en couture à Kédougou",
        agreed_on=today,
        review_on=today + datetime.timedelta(days=90),
    )
    return case


def record_without_bookkeeping(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k not in ROUND_TRIP_EXEMPT}


def upload_for_permissions() -> Any:
    """A checked, not yet imported file uploaded by the coordinator of tests/conftest.py."""
    import json

    from jokko.accounts.models import User
    from jokko.htcds.models import HtcdsUpload

    record = {"prs_Gender": "Feminine", "x_IdentificationPlace": "SN-KE-KEDOUGOU"}
    return HtcdsUpload.objects.create(
        uploaded_by=User.objects.get(username="coordinator"),
        filename="partner.json",
        source_system="partner",
        content=json.dumps({"htcds_version": "2.0", "records": [record]}).encode(),
        report={"records": [], "errors": []},
    )


def htcds_page_url(name: str) -> str:
    from django.urls import reverse

    if name in ("htcds-import-preview", "htcds-import-confirm"):
        return reverse(name, kwargs={"upload_id": upload_for_permissions().pk})
    return reverse(name)


def htcds_api_calls() -> dict[str, tuple[Any, Any, Any]]:
    """(prepare, call, effect) per HTCDS API route, for tests/api/test_api.py."""
    import uuid

    from jokko.cases.models import Case

    def nothing(world: Any) -> None:
        return None

    def unchanged(world: Any, prepared: Any, before: Any, after: Any) -> bool:
        return bool(before == after)

    def fresh_record(world: Any) -> tuple[int, dict[str, Any]]:
        record = {
            "x_SourceId": str(uuid.uuid4()),
            "prs_FirstName": "Mariama",
            "prs_Gender": "Feminine",
            "vic_TypeOfExploitation": ["ForcedBegging"],
            "x_IdentificationPlace": "SN-KE-KEDOUGOU",
        }
        return Case.objects.count(), record

    def one_more_case(world: Any, prepared: tuple[int, Any], before: Any, after: Any) -> bool:
        return Case.objects.count() == prepared[0] + 1

    return {
        "GET /htcds/export": (nothing, lambda api, w, p: api.get("/htcds/export"), unchanged),
        "POST /htcds/import": (
            fresh_record,
            lambda api, w, p: api.post(
                "/htcds/import", {"source_system": "partner", "records": [p[1]]}
            ),
            one_more_case,
        ),
    }
