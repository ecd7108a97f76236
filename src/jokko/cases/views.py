"""Pages of the referral workflow. Each view parses a form, calls one action, and renders."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jokko.accounts.access import can_list_cases, can_register_survivors
from jokko.cases import actions
from jokko.cases import forms as case_forms
from jokko.cases.access import (
    access_case_by_id,
    audit_case_read,
    can_edit_case,
    can_record_service,
    can_respond_to_referral,
    can_see_identity,
    visible_cases,
)
from jokko.cases.models import Case, Referral
from jokko.cases.workflow import CASE_TRANSITIONS, CaseStatus, IllegalTransition
from jokko.people.actions import PersonInput
from jokko.spreadsheets.export import export_list
from jokko.spreadsheets.lists import CASE_COLUMNS
from jokko.web.responses import forbidden


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    if not can_list_cases(request.user):
        return forbidden(request, "case-list")
    cases = visible_cases(request.user).select_related("organisation", "person")
    status = request.GET.get("status", "")
    if status in CaseStatus.values:
        cases = cases.filter(status=status)
    reference = request.GET.get("ref", "").strip()
    if reference:
        cases = cases.filter(reference__icontains=reference)
    if download := export_list(request, "case", CASE_COLUMNS, cases):
        return download
    page = Paginator(cases, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "cases/list.html",
        {"page": page, "statuses": CaseStatus.choices, "status": status, "ref": reference},
    )


def _person_input(data: dict[str, Any]) -> PersonInput:
    aliases = [line for line in (data.get("aliases") or "").splitlines() if line.strip()]
    documents = []
    if data.get("document_number"):
        documents.append((data.get("document_type") or "", data["document_number"]))
    return PersonInput(
        names=[data["name"], *aliases],
        sex=data.get("sex") or "",
        birth_date=data.get("birth_date"),
        birth_year=data.get("birth_year"),
        birth_precision=data.get("birth_precision") or "year",
        nationality=data.get("nationality") or "",
        phones=[data["phone"]] if data.get("phone") else [],
        documents=documents,
        photo=data.get("photo"),
        client_id=data.get("client_id"),
    )


def _case_input(data: dict[str, Any]) -> actions.CaseInput:
    return actions.CaseInput(
        case_type=data["case_type"],
        identification_source=data["identification_source"],
        identified_on=data["identified_on"],
        place_code=data["place_code"],
        origin_code=data.get("origin_code") or "",
        destination_code=data.get("destination_code") or "",
        exploitation_types=list(data.get("exploitation_types") or []),
        means_of_control=list(data.get("means_of_control") or []),
        recruiter_relation=data.get("recruiter_relation") or "",
        summary=data.get("summary") or "",
        client_id=data.get("client_id"),
    )


# Action errors name model-level fields; the registration form has its own names for some.
_REGISTRATION_FIELD = {"names": "name", "phones": "phone", "documents": "document_number"}


def _add_errors(form: forms.Form, error: ValidationError) -> None:
    for field, messages_ in error.message_dict.items():
        target = _REGISTRATION_FIELD.get(field, field)
        for message in messages_:
            form.add_error(target if target in form.fields else None, message)


@login_required
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    if not can_register_survivors(request.user):
        return forbidden(request, "case-register")
    form = case_forms.RegistrationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            case, _created = actions.register_survivor(
                request.user, _person_input(form.cleaned_data), _case_input(form.cleaned_data)
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request, _("Survivor registered: case %(ref)s.") % {"ref": case.reference}
            )
            return redirect("case-detail", case_id=case.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "cases/register.html", {"form": form}, status=status)


DETAIL_FIELDS = (
    "case_type",
    "identification_source",
    "identified_on",
    "place_code",
    "origin_code",
    "destination_code",
    "exploitation_types",
    "means_of_control",
    "recruiter_relation",
)


@login_required
@require_http_methods(["GET", "POST"])
def edit_details(request: HttpRequest, case_id: int) -> HttpResponse:
    """Complete or correct the identification facts; a stale version is refused."""
    case = access_case_by_id(request.user, case_id)
    if not can_edit_case(request.user, case):
        return forbidden(request, "case-edit")
    initial = {field: getattr(case, field) for field in DETAIL_FIELDS} | {"version": case.version}
    form = case_forms.CaseDetailsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.update_case_details(
                request.user,
                case,
                _case_input({**data, "summary": case.summary}),
                expected_version=data["version"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        except actions.StaleEdit as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Saved."))
            return redirect("case-detail", case_id=case.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "cases/edit.html", {"case": case, "form": form}, status=status)


def _detail_context(request: HttpRequest, case: Case) -> dict[str, Any]:
    user = request.user
    editable = can_edit_case(user, case)
    referrals = case.referrals.select_related("to_organisation")
    return {
        "case": case,
        "show_identity": can_see_identity(user, case),
        "names": case.person.names.all(),
        "can_edit": editable,
        "can_record_service": can_record_service(user, case),
        "respondable": {r.pk for r in referrals if can_respond_to_referral(user, r)},
        "next_statuses": [(s, CaseStatus(s).label) for s in sorted(CASE_TRANSITIONS[case.status])],
        "events": case.events.select_related("actor"),
        "screenings": case.screenings.all(),
        "consents": case.consents.all(),
        "assessments": case.assessments.all(),
        "plans": case.plans.all(),
        "referrals": referrals,
        "services": case.services.select_related("provider"),
        "voluntary_return": getattr(case, "voluntary_return", None),
        "follow_ups": case.follow_ups.all(),
        "shares": case.shares.select_related("organisation"),
        "forms": {
            "screening": case_forms.ScreeningForm(),
            "consent": case_forms.ConsentForm(),
            "needs": case_forms.NeedsForm(),
            "plan": case_forms.PlanForm(),
            "referral": case_forms.ReferralForm(),
            "service": case_forms.ServiceForm(),
            "return_plan": case_forms.ReturnPlanForm(),
            "follow_up": case_forms.FollowUpForm(),
            "share": case_forms.ShareForm(),
        },
    }


@login_required
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    case = access_case_by_id(request.user, case_id)
    audit_case_read(request.user, case)
    return render(request, "cases/detail.html", _detail_context(request, case))


def _referral(case: Case, referral_id: int) -> Referral:
    referral = case.referrals.filter(pk=referral_id).first()
    if referral is None:
        raise Http404
    return referral


Step = Callable[[Any, Case, dict[str, Any]], object]

STEPS: dict[str, tuple[type[forms.Form], Step]] = {
    "screening": (
        case_forms.ScreeningForm,
        lambda user, case, d: actions.record_screening(user, case, **d),
    ),
    "consent": (
        case_forms.ConsentForm,
        lambda user, case, d: actions.record_consent(user, case, **d),
    ),
    "withdraw-consent": (
        case_forms.WithdrawConsentForm,
        lambda user, case, d: actions.withdraw_consent(
            user,
            case.consents.filter(pk=d["consent_id"]).first() or _missing(),
            on=d["withdrawn_on"],
            note=d["note"],
        ),
    ),
    "needs": (
        case_forms.NeedsForm,
        lambda user, case, d: actions.assess_needs(user, case, **d),
    ),
    "plan": (
        case_forms.PlanForm,
        lambda user, case, d: actions.write_case_plan(user, case, **d),
    ),
    "referral": (
        case_forms.ReferralForm,
        lambda user, case, d: actions.refer_case(user, case, **d),
    ),
    "referral-status": (
        case_forms.ReferralResponseForm,
        lambda user, case, d: actions.transition_referral(
            user, _referral(case, d["referral_id"]), d["status"], note=d["note"]
        ),
    ),
    "service": (
        case_forms.ServiceForm,
        lambda user, case, d: actions.record_service(
            user,
            case,
            service_type=d["service_type"],
            delivered_on=d["delivered_on"],
            referral=_referral(case, d["referral_id"]) if d.get("referral_id") else None,
            notes=d["notes"],
            client_id=d["client_id"],
        ),
    ),
    "return-plan": (
        case_forms.ReturnPlanForm,
        lambda user, case, d: actions.plan_voluntary_return(user, case, **d),
    ),
    "return-status": (
        case_forms.ReturnAdvanceForm,
        lambda user, case, d: actions.advance_voluntary_return(
            user, case, d["status"], on=d["on"], travel_date=d["travel_date"]
        ),
    ),
    "follow-up": (
        case_forms.FollowUpForm,
        lambda user, case, d: actions.plan_follow_up(user, case, **d),
    ),
    "follow-up-done": (
        case_forms.FollowUpDoneForm,
        lambda user, case, d: actions.complete_follow_up(
            user,
            case.follow_ups.filter(pk=d["follow_up_id"]).first() or _missing(),
            d["status"],
            done_on=d["done_on"],
            outcome=d["outcome"],
        ),
    ),
    "transition": (
        case_forms.TransitionForm,
        lambda user, case, d: actions.transition_case(
            user, case, d["target"], note=d["note"], expected_version=d["version"]
        ),
    ),
    "share": (
        case_forms.ShareForm,
        lambda user, case, d: actions.share_case(user, case, **d),
    ),
}


def _missing() -> Any:
    raise Http404


@login_required
@require_POST
def case_step(request: HttpRequest, case_id: int, step: str) -> HttpResponse:
    """One POST endpoint per workflow step; errors re-render the case with status 400."""
    if step not in STEPS:
        raise Http404
    case = access_case_by_id(request.user, case_id)
    form_class, apply = STEPS[step]
    form = form_class(request.POST)
    error: str | None = None
    if not form.is_valid():
        error = "; ".join(
            f"{form.fields[name].label if name in form.fields else ''} {' '.join(map(str, errors))}"
            for name, errors in form.errors.items()
        ).strip()
    else:
        try:
            apply(request.user, case, form.cleaned_data)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        except (IllegalTransition, actions.StaleEdit) as exc:
            error = str(exc)
    if error is not None:
        messages.error(request, error)
        case.refresh_from_db()
        return render(request, "cases/detail.html", _detail_context(request, case), status=400)
    messages.success(request, _("Saved."))
    return redirect(reverse("case-detail", kwargs={"case_id": case.pk}) + f"#{step}")
