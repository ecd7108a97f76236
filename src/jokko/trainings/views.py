"""Pages of the trainings app. Each view parses a form, calls one action or access function,
and renders. Only the certificate verification page is public: it answers one certificate
number with what the certificate itself says."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jokko.accounts.access import ActionForbidden
from jokko.accounts.models import Organisation
from jokko.gazetteer import COUNTRIES, places_in
from jokko.names import exact_key
from jokko.spreadsheets.export import export_requested, export_response
from jokko.trainings import actions
from jokko.trainings.access import (
    access_event,
    access_participant,
    can_manage_trainings,
    visible_events,
    visible_participants,
)
from jokko.trainings.cascade import CascadeNode, build_cascade
from jokko.trainings.certificates import certificate_pdf
from jokko.trainings.filters import filter_events
from jokko.trainings.indicators import cascade_events
from jokko.trainings.models import (
    Attendance,
    AttendanceRole,
    Audience,
    TrainingEvent,
    TrainingTopic,
)
from jokko.trainings.sheets import COLUMNS, REQUIRED_COLUMNS
from jokko.web.responses import forbidden

MAX_UPLOAD_BYTES = actions.MAX_SHEET_BYTES


@login_required
def training_list(request: HttpRequest) -> HttpResponse:
    if not can_manage_trainings(request.user):
        return forbidden(request, "training-list")
    events = (
        filter_events(
            visible_events(request.user).select_related("topic", "organiser"), request.GET
        )
        .annotate(
            trainees=Count("attendances", filter=Q(attendances__role=AttendanceRole.TRAINEE)),
            trainers=Count("attendances", filter=Q(attendances__role=AttendanceRole.TRAINER)),
        )
        .order_by("-start_on", "-id")
    )
    fmt = export_requested(request)
    if fmt:
        return export_response(
            "trainings",
            fmt,
            [
                _("Reference"),
                _("Title"),
                _("Topic"),
                _("Audience"),
                _("Country"),
                _("Place"),
                _("First day"),
                _("Last day"),
                _("Organiser"),
                _("Funder"),
                _("Training of trainers"),
                _("Trainees"),
                _("Trainers"),
            ],
            (
                [
                    e.reference,
                    e.title,
                    e.topic.name,
                    e.get_audience_display(),
                    e.country,
                    e.place_code,
                    e.start_on,
                    e.end_on,
                    e.organiser.name,
                    e.funder,
                    e.is_training_of_trainers,
                    e.trainees,
                    e.trainers,
                ]
                for e in events
            ),
        )
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    years = sorted(
        {d.year for d in visible_events(request.user).dates("start_on", "year")}, reverse=True
    )
    return render(
        request,
        "trainings/list.html",
        {
            "page": page,
            "topics": TrainingTopic.objects.all(),
            "countries": sorted(COUNTRIES),
            "years": years,
            "filters": {k: request.GET.get(k, "") for k in ("topic", "country", "year")},
            "query": query.urlencode(),
        },
    )


def parse_training_form(post: QueryDict) -> actions.TrainingInput:
    def date(name: str) -> datetime.date | None:
        try:
            return datetime.date.fromisoformat(post.get(name, ""))
        except ValueError:
            return None

    organiser = post.get("organiser", "")
    return actions.TrainingInput(
        title=post.get("title", ""),
        topic_code=post.get("topic", ""),
        audience=post.get("audience", ""),
        place_code=post.get("place_code", ""),
        start_on=date("start_on"),
        end_on=date("end_on"),
        organiser_id=int(organiser) if organiser.isdigit() else None,
        funder=post.get("funder", ""),
        is_training_of_trainers=post.get("is_training_of_trainers") == "on",
        country=post.get("country", "") or settings.NODE_COUNTRY,
    )


@login_required
@require_http_methods(["GET", "POST"])
def training_new(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not can_manage_trainings(user):
        return forbidden(request, "training-new")
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        try:
            event = actions.record_training(user, parse_training_form(request.POST))
        except ValidationError as exc:
            errors = exc.message_dict
        except ActionForbidden:
            return forbidden(request, "training-new")
        else:
            messages.success(request, _("Training %(ref)s recorded.") % {"ref": event.reference})
            return redirect("training-detail", event_id=event.pk)
    country = request.POST.get("country", "") or settings.NODE_COUNTRY
    context: dict[str, Any] = {
        "errors": errors,
        "values": request.POST,
        "topics": TrainingTopic.objects.filter(active=True),
        "audiences": Audience.choices,
        "countries": sorted(COUNTRIES),
        "country": country,
        "places": sorted(
            places_in(country if country in COUNTRIES else settings.NODE_COUNTRY),
            key=lambda p: p.name,
        ),
        "organisations": Organisation.objects.order_by("country", "name"),
        "default_organiser": getattr(user, "organisation_id", None),
    }
    return render(request, "trainings/new.html", context, status=400 if errors else 200)


def _detail_context(event: TrainingEvent) -> dict[str, Any]:
    attendances = list(event.attendances.select_related("participant"))
    scored = [a for a in attendances if a.pre_score is not None and a.post_score is not None]
    gains = [a.post_score - a.pre_score for a in scored]  # type: ignore[operator]
    return {
        "event": event,
        "trainers": [a for a in attendances if a.role == AttendanceRole.TRAINER],
        "trainees": [a for a in attendances if a.role == AttendanceRole.TRAINEE],
        "mean_gain": round(sum(gains) / len(gains), 1) if gains else None,
        "columns": list(COLUMNS),
        "required_columns": REQUIRED_COLUMNS,
    }


@login_required
def training_detail(request: HttpRequest, event_id: int) -> HttpResponse:
    event = access_event(request.user, event_id)
    return render(request, "trainings/detail.html", _detail_context(event))


@login_required
@require_POST
def training_import(request: HttpRequest, event_id: int) -> HttpResponse:
    """Upload (preview) or confirm an attendance sheet."""
    event = access_event(request.user, event_id)
    if not can_manage_trainings(request.user):
        return forbidden(request, "training-import")
    sheet_id = request.POST.get("sheet", "")
    if sheet_id:
        try:
            result, preview = actions.confirm_sheet(
                request.user, event, int(sheet_id) if sheet_id.isdigit() else 0
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect("training-detail", event_id=event.pk)
        messages.success(
            request,
            _(
                "Sheet imported: %(added)s attendances added, %(updated)s updated, "
                "%(unchanged)s already recorded; %(new)s new participants, %(matched)s known "
                "participants; %(rejected)s rows left out."
            )
            % {
                "added": result.added_attendances,
                "updated": result.updated_attendances,
                "unchanged": result.unchanged_attendances,
                "new": result.created_participants,
                "matched": result.matched_participants,
                "rejected": len(preview.rejected_lines),
            },
        )
        return redirect("training-detail", event_id=event.pk)
    upload = request.FILES.get("sheet_file")
    if upload is None:
        messages.error(request, _("Choose a CSV or Excel file."))
        return redirect("training-detail", event_id=event.pk)
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        # Refused before reading it: 10 MB of junk never reaches the parser.
        preview = actions.SheetPreview(
            filename=upload.name or "",
            sheet_errors=[
                _("The file is too big (%(mb)s MB); the limit is %(limit)s MB.")
                % {
                    "mb": round(upload.size / 1_000_000, 1),
                    "limit": MAX_UPLOAD_BYTES // 1_000_000,
                }
            ],
        )
    else:
        preview = actions.preview_sheet(request.user, event, upload.read(), upload.name or "")
    context = _detail_context(event) | {"preview": preview}
    status = 200 if preview.can_confirm else 400
    return render(request, "trainings/preview.html", context, status=status)


def _cascade_rows(node: CascadeNode, events: dict[int, TrainingEvent]) -> dict[str, Any]:
    return {
        "event": events[node.event_id],
        "level": node.level,
        "trainees": len(node.trainees),
        "children": [_cascade_rows(child, events) for child in node.children],
    }


@login_required
def training_cascade(request: HttpRequest, event_id: int) -> HttpResponse:
    event = access_event(request.user, event_id)
    cascade = build_cascade(event.pk, cascade_events())
    ids: set[int] = set()
    stack = [cascade.root]
    while stack:
        node = stack.pop()
        ids.add(node.event_id)
        stack.extend(node.children)
    events = TrainingEvent.objects.select_related("topic").in_bulk(ids)
    return render(
        request,
        "trainings/cascade.html",
        {
            "event": event,
            "cascade": cascade,
            "tree": _cascade_rows(cascade.root, events),
        },
    )


@login_required
def training_certificate(request: HttpRequest, attendance_id: int) -> HttpResponse:
    attendance = (
        Attendance.objects.select_related("participant", "event", "event__topic")
        .filter(pk=attendance_id, event__in=visible_events(request.user))
        .first()
    )
    if attendance is None or not attendance.certificate_number:
        raise Http404
    access_participant(request.user, attendance.participant_id)  # audited read
    verify = request.build_absolute_uri(reverse("certificate-verify"))
    pdf = certificate_pdf(attendance, f"{verify}?number={attendance.certificate_number}")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="certificate-{attendance.certificate_number}.pdf"'
    )
    return response


def certificate_verify(request: HttpRequest) -> HttpResponse:
    """Public: anyone holding a certificate number can check it is genuine."""
    number = request.GET.get("number", "").strip().upper()[:40]
    attendance = None
    if number:
        attendance = (
            Attendance.objects.select_related("participant", "event", "event__topic")
            .filter(certificate_number=number)
            .first()
        )
    return render(
        request,
        "trainings/verify.html",
        {"number": number, "attendance": attendance},
        status=404 if number and attendance is None else 200,
    )


@login_required
def participant_list(request: HttpRequest) -> HttpResponse:
    if not can_manage_trainings(request.user):
        return forbidden(request, "participant-list")
    participants = (
        visible_participants(request.user)
        .annotate(
            trainings=Count("attendances", filter=Q(attendances__role=AttendanceRole.TRAINEE)),
            delivered=Count("attendances", filter=Q(attendances__role=AttendanceRole.TRAINER)),
        )
        .order_by("full_name", "id")
    )
    query_text = request.GET.get("q", "").strip()
    if query_text:
        matches = Q(agency__icontains=query_text)
        # A query with no letters ("%", "_") has an empty key, which every name contains:
        # match names only on a real key, or a wildcard would list everyone.
        if key := exact_key(query_text):
            matches |= Q(name_key__contains=key)
        participants = participants.filter(matches)
    country = request.GET.get("country", "")
    if country in COUNTRIES:
        participants = participants.filter(country=country)
    page = Paginator(participants, 100).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "trainings/participant_list.html",
        {
            "page": page,
            "q": query_text,
            "country": country,
            "countries": sorted(COUNTRIES),
            "query": query.urlencode(),
        },
    )


@login_required
def participant_detail(request: HttpRequest, participant_id: int) -> HttpResponse:
    participant = access_participant(request.user, participant_id)
    attendances = participant.attendances.select_related("event", "event__topic").order_by(
        "event__start_on", "event__id"
    )
    return render(
        request,
        "trainings/participant_detail.html",
        {"participant": participant, "attendances": attendances},
    )
