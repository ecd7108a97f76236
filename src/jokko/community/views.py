"""Pages of the community app. Each view parses a form, calls one action or access function,
and renders.

The public form is deliberately tiny (its own template, no JavaScript, no stylesheet file):
it must load over a 2G link on a basic phone's browser. The signed-in pages extend `base.html`.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from csp.constants import NONCE
from csp.decorators import csp_update
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from jokko.accounts.access import ActionForbidden
from jokko.accounts.models import Organisation
from jokko.community import actions, throttle
from jokko.community.access import (
    access_report,
    can_submit_as_member,
    can_triage,
    is_committee_member,
    visible_reports,
)
from jokko.community.duplicates import duplicate_candidates
from jokko.community.models import (
    OPEN_STATUSES,
    URGENCY_RANK,
    Channel,
    CommunityReport,
    ReportStatus,
    SuspectedOffence,
    Urgency,
)
from jokko.community.rapidpro import PayloadError, parse_payload
from jokko.community.webhook_auth import authenticate_webhook
from jokko.gazetteer import places_in
from jokko.people.actions import PersonInput
from jokko.web.responses import forbidden


def _int_or_none(value: str) -> int | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        return -1  # refused by the action with its message


def _bool_or_none(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


def _uuid_or_none(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except (TypeError, ValueError):
        return None


def parse_report_form(post: QueryDict) -> actions.ReportInput:
    place_text = post.get("place_text", "")
    place_code = post.get("place_code", "").strip() or actions.place_from_text(place_text)
    return actions.ReportInput(
        description=post.get("description", ""),
        place_code=place_code,
        place_text=place_text,
        suspected_offence=post.get("suspected_offence", "") or SuspectedOffence.UNKNOWN,
        persons_count=_int_or_none(post.get("persons_count", "")),
        children_involved=_bool_or_none(post.get("children_involved", "")),
        urgency=post.get("urgency", "") or Urgency.NORMAL,
        contact=post.get("contact", ""),
        client_id=_uuid_or_none(post.get("client_id", "")),
    )


def _errors(exc: ValidationError) -> dict[str, list[str]]:
    return exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}


def _form_context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    context: dict[str, Any] = {
        "offences": SuspectedOffence.choices,
        "urgencies": Urgency.choices,
        "client_id": request.POST.get("client_id") or uuid.uuid4(),
        "values": request.POST,
        "errors": {},
        "max_description": actions.MAX_DESCRIPTION,
    }
    context.update(extra)
    return context


# --- the public form ------------------------------------------------------------------------


# The page's one inline <style> carries a per-response nonce (no extra request on a 2G link).
@csp_update({"style-src": [NONCE]})
@require_http_methods(["GET", "POST"])
def public_report(request: HttpRequest) -> HttpResponse:
    """Anyone, signed in or not, may report; the form is CSRF-protected and throttled per IP."""
    if request.method == "GET":
        return render(request, "community/public_form.html", _form_context(request))
    limit = throttle.limit_for("public_form")
    key = throttle.client_key("ip", throttle.client_ip(request))
    data = parse_report_form(request.POST)
    is_retry = (
        data.client_id is not None
        and CommunityReport.objects.filter(client_id=data.client_id, reporter=None).exists()
    )
    if not is_retry and throttle.over_limit(limit, key):
        return render(
            request,
            "community/public_form.html",
            _form_context(
                request,
                throttled=_(
                    "Too many reports from this connection. Please wait %(minutes)s minutes "
                    "and try again, or call the hotline."
                )
                % {"minutes": limit.window_seconds // 60},
            ),
            status=429,
        )
    try:
        report, created = actions.submit_report(None, data, channel=Channel.PUBLIC_WEB)
    except ValidationError as exc:
        return render(
            request,
            "community/public_form.html",
            _form_context(request, errors=_errors(exc)),
            status=400,
        )
    if created:
        throttle.count_hit(limit, key)
    return render(request, "community/public_thanks.html", {"reference": report.reference})


# --- signed-in forms ------------------------------------------------------------------------


def _place_choices() -> list[tuple[str, str]]:
    from django.conf import settings

    # Towns and sites (mining sites, border posts): where committees work; regions are too vague.
    places = [p for p in places_in(settings.NODE_COUNTRY) if p.kind != "region"]
    return sorted(((p.code, p.name) for p in places), key=lambda item: item[1])


@login_required
@require_http_methods(["GET", "POST"])
def member_report_new(request: HttpRequest) -> HttpResponse:
    """A committee member's report: their committee and its place are filled in."""
    user: Any = request.user
    if not can_submit_as_member(user):
        return forbidden(request, "community-report-new")
    committee = user.organisation if is_committee_member(user) else None
    context = _form_context(
        request,
        committee=committee,
        places=_place_choices(),
        default_place=committee.place_code if committee else "",
    )
    if request.method == "POST":
        try:
            report, _created = actions.submit_report(
                user, parse_report_form(request.POST), channel=Channel.COMMITTEE
            )
        except ValidationError as exc:
            context["errors"] = _errors(exc)
            return render(request, "community/member_form.html", context, status=400)
        messages.success(request, _("Report %(ref)s sent. Thank you.") % {"ref": report.reference})
        return redirect("community-mine")
    return render(request, "community/member_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def hotline_report_new(request: HttpRequest) -> HttpResponse:
    """A call taken by a hotline operator; the caller's contact is optional."""
    user: Any = request.user
    if not can_triage(user):
        return forbidden(request, "community-hotline-new")
    context = _form_context(request, places=_place_choices(), hotline=user.organisation)
    if request.method == "POST":
        try:
            report, _created = actions.submit_report(
                user, parse_report_form(request.POST), channel=Channel.HOTLINE
            )
        except ValidationError as exc:
            context["errors"] = _errors(exc)
            return render(request, "community/hotline_form.html", context, status=400)
        messages.success(request, _("Report %(ref)s recorded.") % {"ref": report.reference})
        return redirect("community-report-detail", report_id=report.pk)
    return render(request, "community/hotline_form.html", context)


@login_required
def my_reports(request: HttpRequest) -> HttpResponse:
    """A reporter's own reports and what became of them; never anyone else's."""
    user: Any = request.user
    if not can_submit_as_member(user):
        return forbidden(request, "community-mine")
    reports = CommunityReport.objects.filter(reporter=user).order_by("-received_at", "-id")[:200]
    return render(request, "community/mine.html", {"reports": reports})


# --- triage ---------------------------------------------------------------------------------


def triage_order(reports: list[CommunityReport]) -> list[CommunityReport]:
    """Most urgent first, then oldest first: the longest-waiting urgent report is on top."""
    return sorted(reports, key=lambda r: (URGENCY_RANK.get(r.urgency, 9), r.received_at, r.pk))


@login_required
def triage_queue(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not can_triage(user):
        return forbidden(request, "community-triage")
    open_reports = triage_order(
        list(
            CommunityReport.objects.filter(status__in=OPEN_STATUSES).select_related(
                "committee", "hotline"
            )[:500]
        )
    )
    now = timezone.now()
    rows = [
        {"report": r, "waiting_hours": round((now - r.received_at).total_seconds() / 3600, 1)}
        for r in open_reports
    ]
    return render(request, "community/triage.html", {"rows": rows})


@login_required
def report_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    """The report's text (an audited read); operators also get duplicates and decisions."""
    user: Any = request.user
    report = access_report(user, report_id)
    context: dict[str, Any] = {"report": report, "can_triage": can_triage(user)}
    if can_triage(user):
        context.update(
            candidates=duplicate_candidates(report) if report.is_open else [],
            urgencies=Urgency.choices,
            units=actions.police_units(),
            places=_place_choices(),
            duplicates=list(report.duplicates.all()),
        )
    context["can_make_incident"] = (
        report.status == ReportStatus.FORWARDED_TO_POLICE
        and getattr(user, "organisation_id", None) == report.forwarded_to_id
    ) or (report.status == ReportStatus.FORWARDED_TO_POLICE and user.role == "coordinator")
    return render(request, "community/detail.html", context)


@login_required
@require_POST
def triage_action(request: HttpRequest, report_id: int) -> HttpResponse:
    """One decision of the operator: triage (urgency), duplicate of, dismiss, forward, place."""
    user: Any = request.user
    report = access_report(user, report_id)
    if not can_triage(user):
        raise ActionForbidden
    decision = request.POST.get("decision", "")
    try:
        if decision in ("triage", "dismiss"):
            actions.triage_report(
                user,
                report,
                urgency=request.POST.get("urgency", report.urgency),
                note=request.POST.get("note", ""),
                dismiss=decision == "dismiss",
            )
        elif decision == "duplicate":
            original_id = _int_or_none(request.POST.get("duplicate_of", "")) or 0
            original = visible_reports(user).filter(pk=original_id).first()
            if original is None:
                raise ValidationError({"duplicate_of": [_("Choose the report it duplicates.")]})
            actions.mark_duplicate(user, report, original)
        elif decision == "forward":
            unit_id = _int_or_none(request.POST.get("unit", "")) or 0
            actions.forward_to_police(user, report, Organisation.objects.filter(pk=unit_id).first())
        elif decision == "place":
            actions.set_place(user, report, request.POST.get("place_code", ""))
        else:
            raise ValidationError({"decision": [_("Choose a decision.")]})
    except ValidationError as exc:
        for field_messages in _errors(exc).values():
            for message in field_messages:
                messages.error(request, message)
        return redirect("community-report-detail", report_id=report.pk)
    messages.success(request, _("Report %(ref)s updated.") % {"ref": report.reference})
    return redirect("community-report-detail", report_id=report.pk)


@login_required
@require_http_methods(["GET", "POST"])
def convert_to_case(request: HttpRequest, report_id: int) -> HttpResponse:
    """Open a survivor's case from the report, prefilled with what the report says."""
    user: Any = request.user
    report = access_report(user, report_id)
    if not can_triage(user):
        raise ActionForbidden
    prefill = actions.case_prefill(report)
    values: Any = (
        request.POST
        if request.method == "POST"
        else {
            "case_type": prefill.case_type,
            "identification_source": prefill.identification_source,
            "identified_on": prefill.identified_on.isoformat(),
            "place_code": prefill.place_code,
            "summary": prefill.summary,
        }
    )
    context: dict[str, Any] = {
        "report": report,
        "values": values,
        "errors": {},
        "places": _place_choices(),
        "case_types": _vocabulary_choices("case_type"),
        "sources": _vocabulary_choices("identification_source"),
        "sexes": _vocabulary_choices("sex"),
        "client_id": request.POST.get("client_id") or uuid.uuid4(),
    }
    if request.method == "POST":
        post = request.POST
        try:
            identified_on = datetime.date.fromisoformat(post.get("identified_on", ""))
        except ValueError:
            identified_on = timezone.localdate()
        person = PersonInput(
            names=[post.get("name", "")],
            sex=post.get("sex", ""),
            birth_year=_int_or_none(post.get("birth_year", "")),
            nationality=post.get("nationality", "").strip().upper(),
        )
        case_data = actions.CaseInput(
            case_type=post.get("case_type", ""),
            identification_source=post.get("identification_source", ""),
            identified_on=identified_on,
            place_code=post.get("place_code", ""),
            summary=post.get("summary", ""),
            client_id=_uuid_or_none(post.get("client_id", "")),
        )
        try:
            case = actions.convert_to_case(user, report, person, case_data)
        except ValidationError as exc:
            context["errors"] = _errors(exc)
            return render(request, "community/convert_case.html", context, status=400)
        messages.success(
            request,
            _("Case %(case)s opened from report %(ref)s.")
            % {"case": case.reference, "ref": report.reference},
        )
        return redirect("case-detail", case_id=case.pk)
    return render(request, "community/convert_case.html", context)


@login_required
@require_POST
def convert_to_incident(request: HttpRequest, report_id: int) -> HttpResponse:
    """The investigator records the incident the forwarded report led to."""
    from jokko.incidents.actions import IncidentInput

    user: Any = request.user
    report = access_report(user, report_id)
    post = request.POST
    try:
        occurred_on = datetime.date.fromisoformat(post.get("occurred_on", ""))
    except ValueError:
        occurred_on = None
    offences = [report.suspected_offence] if report.suspected_offence != "unknown" else ["tip"]
    data = IncidentInput(
        kind=post.get("kind", "other"),
        occurred_on=occurred_on,
        place_code=post.get("place_code", "") or report.place_code,
        offences=post.getlist("offences") or offences,
        summary=post.get("summary", ""),
    )
    try:
        incident = actions.convert_to_incident(user, report, data)
    except ValidationError as exc:
        for field_messages in _errors(exc).values():
            for message in field_messages:
                messages.error(request, message)
        return redirect("community-report-detail", report_id=report.pk)
    messages.success(request, _("Incident %(ref)s recorded.") % {"ref": incident.reference})
    return redirect("incident-detail", incident_id=incident.pk)


def _vocabulary_choices(name: str) -> list[tuple[str, str]]:
    from django.utils.translation import get_language

    from jokko.taxonomy import vocabulary

    language = get_language() or "fr"
    return [(term.code, term.label(language)) for term in vocabulary(name).terms]


# --- the SMS / chatbot webhook --------------------------------------------------------------


def _json_error(status: int, message: str) -> JsonResponse:
    return JsonResponse(
        {"detail": message}, status=status, json_dumps_params={"ensure_ascii": False}
    )


@csrf_exempt
@require_POST
def rapidpro_webhook(request: HttpRequest) -> HttpResponse:
    """RapidPro's "Call Webhook" action posts the flow's results here; we answer the report's
    reference (`@webhook.reference` in the flow) so the flow can text it back to the reporter.

    Authenticated by a shared key in the Authorization header ("Token <key>"), idempotent on the
    run uuid, throttled per contact URN.
    """
    if not authenticate_webhook(request.headers.get("Authorization", "")):
        return _json_error(401, _("Missing or wrong webhook key."))
    try:
        flow_report = parse_payload(request.body)
    except PayloadError as exc:
        return _json_error(400, str(exc))
    existing = CommunityReport.objects.filter(
        channel=Channel.SMS, external_id=flow_report.external_id
    ).first()
    if existing is not None:
        return JsonResponse(_webhook_answer(existing, created=False), status=200)
    limit = throttle.limit_for("webhook")
    key = throttle.client_key("urn", flow_report.urn)
    if throttle.over_limit(limit, key):
        return _json_error(
            429,
            _("Too many reports from this contact. Please wait %(minutes)s minutes.")
            % {"minutes": limit.window_seconds // 60},
        )
    data = actions.ReportInput(
        description=flow_report.description,
        place_text=flow_report.place,
        place_code=actions.place_from_text(flow_report.place),
        suspected_offence=flow_report.offence,
        urgency=flow_report.urgency,
        persons_count=flow_report.persons,
        children_involved=flow_report.children,
        contact=flow_report.urn,
    )
    try:
        report, created = actions.submit_report(
            None, data, channel=Channel.SMS, external_id=flow_report.external_id
        )
    except ValidationError as exc:
        return _json_error(400, " ".join(f"{k}: {' '.join(v)}" for k, v in _errors(exc).items()))
    if created:
        throttle.count_hit(limit, key)
    return JsonResponse(_webhook_answer(report, created=created), status=201 if created else 200)


def _webhook_answer(report: CommunityReport, *, created: bool) -> dict[str, Any]:
    return {
        "reference": report.reference,
        "status": report.status,
        "created": created,
        "message": _("Thank you. Your report number is %(ref)s.") % {"ref": report.reference},
    }
