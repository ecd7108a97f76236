"""Pages of the investigations app. Each view parses a form, calls one action, and renders.

The detail page carries every working form (step, evidence, custody, links, status); each posts
back to the detail URL with a hidden `form` field naming the action, so one route answers for
all of them in the permission matrix.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from jokko.accounts.access import ActionForbidden
from jokko.accounts.models import Role, User
from jokko.audit.actions import record
from jokko.crosslink.models import LegalBasis
from jokko.incidents.access import visible_suspects
from jokko.incidents.models import Offence
from jokko.investigations import actions
from jokko.investigations.access import (
    access_evidence,
    access_investigation,
    can_open_investigations,
    can_use_investigations,
    can_work_on,
    survivor_identity,
    visible_investigations,
)
from jokko.investigations.models import (
    EvidenceKind,
    Investigation,
    InvestigationStatus,
    StepKind,
    TamperedDocument,
)
from jokko.spreadsheets.export import export_list
from jokko.spreadsheets.lists import INVESTIGATION_COLUMNS
from jokko.web.responses import forbidden


def _date(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value.strip())
    except ValueError:
        return None


def _datetime(value: str) -> datetime.datetime | None:
    try:
        return datetime.datetime.fromisoformat(value.strip())
    except ValueError:
        return None


def _int(value: str | None) -> int | None:
    try:
        return int(value or "")
    except ValueError:
        return None


def _messages(error: ValidationError) -> dict[str, list[str]]:
    return error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}


@login_required
@require_GET
def investigation_list(request: HttpRequest) -> HttpResponse:
    if not can_use_investigations(request.user):
        return forbidden(request, "investigation-list")
    status = request.GET.get("status", "")
    investigations = visible_investigations(request.user).select_related("unit")
    if status in InvestigationStatus.values:
        investigations = investigations.filter(status=status)
    if download := export_list(request, "investigation", INVESTIGATION_COLUMNS, investigations):
        return download
    page = Paginator(investigations, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "investigations/list.html",
        {
            "page": page,
            "status": status,
            "statuses": InvestigationStatus.choices,
            "can_open": can_open_investigations(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def investigation_new(request: HttpRequest) -> HttpResponse:
    if not can_open_investigations(request.user):
        return forbidden(request, "investigation-new")
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        data = actions.InvestigationInput(
            title=request.POST.get("title", ""),
            opened_on=_date(request.POST.get("opened_on", "")),
            offences=request.POST.getlist("offences"),
            investigator_ids=[
                pk for pk in (_int(v) for v in request.POST.getlist("investigators")) if pk
            ],
        )
        try:
            investigation = actions.open_investigation(request.user, data)
        except ValidationError as error:
            errors = _messages(error)
        else:
            messages.success(request, _("Investigation %(ref)s opened.") % {"ref": investigation})
            return redirect("investigation-detail", investigation_id=investigation.pk)
    me: Any = request.user
    colleagues = User.objects.filter(role=Role.INVESTIGATOR, is_active=True).exclude(pk=me.pk)
    return render(
        request,
        "investigations/new.html",
        {
            "errors": errors,
            "form": request.POST,
            "offences": Offence.choices,
            "colleagues": colleagues.order_by("username"),
            "today": datetime.date.today().isoformat(),
        },
        status=400 if errors else 200,
    )


def _handle_form(request: HttpRequest, investigation: Investigation) -> str:
    """Run the action the posted form names; returns the success message."""
    user: Any = request.user
    post = request.POST
    form = post.get("form", "")
    if form == "step":
        actions.add_step(
            user,
            investigation,
            done_on=_date(post.get("done_on", "")),
            kind=post.get("kind", ""),
            description=post.get("description", ""),
        )
        return _("Step recorded.")
    if form == "evidence":
        upload = request.FILES.get("document")
        evidence = actions.add_evidence(
            user,
            investigation,
            actions.EvidenceInput(
                exhibit_number=post.get("exhibit_number", ""),
                description=post.get("description", ""),
                kind=post.get("kind", ""),
                collected_on=_date(post.get("collected_on", "")),
                place_code=post.get("place_code", ""),
                document=upload.read() if upload else None,
                document_name=upload.name or "" if upload else "",
                document_type=upload.content_type or "" if upload else "",
            ),
        )
        return _("Exhibit %(number)s logged.") % {"number": evidence.exhibit_number}
    if form == "custody":
        evidence = access_evidence(user, investigation, _int(post.get("evidence")) or 0)
        actions.transfer_custody(
            user,
            evidence,
            from_holder=post.get("from_holder", ""),
            to_holder=post.get("to_holder", ""),
            at=_datetime(post.get("at", "")),
            purpose=post.get("purpose", ""),
        )
        return _("Hand-over recorded.")
    if form == "incident":
        actions.link_incident(user, investigation, post.get("incident", ""))
        return _("Incident linked.")
    if form == "suspect":
        actions.link_suspect(user, investigation, _int(post.get("suspect")))
        return _("Suspect linked.")
    if form == "case":
        actions.link_case(
            user,
            investigation,
            post.get("case", ""),
            legal_basis=post.get("legal_basis", ""),
            legal_reference=post.get("legal_reference", ""),
        )
        return _("Survivor case linked.")
    if form == "assign":
        actions.assign_investigator(user, investigation, _int(post.get("investigator")))
        return _("Investigator assigned.")
    if form == "status":
        actions.change_status(user, investigation, post.get("status", ""), post.get("reason", ""))
        return _("Status changed.")
    raise ValidationError({"form": [_("Unknown form.")]})


@login_required
@require_http_methods(["GET", "POST"])
def investigation_detail(request: HttpRequest, investigation_id: int) -> HttpResponse:
    investigation = access_investigation(request.user, investigation_id)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        if not can_work_on(request.user, investigation):
            raise ActionForbidden
        try:
            message = _handle_form(request, investigation)
        except ValidationError as error:
            errors = _messages(error)
        else:
            messages.success(request, message)
            return redirect("investigation-detail", investigation_id=investigation.pk)
    case_links = [
        (link, survivor_identity(request.user, link))
        for link in investigation.case_links.select_related("case__person", "consent")
    ]
    evidence = list(investigation.evidence.prefetch_related("custody"))
    return render(
        request,
        "investigations/detail.html",
        {
            "investigation": investigation,
            "errors": errors,
            "posted_form": request.POST.get("form", ""),
            "can_work": can_work_on(request.user, investigation),
            "case_links": case_links,
            "evidence": evidence,
            "steps": investigation.steps.select_related("by"),
            "incidents": investigation.incidents.all(),
            "suspects": investigation.suspects.select_related("person"),
            "investigators": investigation.investigators.all(),
            "colleagues": User.objects.filter(role=Role.INVESTIGATOR, is_active=True)
            .exclude(investigations=investigation)
            .order_by("username"),
            "incident_suspects": visible_suspects(request.user).select_related("person")[:200],
            "step_kinds": StepKind.choices,
            "evidence_kinds": EvidenceKind.choices,
            "statuses": InvestigationStatus.choices,
            "legal_bases": LegalBasis.choices,
            "today": datetime.date.today().isoformat(),
        },
        status=400 if errors else 200,
    )


@login_required
@require_GET
def evidence_document(
    request: HttpRequest, investigation_id: int, evidence_id: int
) -> HttpResponse:
    """The decrypted document of an exhibit, checked against its hash; every download audited."""
    investigation = access_investigation(request.user, investigation_id)
    evidence = access_evidence(request.user, investigation, evidence_id)
    try:
        content = evidence.read_document()
    except TamperedDocument as error:
        record(
            request.user, "denied", "evidence", evidence.pk, purpose="document", reason=str(error)
        )
        return render(request, "investigations/tampered.html", {"error": error}, status=409)
    record(
        request.user,
        "read",
        "evidence",
        evidence.pk,
        purpose="document",
        sha256=evidence.document_sha256,
    )
    response = HttpResponse(content, content_type=evidence.document_type)
    filename = re.sub(r"[^A-Za-z0-9._-]", "_", evidence.document_name) or "document"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
