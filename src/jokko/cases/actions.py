"""Every change to a case goes through one of these functions.

Each one checks permission (`ActionForbidden`), validates all input (`ValidationError`, one
message per field), checks the life cycle (`IllegalTransition`) and the version the user
started from (`StaleEdit`), then writes in one transaction with an audit entry. Nothing is
written when any check fails.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from jokko.accounts.access import ActionForbidden, can_register_survivors
from jokko.accounts.models import Organisation, OrganisationKind
from jokko.analytics.signals import touched as analytics_touched
from jokko.audit.actions import record
from jokko.cases.access import (
    active_consent_with,
    can_record_service,
    can_respond_to_referral,
    require_edit,
)
from jokko.cases.models import (
    Case,
    CaseEvent,
    CasePlan,
    CaseShare,
    Consent,
    ConsentScope,
    EmbassyStatus,
    FollowUp,
    NeedsAssessment,
    Referral,
    Screening,
    ScreeningOutcome,
    ServiceDelivery,
    VoluntaryReturn,
)
from jokko.cases.workflow import (
    CASE_TRANSITIONS,
    FOLLOW_UP_TRANSITIONS,
    OPEN_REFERRAL_STATUSES,
    REFERRAL_TRANSITIONS,
    RETURN_TRANSITIONS,
    CaseStatus,
    FollowUpStatus,
    IllegalTransition,
    ReferralStatus,
    ReturnStatus,
    check_transition,
)
from jokko.gazetteer import COUNTRIES, UnknownPlace
from jokko.gazetteer import get as get_place
from jokko.people.actions import PersonInput, clean_person_input, find_retry, register_person
from jokko.taxonomy import UnknownCode, vocabulary
from jokko.validation import raise_if_errors


class StaleEdit(Exception):
    """Someone else changed the record since the user opened it."""


@dataclass
class CaseInput:
    case_type: str
    identification_source: str
    identified_on: datetime.date
    place_code: str
    origin_code: str = ""
    transit_codes: list[str] = field(default_factory=list)
    destination_code: str = ""
    exploitation_types: list[str] = field(default_factory=list)
    means_of_control: list[str] = field(default_factory=list)
    recruiter_relation: str = ""
    summary: str = ""
    client_id: uuid.UUID | None = None


def _not_in_future(errors: dict[str, list[str]], name: str, value: datetime.date | None) -> None:
    if value is not None and value > timezone.localdate():
        errors.setdefault(name, []).append(_("This date is in the future."))


def _check_codes(errors: dict[str, list[str]], name: str, vocab: str, codes: list[str]) -> None:
    try:
        vocabulary(vocab).validate(codes)
    except UnknownCode as exc:
        errors.setdefault(name, []).append(str(exc))


def _check_place(errors: dict[str, list[str]], name: str, code: str, required: bool) -> None:
    if not code:
        if required:
            errors.setdefault(name, []).append(_("This field is required."))
        return
    try:
        get_place(code)
    except UnknownPlace:
        errors.setdefault(name, []).append(_("Unknown place: %(code)s") % {"code": code})


def clean_case_input(data: CaseInput) -> None:
    errors: dict[str, list[str]] = {}
    _check_codes(errors, "case_type", "case_type", [data.case_type] if data.case_type else [])
    if not data.case_type:
        errors.setdefault("case_type", []).append(_("This field is required."))
    _check_codes(
        errors,
        "identification_source",
        "identification_source",
        [data.identification_source] if data.identification_source else [],
    )
    if not data.identification_source:
        errors.setdefault("identification_source", []).append(_("This field is required."))
    _not_in_future(errors, "identified_on", data.identified_on)
    _check_place(errors, "place_code", data.place_code, required=True)
    _check_place(errors, "origin_code", data.origin_code, required=False)
    _check_place(errors, "destination_code", data.destination_code, required=False)
    for code in data.transit_codes:
        _check_place(errors, "transit_codes", code, required=False)
    _check_codes(errors, "exploitation_types", "exploitation_type", data.exploitation_types)
    _check_codes(errors, "means_of_control", "means_of_control", data.means_of_control)
    if data.recruiter_relation:
        _check_codes(errors, "recruiter_relation", "recruiter_relation", [data.recruiter_relation])
    raise_if_errors(errors)


def _bump(case: Case, expected_version: int | None, **changes: Any) -> None:
    """Write `changes` only if the case is still at `expected_version` (optimistic locking)."""
    version = case.version if expected_version is None else expected_version
    updated = Case.objects.filter(pk=case.pk, version=version).update(
        version=F("version") + 1, updated_at=timezone.now(), **changes
    )
    if updated != 1:
        raise StaleEdit(_("This case was changed by someone else. Reload it and try again."))
    analytics_touched(Case, [case.pk])  # QuerySet.update sends no signal
    case.refresh_from_db()


def _audit(actor: Any, case: Case, action: str, channel: str, **detail: Any) -> None:
    record(actor, action, "case", case.pk, person_id=case.person_id, channel=channel, **detail)


@transaction.atomic
def register_survivor(
    actor: Any, person_data: PersonInput, case_data: CaseInput, *, channel: str = "web"
) -> tuple[Case, bool]:
    """Identification: a survivor and their case in one step (the first screen of a worker)."""
    if not can_register_survivors(actor):
        raise ActionForbidden
    existing = find_retry(Case, case_data.client_id, created_by_id=actor.pk)
    if existing is not None:
        return existing, False
    errors: dict[str, list[str]] = {}
    try:
        clean_case_input(case_data)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        clean_person_input(person_data)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    raise_if_errors(errors)
    person, _created = register_person(actor, person_data, channel=channel)
    case = Case.objects.create(
        client_id=case_data.client_id,
        reference=f"tmp-{uuid.uuid4().hex[:24]}",  # replaced below once the pk is known
        person=person,
        organisation=actor.organisation,
        assigned_to=actor,
        case_type=case_data.case_type,
        identification_source=case_data.identification_source,
        identified_on=case_data.identified_on,
        place_code=case_data.place_code,
        origin_code=case_data.origin_code,
        transit_codes=case_data.transit_codes,
        destination_code=case_data.destination_code,
        exploitation_types=vocabulary("exploitation_type").validate(case_data.exploitation_types),
        means_of_control=vocabulary("means_of_control").validate(case_data.means_of_control),
        recruiter_relation=case_data.recruiter_relation,
        summary=case_data.summary,
        created_by=actor,
    )
    case.reference = f"{settings.NODE_COUNTRY}-{case.identified_on.year}-{case.pk:06d}"
    case.save(update_fields=["reference"])
    CaseEvent.objects.create(case=case, actor=actor, to_status=CaseStatus.IDENTIFIED)
    _audit(actor, case, "create", channel)
    return case, True


@transaction.atomic
def update_case_details(
    actor: Any, case: Case, data: CaseInput, *, expected_version: int, channel: str = "web"
) -> Case:
    require_edit(actor, case)
    clean_case_input(data)
    _bump(
        case,
        expected_version,
        case_type=data.case_type,
        identification_source=data.identification_source,
        identified_on=data.identified_on,
        place_code=data.place_code,
        origin_code=data.origin_code,
        transit_codes=data.transit_codes,
        destination_code=data.destination_code,
        exploitation_types=data.exploitation_types,
        means_of_control=data.means_of_control,
        recruiter_relation=data.recruiter_relation,
    )
    _audit(actor, case, "update", channel, fields="details")
    return case


def _guard_transition(case: Case, target: str, note: str) -> None:
    """The conditions, beyond the state diagram, that a step needs before it can be taken."""
    if target == CaseStatus.SCREENED and not case.screenings.exists():
        raise IllegalTransition(_("Record a screening before marking the case as screened."))
    if (
        target == CaseStatus.ASSISTANCE
        and not case.consents.filter(withdrawn_on__isnull=True).exists()
    ):
        raise IllegalTransition(_("Record the survivor's informed consent before assistance."))
    if target == CaseStatus.ASSISTANCE and case.status == CaseStatus.CLOSED and not note.strip():
        raise IllegalTransition(_("Give the reason for reopening the case."))
    if target == CaseStatus.RETURN and not hasattr(case, "voluntary_return"):
        raise IllegalTransition(_("Plan the voluntary return before starting it."))
    if target == CaseStatus.CLOSED:
        if not note.strip():
            raise IllegalTransition(_("Give the reason for closing the case."))
        if case.referrals.filter(status__in=OPEN_REFERRAL_STATUSES).exists():
            raise IllegalTransition(
                _("Complete or cancel the open referrals before closing the case.")
            )


@transaction.atomic
def transition_case(
    actor: Any,
    case: Case,
    target: str,
    *,
    note: str = "",
    expected_version: int | None = None,
    channel: str = "web",
) -> Case:
    require_edit(actor, case)
    case = Case.objects.select_for_update().get(pk=case.pk) if expected_version is None else case
    check_transition(CASE_TRANSITIONS, CaseStatus, case.status, target)
    _guard_transition(case, target, note)
    previous = case.status
    closure = note.strip()[:300] if target == CaseStatus.CLOSED else ""
    _bump(case, expected_version, status=target, closure_reason=closure)
    CaseEvent.objects.create(
        case=case, actor=actor, from_status=previous, to_status=target, note=note.strip()[:300]
    )
    _audit(actor, case, "update", channel, status=[previous, target])
    return case


@transaction.atomic
def record_screening(
    actor: Any,
    case: Case,
    *,
    outcome: str,
    screened_on: datetime.date,
    indicators: list[str] | None = None,
    notes: str = "",
    channel: str = "web",
) -> Screening:
    require_edit(actor, case)
    errors: dict[str, list[str]] = {}
    if outcome not in ScreeningOutcome.values:
        errors["outcome"] = [_("Unknown outcome: %(code)s") % {"code": outcome}]
    _not_in_future(errors, "screened_on", screened_on)
    raise_if_errors(errors)
    screening = Screening.objects.create(
        case=case,
        screened_on=screened_on,
        screened_by=actor,
        outcome=outcome,
        indicators=indicators or [],
        notes=notes,
    )
    _audit(actor, case, "update", channel, added="screening")
    if case.status == CaseStatus.IDENTIFIED:
        transition_case(actor, case, CaseStatus.SCREENED, channel=channel)
    return screening


@transaction.atomic
def record_consent(
    actor: Any,
    case: Case,
    *,
    scopes: Sequence[str],
    given_on: datetime.date,
    recipients: str = "",
    form: str = "written",
    language: str = "",
    given_by_guardian: bool = False,
    channel: str = "web",
) -> Consent:
    require_edit(actor, case)
    errors: dict[str, list[str]] = {}
    unknown = [s for s in scopes if s not in ConsentScope.values]
    if unknown:
        errors["scopes"] = [_("Unknown consent scope: %(codes)s") % {"codes": ", ".join(unknown)}]
    if not scopes:
        errors["scopes"] = [_("Tick at least one thing the survivor agrees to.")]
    if form not in {"written", "verbal"}:
        errors["form"] = [_("Consent is written or verbal.")]
    _not_in_future(errors, "given_on", given_on)
    raise_if_errors(errors)
    consent = Consent.objects.create(
        case=case,
        scopes=list(dict.fromkeys(scopes)),
        given_on=given_on,
        recipients=recipients[:300],
        form=form,
        language=language[:32],
        given_by_guardian=given_by_guardian,
        recorded_by=actor,
    )
    _audit(actor, case, "update", channel, added="consent", scopes=consent.scopes)
    return consent


@transaction.atomic
def withdraw_consent(
    actor: Any, consent: Consent, *, on: datetime.date, note: str = "", channel: str = "web"
) -> Consent:
    """Withdrawal stops every future use at once: identity shares resting on it are revoked."""
    require_edit(actor, consent.case)
    if consent.withdrawn_on is not None:
        raise IllegalTransition(_("This consent was already withdrawn."))
    errors: dict[str, list[str]] = {}
    _not_in_future(errors, "withdrawn_on", on)
    raise_if_errors(errors)
    consent.withdrawn_on = on
    consent.withdrawal_note = note[:300]
    consent.save(update_fields=["withdrawn_on", "withdrawal_note"])
    CaseShare.objects.filter(consent=consent, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    _audit(actor, consent.case, "update", channel, withdrawn="consent", consent=consent.pk)
    return consent


@transaction.atomic
def assess_needs(
    actor: Any,
    case: Case,
    *,
    needs: list[str],
    assessed_on: datetime.date,
    urgent: bool = False,
    notes: str = "",
    channel: str = "web",
) -> NeedsAssessment:
    require_edit(actor, case)
    errors: dict[str, list[str]] = {}
    if not needs:
        errors["needs"] = [_("Select at least one need.")]
    _check_codes(errors, "needs", "need_type", needs)
    _not_in_future(errors, "assessed_on", assessed_on)
    raise_if_errors(errors)
    assessment = NeedsAssessment.objects.create(
        case=case,
        assessed_on=assessed_on,
        assessed_by=actor,
        needs=needs,
        urgent=urgent,
        notes=notes,
    )
    _audit(actor, case, "update", channel, added="needs_assessment")
    return assessment


@transaction.atomic
def write_case_plan(
    actor: Any,
    case: Case,
    *,
    goals: str,
    agreed_on: datetime.date,
    review_on: datetime.date | None = None,
    channel: str = "web",
) -> CasePlan:
    require_edit(actor, case)
    errors: dict[str, list[str]] = {}
    if not goals.strip():
        errors["goals"] = [_("Write the goals agreed with the survivor.")]
    _not_in_future(errors, "agreed_on", agreed_on)
    if review_on is not None and review_on < agreed_on:
        errors["review_on"] = [_("The review date is before the agreement date.")]
    raise_if_errors(errors)
    plan = CasePlan.objects.create(
        case=case, goals=goals, agreed_on=agreed_on, review_on=review_on, written_by=actor
    )
    _audit(actor, case, "update", channel, added="case_plan")
    return plan


@transaction.atomic
def refer_case(
    actor: Any,
    case: Case,
    *,
    to_organisation: Organisation,
    service_type: str,
    due_on: datetime.date | None = None,
    note: str = "",
    client_id: uuid.UUID | None = None,
    channel: str = "web",
) -> tuple[Referral, bool]:
    """Refer the survivor to a service provider; needs active consent to referral."""
    require_edit(actor, case)
    existing = find_retry(Referral, client_id, case_id=case.pk)
    if existing is not None:
        return existing, False
    errors: dict[str, list[str]] = {}
    _check_codes(errors, "service_type", "service_type", [service_type])
    if case.status == CaseStatus.CLOSED:
        errors["case"] = [_("The case is closed. Reopen it before referring.")]
    if to_organisation.country != settings.NODE_COUNTRY and to_organisation.country:
        if active_consent_with(case, ConsentScope.CROSS_BORDER) is None:
            errors["to_organisation"] = [
                _(
                    "This provider is in another country: the survivor's consent to cross-border "
                    "sharing is needed."
                )
            ]
    today = timezone.localdate()
    due = due_on or today + datetime.timedelta(days=settings.JOKKO_DEFAULT_REFERRAL_DAYS)
    if due < today:
        errors["due_on"] = [_("The due date is in the past.")]
    raise_if_errors(errors)
    consent = active_consent_with(case, ConsentScope.REFERRAL)
    if consent is None:
        raise ValidationError(
            {"consent": [_("The survivor has not consented to referral (or withdrew consent).")]}
        )
    referral = Referral.objects.create(
        client_id=client_id,
        case=case,
        to_organisation=to_organisation,
        service_type=service_type,
        due_on=due,
        note=note[:500],
        consent=consent,
        referred_by=actor,
    )
    _audit(actor, case, "update", channel, added="referral", referral=referral.pk)
    return referral, True


@transaction.atomic
def transition_referral(
    actor: Any, referral: Referral, target: str, *, note: str = "", channel: str = "web"
) -> Referral:
    """Accept or refuse (receiving organisation), complete, or cancel (either side)."""
    referral = Referral.objects.select_for_update().select_related("case").get(pk=referral.pk)
    receiving = can_respond_to_referral(actor, referral)
    if target in (ReferralStatus.ACCEPTED, ReferralStatus.REFUSED, ReferralStatus.COMPLETED):
        if not receiving:
            raise ActionForbidden
    elif target == ReferralStatus.CANCELLED:
        if not receiving:
            require_edit(actor, referral.case)
    check_transition(REFERRAL_TRANSITIONS, ReferralStatus, referral.status, target)
    if target == ReferralStatus.REFUSED and not note.strip():
        raise IllegalTransition(_("Say why the referral is refused."))
    previous = referral.status
    referral.status = target
    referral.response_note = note[:500]
    referral.responded_at = timezone.now()
    referral.save(update_fields=["status", "response_note", "responded_at"])
    _audit(actor, referral.case, "update", channel, referral=referral.pk, status=[previous, target])
    return referral


@transaction.atomic
def record_service(
    actor: Any,
    case: Case,
    *,
    service_type: str,
    delivered_on: datetime.date,
    provider: Organisation | None = None,
    referral: Referral | None = None,
    notes: str = "",
    client_id: uuid.UUID | None = None,
    channel: str = "web",
) -> tuple[ServiceDelivery, bool]:
    if not can_record_service(actor, case):
        raise ActionForbidden
    existing = find_retry(ServiceDelivery, client_id, case_id=case.pk)
    if existing is not None:
        return existing, False
    errors: dict[str, list[str]] = {}
    _check_codes(errors, "service_type", "service_type", [service_type])
    _not_in_future(errors, "delivered_on", delivered_on)
    if referral is not None and referral.case_id != case.pk:
        errors["referral"] = [_("This referral belongs to another case.")]
    raise_if_errors(errors)
    service = ServiceDelivery.objects.create(
        client_id=client_id,
        case=case,
        referral=referral,
        service_type=service_type,
        delivered_on=delivered_on,
        provider=provider or actor.organisation,
        recorded_by=actor,
        notes=notes,
    )
    _audit(actor, case, "update", channel, added="service", service=service.pk)
    return service, True


@transaction.atomic
def plan_voluntary_return(
    actor: Any,
    case: Case,
    *,
    destination_country: str,
    destination_place_code: str = "",
    partner: Organisation | None = None,
    travel_date: datetime.date | None = None,
    channel: str = "web",
) -> VoluntaryReturn:
    """Assisted voluntary return needs the survivor's consent to return and to embassy contact."""
    require_edit(actor, case)
    errors: dict[str, list[str]] = {}
    if destination_country.upper() not in COUNTRIES:
        errors["destination_country"] = [
            _("Unknown country code: %(code)s") % {"code": destination_country}
        ]
    _check_place(errors, "destination_place_code", destination_place_code, required=False)
    if hasattr(case, "voluntary_return") and case.voluntary_return.status != ReturnStatus.CANCELLED:
        errors["case"] = [_("A voluntary return is already planned for this case.")]
    if active_consent_with(case, ConsentScope.RETURN) is None:
        errors["consent"] = [_("The survivor has not consented to assisted voluntary return.")]
    raise_if_errors(errors)
    VoluntaryReturn.objects.filter(case=case).delete()  # only a cancelled plan can be here
    plan = VoluntaryReturn.objects.create(
        case=case,
        destination_country=destination_country.upper(),
        destination_place_code=destination_place_code,
        partner=partner,
        travel_date=travel_date,
        embassy_status=EmbassyStatus.TO_CONTACT
        if active_consent_with(case, ConsentScope.EMBASSY)
        else EmbassyStatus.NOT_NEEDED,
    )
    case.refresh_from_db()
    if case.status in CASE_TRANSITIONS and CaseStatus.RETURN in CASE_TRANSITIONS[case.status]:
        transition_case(actor, case, CaseStatus.RETURN, channel=channel)
    _audit(actor, case, "update", channel, added="voluntary_return")
    return plan


@transaction.atomic
def advance_voluntary_return(
    actor: Any,
    case: Case,
    target: str,
    *,
    on: datetime.date | None = None,
    travel_date: datetime.date | None = None,
    channel: str = "web",
) -> VoluntaryReturn:
    require_edit(actor, case)
    plan = VoluntaryReturn.objects.select_for_update().filter(case=case).first()
    if plan is None:
        raise IllegalTransition(_("No voluntary return is planned for this case."))
    check_transition(RETURN_TRANSITIONS, ReturnStatus, plan.status, target)
    if target == ReturnStatus.EMBASSY_CONTACTED:
        if active_consent_with(case, ConsentScope.EMBASSY) is None:
            raise IllegalTransition(
                _("The survivor has not consented to contact with the embassy.")
            )
        plan.embassy_status = EmbassyStatus.CONTACTED
        plan.embassy_contacted_on = on or timezone.localdate()
    if target == ReturnStatus.DOCUMENTS_READY:
        plan.embassy_status = EmbassyStatus.CLEARED
    if travel_date is not None:
        plan.travel_date = travel_date
    if target == ReturnStatus.TRAVELLED and plan.travel_date is None:
        plan.travel_date = on or timezone.localdate()
    previous = plan.status
    plan.status = target
    plan.save()
    _audit(actor, case, "update", channel, voluntary_return=[previous, target])
    return plan


@transaction.atomic
def plan_follow_up(
    actor: Any, case: Case, *, kind: str, due_on: datetime.date, channel: str = "web"
) -> FollowUp:
    require_edit(actor, case)
    errors: dict[str, list[str]] = {}
    _check_codes(errors, "kind", "reintegration_type", [kind])
    if case.status == CaseStatus.CLOSED:
        errors["case"] = [_("The case is closed. Reopen it before planning follow-ups.")]
    raise_if_errors(errors)
    follow_up = FollowUp.objects.create(case=case, kind=kind, due_on=due_on, planned_by=actor)
    _audit(actor, case, "update", channel, added="follow_up")
    return follow_up


@transaction.atomic
def complete_follow_up(
    actor: Any,
    follow_up: FollowUp,
    target: str,
    *,
    done_on: datetime.date,
    outcome: str = "",
    channel: str = "web",
) -> FollowUp:
    require_edit(actor, follow_up.case)
    check_transition(FOLLOW_UP_TRANSITIONS, FollowUpStatus, follow_up.status, target)
    errors: dict[str, list[str]] = {}
    _not_in_future(errors, "done_on", done_on)
    raise_if_errors(errors)
    follow_up.status = target
    follow_up.done_on = done_on
    follow_up.outcome = outcome
    follow_up.save(update_fields=["status", "done_on", "outcome"])
    _audit(actor, follow_up.case, "update", channel, follow_up=[follow_up.pk, target])
    return follow_up


@transaction.atomic
def share_case(
    actor: Any,
    case: Case,
    *,
    organisation: Organisation,
    include_identity: bool,
    legal_basis: str = "",
    channel: str = "web",
) -> CaseShare:
    """Show a case to a police, gendarmerie or court organisation of this node.

    Without identity, the justice organisation sees the facts of the case (exploitation, route,
    places). With identity, it also sees who the survivor is, which needs the survivor's consent
    to law-enforcement sharing or a written legal basis (court order, statute article).
    """
    require_edit(actor, case)
    errors: dict[str, list[str]] = {}
    justice_kinds = {OrganisationKind.POLICE, OrganisationKind.GENDARMERIE, OrganisationKind.COURT}
    if organisation.kind not in justice_kinds:
        errors["organisation"] = [_("Cases are shared with police, gendarmerie or courts only.")]
    consent = active_consent_with(case, ConsentScope.LAW_ENFORCEMENT)
    if include_identity and consent is None and not legal_basis.strip():
        errors["legal_basis"] = [
            _("Sharing the survivor's identity needs their consent or a recorded legal basis.")
        ]
    raise_if_errors(errors)
    share = CaseShare.objects.create(
        case=case,
        organisation=organisation,
        include_identity=include_identity,
        legal_basis=legal_basis[:300],
        consent=consent if include_identity else None,
        shared_by=actor,
    )
    _audit(
        actor,
        case,
        "export",
        channel,
        shared_with=organisation.pk,
        identity=include_identity,
        legal_basis=legal_basis[:300],
    )
    return share
