"""Pages of the cooperation app. Each view parses a form, calls one action, and renders."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jokko.accounts.access import ActionForbidden
from jokko.cooperation import actions
from jokko.cooperation.access import (
    access_request_by_id,
    can_manage_requests,
    can_use_cooperation,
    visible_requests,
)
from jokko.cooperation.forms import RequestForm, StatusForm
from jokko.cooperation.models import RequestDirection, RequestKind, RequestStatus
from jokko.spreadsheets.export import export_list
from jokko.spreadsheets.lists import COOPERATION_COLUMNS
from jokko.web.responses import forbidden


@login_required
def request_list(request: HttpRequest) -> HttpResponse:
    if not can_use_cooperation(request.user):
        return forbidden(request, "cooperation-list")
    requests = visible_requests(request.user)
    status = request.GET.get("status", "")
    if status in RequestStatus.values:
        requests = requests.filter(status=status)
    direction = request.GET.get("direction", "")
    if direction in RequestDirection.values:
        requests = requests.filter(direction=direction)
    overdue = request.GET.get("overdue") == "1"
    if overdue:
        requests = actions.overdue_requests(requests)
    if download := export_list(request, "cooperation_request", COOPERATION_COLUMNS, requests[:500]):
        return download
    return render(
        request,
        "cooperation/list.html",
        {
            "requests": requests[:500],
            "status": status,
            "direction": direction,
            "overdue": overdue,
            "statuses": RequestStatus.choices,
            "directions": RequestDirection.choices,
            "can_manage": can_manage_requests(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_new(request: HttpRequest) -> HttpResponse:
    if not can_manage_requests(request.user):
        return forbidden(request, "cooperation-new")
    form = RequestForm(
        request.POST or None,
        user=request.user,
        initial={"kind": RequestKind.MUTUAL_LEGAL_ASSISTANCE, "direction": "outgoing"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            created = actions.create_request(request.user, form.to_input())
        except ValidationError as error:
            form.add_action_errors(error)
        else:
            messages.success(request, _("Request recorded."))
            return redirect("cooperation-detail", request_id=created.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "cooperation/new.html", {"form": form}, status=status)


@login_required
def request_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    found = access_request_by_id(request.user, request_id)
    return render(
        request,
        "cooperation/detail.html",
        {
            "req": found,
            "events": found.events.select_related("recorded_by"),
            "can_manage": can_manage_requests(request.user),
            "status_form": StatusForm(),
            "next_statuses": [(code, RequestStatus(code).label) for code in found.allowed_next()],
        },
    )


@login_required
@require_POST
def request_status(request: HttpRequest, request_id: int) -> HttpResponse:
    found = access_request_by_id(request.user, request_id)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(m) for e in form.errors.values() for m in e))
        return redirect("cooperation-detail", request_id=found.pk)
    try:
        actions.change_status(
            request.user,
            found,
            form.cleaned_data["status"],
            happened_on=form.cleaned_data["happened_on"],
            note=form.cleaned_data["note"],
        )
    except ActionForbidden:
        return forbidden(request, "cooperation-status")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Status recorded."))
    return redirect("cooperation-detail", request_id=found.pk)
