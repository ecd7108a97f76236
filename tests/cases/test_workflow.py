"""The referral mechanism's rules, through the actions that pages and API share."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from jokko.accounts.access import ActionForbidden
from jokko.audit.actions import verify_chain
from jokko.audit.models import AuditEntry
from jokko.cases import actions
from jokko.cases.models import Case, CaseEvent, Referral
from jokko.cases.workflow import IllegalTransition

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def _service_code() -> str:
    from jokko.taxonomy import vocabulary

    return vocabulary("service_type").terms[0].code


def test_registration_creates_person_case_event_and_audit(make_case: Any) -> None:
    case = make_case()
    assert case.status == "identified"
    assert case.reference.startswith(f"SN-{case.identified_on.year}-")
    assert case.person.primary_name == "Aïssatou Diallo"
    assert list(case.events.values_list("to_status", flat=True)) == ["identified"]
    assert AuditEntry.objects.filter(
        object_type="case", action="create", person_id=case.person_id
    ).exists()
    assert verify_chain().ok


def test_full_path_from_identification_to_closure(
    consented_case: Case, users: dict[str, Any], orgs: dict[str, Any]
) -> None:
    worker = users["worker"]
    case = consented_case
    actions.assess_needs(worker, case, needs=[_need()], assessed_on=TODAY)
    actions.write_case_plan(
        worker, case, goals="Shelter, then return to Benin City", agreed_on=TODAY
    )
    referral, created = actions.refer_case(
        worker, case, to_organisation=orgs["health"], service_type=_service_code()
    )
    assert created and referral.status == "sent"
    actions.transition_referral(users["health_worker"], referral, "accepted")
    actions.record_service(
        users["health_worker"],
        case,
        service_type=_service_code(),
        delivered_on=TODAY,
        referral=referral,
    )
    actions.transition_referral(users["health_worker"], referral, "completed")
    actions.plan_voluntary_return(worker, case, destination_country="NG", partner=orgs["iom"])
    case.refresh_from_db()
    assert case.status == "return"
    for step in ("embassy_contacted", "documents_ready", "travelled"):
        actions.advance_voluntary_return(worker, case, step)
    case = actions.transition_case(worker, case, "reintegration")
    follow_up = actions.plan_follow_up(worker, case, kind=_reintegration(), due_on=TODAY)
    actions.complete_follow_up(worker, follow_up, "done", done_on=TODAY, outcome="At school")
    case = actions.transition_case(worker, case, "closed", note="Reintegrated")
    assert case.status == "closed" and case.closure_reason == "Reintegrated"
    history = list(CaseEvent.objects.filter(case=case).values_list("to_status", flat=True))
    assert history == ["identified", "screened", "assistance", "return", "reintegration", "closed"]
    reopened = actions.transition_case(
        worker, case, "assistance", note="New threats from recruiter"
    )
    assert reopened.status == "assistance"
    assert verify_chain().ok


def _need() -> str:
    from jokko.taxonomy import vocabulary

    return vocabulary("need_type").terms[0].code


def _reintegration() -> str:
    from jokko.taxonomy import vocabulary

    return vocabulary("reintegration_type").terms[0].code


@pytest.mark.parametrize(
    "target, message",
    [
        ("reintegration", "Cannot go from"),
        ("closed", "reason for closing"),
        ("assistance", "Cannot go from"),
    ],
)
def test_illegal_or_unguarded_transitions_are_refused(
    make_case: Any, users: dict[str, Any], target: str, message: str
) -> None:
    case = make_case()
    with pytest.raises(IllegalTransition, match=message):
        actions.transition_case(users["worker"], case, target)
    case.refresh_from_db()
    assert case.status == "identified"
    assert case.events.count() == 1


def test_assistance_needs_consent(make_case: Any, users: dict[str, Any]) -> None:
    case = make_case()
    actions.record_screening(users["worker"], case, outcome="presumed_victim", screened_on=TODAY)
    with pytest.raises(IllegalTransition, match="consent"):
        actions.transition_case(users["worker"], case, "assistance")


def test_referral_needs_consent_and_withdrawal_stops_it(
    consented_case: Case, users: dict[str, Any], orgs: dict[str, Any]
) -> None:
    worker = users["worker"]
    consent = consented_case.consents.get()
    actions.withdraw_consent(worker, consent, on=TODAY, note="Survivor changed her mind")
    with pytest.raises(ValidationError) as error:
        actions.refer_case(
            worker, consented_case, to_organisation=orgs["health"], service_type=_service_code()
        )
    assert "consent" in error.value.message_dict
    assert not Referral.objects.exists()
    with pytest.raises(IllegalTransition):
        actions.withdraw_consent(worker, consent, on=TODAY)


def test_cross_border_referral_needs_cross_border_consent(
    consented_case: Case, users: dict[str, Any], orgs: dict[str, Any]
) -> None:
    with pytest.raises(ValidationError) as error:
        actions.refer_case(
            users["worker"],
            consented_case,
            to_organisation=orgs["foreign_shelter"],
            service_type=_service_code(),
        )
    assert "to_organisation" in error.value.message_dict
    actions.record_consent(
        users["worker"], consented_case, scopes=["cross_border", "referral"], given_on=TODAY
    )
    referral, _ = actions.refer_case(
        users["worker"],
        consented_case,
        to_organisation=orgs["foreign_shelter"],
        service_type=_service_code(),
    )
    assert referral.to_organisation == orgs["foreign_shelter"]


def test_closing_with_open_referrals_is_refused(
    consented_case: Case, users: dict[str, Any], orgs: dict[str, Any]
) -> None:
    actions.refer_case(
        users["worker"],
        consented_case,
        to_organisation=orgs["health"],
        service_type=_service_code(),
    )
    with pytest.raises(IllegalTransition, match="open referrals"):
        actions.transition_case(users["worker"], consented_case, "closed", note="done")


def test_referral_life_cycle_and_who_may_answer(
    consented_case: Case, users: dict[str, Any], orgs: dict[str, Any]
) -> None:
    referral, _ = actions.refer_case(
        users["worker"],
        consented_case,
        to_organisation=orgs["health"],
        service_type=_service_code(),
    )
    with pytest.raises(
        ActionForbidden
    ):  # the referring shelter cannot accept on the clinic's behalf
        actions.transition_referral(users["worker"], referral, "accepted")
    with pytest.raises(IllegalTransition, match="why"):
        actions.transition_referral(users["health_worker"], referral, "refused")
    actions.transition_referral(users["health_worker"], referral, "refused", note="No bed")
    with pytest.raises(IllegalTransition):
        actions.transition_referral(users["health_worker"], referral, "accepted")


def test_idempotent_registration_and_referral(
    users: dict[str, Any], orgs: dict[str, Any], consented_case: Case
) -> None:
    import uuid

    key = uuid.uuid4()
    first, created = actions.refer_case(
        users["worker"],
        consented_case,
        to_organisation=orgs["health"],
        service_type=_service_code(),
        client_id=key,
    )
    again, created_again = actions.refer_case(
        users["worker"],
        consented_case,
        to_organisation=orgs["health"],
        service_type=_service_code(),
        client_id=key,
    )
    assert created and not created_again and first.pk == again.pk
    assert Referral.objects.count() == 1


def test_stale_edit_is_refused(make_case: Any, users: dict[str, Any]) -> None:
    case = make_case()
    actions.record_screening(users["worker"], case, outcome="presumed_victim", screened_on=TODAY)
    case.refresh_from_db()
    stale_version = case.version - 1
    with pytest.raises(actions.StaleEdit):
        actions.transition_case(
            users["worker"], case, "closed", note="x", expected_version=stale_version
        )
    case.refresh_from_db()
    assert case.status == "screened"


@pytest.mark.parametrize(
    "override, field",
    [
        ({"identified_on": TODAY + datetime.timedelta(days=3)}, "identified_on"),
        ({"place_code": "XX-NOWHERE"}, "place_code"),
        ({"exploitation_types": ["not_a_code"]}, "exploitation_types"),
        ({"case_type": "burglary"}, "case_type"),
    ],
)
def test_bad_case_input_is_refused_and_nothing_is_written(
    make_case: Any, override: dict[str, Any], field: str
) -> None:
    from jokko.people.models import Person

    with pytest.raises(ValidationError) as error:
        make_case(**override)
    assert field in error.value.message_dict
    assert not Case.objects.exists()
    assert not Person.objects.exists()


def test_share_with_identity_needs_consent_or_legal_basis(
    consented_case: Case, users: dict[str, Any], orgs: dict[str, Any]
) -> None:
    with pytest.raises(ValidationError):
        actions.share_case(
            users["worker"], consented_case, organisation=orgs["police"], include_identity=True
        )
    share = actions.share_case(
        users["worker"],
        consented_case,
        organisation=orgs["police"],
        include_identity=True,
        legal_basis="Ordonnance du juge d'instruction n°12/2026",
    )
    assert share.include_identity
    assert AuditEntry.objects.filter(
        action="export", object_type="case", object_id=str(consented_case.pk)
    ).exists()


def test_only_case_roles_may_register(users: dict[str, Any]) -> None:
    from jokko.people.actions import PersonInput

    for key in ("analyst", "investigator", "reporter", "admin"):
        with pytest.raises(ActionForbidden):
            actions.register_survivor(
                users[key],
                PersonInput(names=["Awa Ndiaye"]),
                actions.CaseInput(
                    case_type="tip", identification_source="x", identified_on=TODAY, place_code="x"
                ),
            )


def test_a_client_id_cannot_fetch_someone_elses_record(
    consented_case: Case, users: dict[str, Any], orgs: dict[str, Any], make_case: Any
) -> None:
    import uuid

    key = uuid.uuid4()
    actions.refer_case(
        users["worker"],
        consented_case,
        to_organisation=orgs["health"],
        service_type=_service_code(),
        client_id=key,
    )
    other_case = make_case(name="Binta Sow", worker=users["other_worker"])
    actions.record_screening(
        users["other_worker"], other_case, outcome="presumed_victim", screened_on=TODAY
    )
    actions.record_consent(users["other_worker"], other_case, scopes=["referral"], given_on=TODAY)
    with pytest.raises(ValidationError) as error:
        actions.refer_case(
            users["other_worker"],
            other_case,
            to_organisation=orgs["health"],
            service_type=_service_code(),
            client_id=key,
        )
    assert "client_id" in error.value.message_dict
    assert Referral.objects.filter(case=other_case).count() == 0
