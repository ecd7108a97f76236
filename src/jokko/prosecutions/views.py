"""Pages of the prosecutions app. Each view parses a plain HTML form, calls one action or access
function, and renders; validation lives in `actions.py`, so the API refuses the same input.

Form field names are stable (the browser journey fills them by id): see `templates/prosecutions/`.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jokko.accounts.access import ActionForbidden, NotFoundOrForbidden
from jokko.accounts.models import Organisation, OrganisationKind
from jokko.cases.access import access_case_by_id, can_edit_case
from jokko.incidents.access import visible_suspects
from jokko.incidents.models import Offence
from jokko.investigations.access import visible_investigations
from jokko.investigations.models import Investigation
from jokko.prosecutions import actions
from jokko.prosecutions.access import (
    access_prosecution_by_id,
    can_manage,
    can_open_prosecution,
    can_read_catalogue,
    can_use_prosecutions,
    visible_prosecutions,
)
from jokko.prosecutions.models import (
    AppealOutcome,
    Charge,
    HearingKind,
    LegalAidFile,
    Prosecution,
    ProsecutionStatus,
    ProtectionKind,
    Statute,
    StopReason,
    Verdict,
    VerdictOutcome,
)
from jokko.spreadsheets.export import export_list
from jokko.spreadsheets.lists import PROSECUTION_COLUMNS
from jokko.web.responses import forbidden


def _date(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat((value or "").strip())
    except ValueError:
        return None


def _int(value: str | None) -> int | None:
    try:
        return int((value or "").strip())
    except ValueError:
        return None


def _errors(error: ValidationError) -> list[str]:
    if hasattr(error, "message_dict"):
        return [m for messages_ in error.message_dict.values() for m in messages_]
    return list(error.messages)


@login_required
def prosecution_list(request: HttpRequest) -> HttpResponse:
    if not can_use_prosecutions(request.user):
        return forbidden(request, "prosecution-list")
    status = request.GET.get("status", "")
    prosecutions = visible_prosecutions(request.user).select_related("court", "prosecutor")
    if status in ProsecutionStatus.values:
        prosecutions = prosecutions.filter(status=status)
    if download := export_list(request, "prosecution", PROSECUTION_COLUMNS, prosecutions[:200]):
        return download
    return render(
        request,
        "prosecutions/list.html",
        {
            "prosecutions": prosecutions[:200],
            "status": status,
            "statuses": ProsecutionStatus.choices,
            "can_open": can_open_prosecution(request.user),
        },
    )


def _investigations(user: Any) -> list[Investigation]:
    return list(visible_investigations(user).order_by("-id")[:100])


@login_required
@require_http_methods(["GET", "POST"])
def prosecution_new(request: HttpRequest) -> HttpResponse:
    if not can_open_prosecution(request.user):
        return forbidden(request, "prosecution-new")
    errors: list[str] = []
    data: QueryDict = request.POST if request.method == "POST" else request.GET
    if request.method == "POST":
        form = actions.ProsecutionInput(
            opened_on=_date(data.get("opened_on")),
            court_id=_int(data.get("court_id")),
            suspect_ids=[i for i in (_int(v) for v in data.getlist("suspect_ids")) if i],
            investigation_id=_int(data.get("investigation_id")),
            reference=data.get("reference", ""),
        )
        try:
            prosecution = actions.open_prosecution(request.user, form)
        except ValidationError as error:
            errors = _errors(error)
        else:
            messages.success(request, _("Prosecution %(ref)s opened.") % {"ref": prosecution})
            return redirect("prosecution-detail", prosecution_id=prosecution.pk)
    status = 400 if errors else 200
    return render(
        request,
        "prosecutions/new.html",
        {
            "errors": errors,
            "data": data,
            "chosen": data.getlist("suspect_ids"),
            "courts": Organisation.objects.filter(kind=OrganisationKind.COURT),
            "suspects": visible_suspects(request.user).select_related("person")[:200],
            "investigations": _investigations(request.user),
        },
        status=status,
    )


def _detail_context(user: Any, prosecution: Prosecution) -> dict[str, Any]:
    charges = (
        Charge.objects.filter(defendant__prosecution=prosecution)
        .select_related("statute", "defendant__suspect__person", "verdict", "verdict__sentence")
        .order_by("id")
    )
    return {
        "prosecution": prosecution,
        "defendants": prosecution.defendants.select_related("suspect__person"),
        "charges": charges,
        "verdicts": Verdict.objects.filter(charge__defendant__prosecution=prosecution),
        "hearings": prosecution.hearings.all(),
        "appeals": prosecution.appeals.all(),
        "compensations": prosecution.compensations.select_related("case"),
        "measures": prosecution.protection_measures.select_related("case"),
        "legal_aid_files": LegalAidFile.objects.filter(prosecution=prosecution).select_related(
            "case"
        ),
        "can_manage": can_manage(user, prosecution),
        "statutes": Statute.objects.filter(country=prosecution.court.country, active=True),
        "offences": Offence.choices,
        "hearing_kinds": HearingKind.choices,
        "outcomes": VerdictOutcome.choices,
        "appeal_outcomes": AppealOutcome.choices,
        "protection_kinds": ProtectionKind.choices,
        "statuses": ProsecutionStatus.choices,
        "stop_reasons": StopReason.choices,
        "today": datetime.date.today().isoformat(),
    }


@login_required
def prosecution_detail(request: HttpRequest, prosecution_id: int) -> HttpResponse:
    try:
        prosecution = access_prosecution_by_id(request.user, prosecution_id)
    except NotFoundOrForbidden:
        raise Http404 from None
    context = _detail_context(request.user, prosecution)
    context["errors"] = []
    return render(request, "prosecutions/detail.html", context)


def _apply_step(user: Any, prosecution: Prosecution, step: str, data: QueryDict) -> Any:
    if step == "charge":
        return actions.add_charge(
            user,
            prosecution,
            defendant_id=_int(data.get("defendant_id")),
            statute_id=_int(data.get("statute_id")),
            offence=data.get("offence", ""),
            charged_on=_date(data.get("charged_on")),
        )
    if step == "hearing":
        return actions.record_hearing(
            user,
            prosecution,
            held_on=_date(data.get("held_on")),
            kind=data.get("kind", ""),
            note=data.get("note", ""),
            next_on=_date(data.get("next_on")),
        )
    if step == "verdict":
        return actions.record_verdict(
            user,
            prosecution,
            charge_id=_int(data.get("charge_id")),
            outcome=data.get("outcome", ""),
            decided_on=_date(data.get("decided_on")),
        )
    if step == "sentence":
        return actions.record_sentence(
            user,
            prosecution,
            verdict_id=_int(data.get("verdict_id")),
            prison_months=_int(data.get("prison_months")) or 0,
            suspended_months=_int(data.get("suspended_months")) or 0,
            fine=data.get("fine", ""),
            currency=data.get("currency", "XOF"),
        )
    if step == "appeal":
        return actions.record_appeal(
            user,
            prosecution,
            lodged_on=_date(data.get("lodged_on")),
            lodged_by=data.get("lodged_by", ""),
            outcome=data.get("outcome", AppealOutcome.PENDING),
            decided_on=_date(data.get("decided_on")),
        )
    if step == "compensation":
        return actions.award_compensation(
            user,
            prosecution,
            case_id=_int(data.get("case_id")),
            amount=data.get("amount", ""),
            currency=data.get("currency", "XOF"),
            awarded_on=_date(data.get("awarded_on")),
            paid_on=_date(data.get("paid_on")),
        )
    if step == "protection":
        return actions.add_protection_measure(
            user,
            prosecution,
            case_id=_int(data.get("case_id")),
            kind=data.get("kind", ""),
            starts_on=_date(data.get("starts_on")),
            ends_on=_date(data.get("ends_on")),
        )
    if step == "status":
        return actions.close_prosecution(
            user,
            prosecution,
            status=data.get("status", ""),
            stop_reason=data.get("stop_reason", ""),
        )
    raise Http404


STEPS = (
    "charge",
    "hearing",
    "verdict",
    "sentence",
    "appeal",
    "compensation",
    "protection",
    "status",
)


@login_required
@require_POST
def prosecution_step(request: HttpRequest, prosecution_id: int, step: str) -> HttpResponse:
    try:
        prosecution = access_prosecution_by_id(request.user, prosecution_id)
    except NotFoundOrForbidden:
        raise Http404 from None
    if step not in STEPS:
        raise Http404
    if not can_manage(request.user, prosecution):
        return forbidden(request, f"prosecution-{step}")
    try:
        _apply_step(request.user, prosecution, step, request.POST)
    except ActionForbidden:
        return forbidden(request, f"prosecution-{step}")
    except ValidationError as error:
        context = _detail_context(request.user, prosecution)
        context["errors"] = _errors(error)
        context["failed_step"] = step
        return render(request, "prosecutions/detail.html", context, status=400)
    messages.success(request, _("Saved."))
    return redirect("prosecution-detail", prosecution_id=prosecution.pk)


@login_required
def statute_list(request: HttpRequest) -> HttpResponse:
    if not can_read_catalogue(request.user):
        return forbidden(request, "statute-list")
    country = request.GET.get("country", "")
    statutes = Statute.objects.all()
    if country:
        statutes = statutes.filter(country=country.upper())
    return render(
        request,
        "prosecutions/statutes.html",
        {
            "statutes": statutes,
            "country": country,
            "countries": sorted(set(Statute.objects.values_list("country", flat=True))),
            "unverified": statutes.filter(verified=False).count(),
        },
    )


def _wish_code(wish: bool | None) -> str:
    if wish is None:
        return ""
    return "yes" if wish else "no"


LEGAL_AID_FIELDS = ("needs", "wishes_to_pursue", "lawyer_name", "prosecution_reference")


@login_required
@require_http_methods(["GET", "POST"])
def legal_aid_edit(request: HttpRequest, case_id: int) -> HttpResponse:
    """The survivor's legal-aid file, edited by the case's own case workers."""
    try:
        case = access_case_by_id(request.user, case_id)
    except NotFoundOrForbidden:
        raise Http404 from None
    if not can_edit_case(request.user, case):
        return forbidden(request, "legal-aid-edit")
    legal_aid = LegalAidFile.objects.filter(case=case).select_related("prosecution").first()
    errors: list[str] = []
    if request.method == "POST":
        wish = request.POST.get("wishes_to_pursue", "")
        data = actions.LegalAidInput(
            needs=request.POST.get("needs", ""),
            wishes_to_pursue={"yes": True, "no": False}.get(wish),
            lawyer_name=request.POST.get("lawyer_name", ""),
            prosecution_reference=request.POST.get("prosecution_reference", ""),
        )
        try:
            actions.save_legal_aid(request.user, case, data)
        except ActionForbidden:
            return forbidden(request, "legal-aid-edit")
        except ValidationError as error:
            errors = _errors(error)
        else:
            messages.success(request, _("Legal-aid file saved."))
            return redirect("case-detail", case_id=case.pk)
    if request.method == "POST":
        values = {key: request.POST.get(key, "") for key in LEGAL_AID_FIELDS}
    elif legal_aid is not None:
        values = {
            "needs": legal_aid.needs,
            "wishes_to_pursue": _wish_code(legal_aid.wishes_to_pursue),
            "lawyer_name": legal_aid.lawyer_name,
            "prosecution_reference": legal_aid.prosecution.reference
            if legal_aid.prosecution
            else "",
        }
    else:
        values = dict.fromkeys(LEGAL_AID_FIELDS, "")
    return render(
        request,
        "prosecutions/legal_aid.html",
        {"case": case, "errors": errors, "values": values},
        status=400 if errors else 200,
    )
