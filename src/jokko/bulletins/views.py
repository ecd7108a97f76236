"""Pages of the bulletins app. Each view parses a form, calls one action, and renders."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jokko.accounts.access import ActionForbidden, NotFoundOrForbidden
from jokko.bulletins import actions, transport
from jokko.bulletins.access import (
    access_bulletin_by_id,
    can_read_enclosed_identity,
    can_use_bulletins,
    filter_bulletins,
    read_enclosed_identity,
    sendable_kinds,
    visible_bulletins,
)
from jokko.bulletins.details import DetailField, FieldType, fields_of
from jokko.bulletins.forms import ComposeForm, LinkForm, ReplyForm
from jokko.bulletins.models import (
    Bulletin,
    BulletinKind,
    Direction,
)
from jokko.cases.models import Case
from jokko.people.access import visible_persons
from jokko.people.models import Person
from jokko.spreadsheets.export import export_list
from jokko.spreadsheets.lists import bulletin_columns
from jokko.web.responses import forbidden
from jokko.web.templatetags.jokko import country, place, term, terms


@login_required
def bulletin_list(request: HttpRequest) -> HttpResponse:
    if not can_use_bulletins(request.user):
        return forbidden(request, "bulletin-list")
    box = request.GET.get("box", Direction.INCOMING)
    urgent = request.GET.get("urgent") == "1"
    active = request.GET.get("active") == "1"
    kind = request.GET.get("kind", "")
    bulletins = filter_bulletins(
        visible_bulletins(request.user), box=box, urgent=urgent, active=active, kind=kind
    ).prefetch_related("recipients")
    if download := export_list(request, "bulletin", bulletin_columns(box), bulletins):
        return download
    page = Paginator(bulletins, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "bulletins/list.html",
        {
            "page": page,
            "box": box,
            "urgent": urgent,
            "active": active,
            "kind": kind,
            "kinds": BulletinKind.choices,
            "query": query.urlencode(),
            "can_compose": bool(sendable_kinds(request.user)),
        },
    )


def _subject_person_id(form: ComposeForm, user: Any) -> int | None:
    """The pseudonym typed in the form, as a person id the user may see (else a form error)."""
    pseudonym = (form.cleaned_data.get("subject_person") or "").strip()
    if not pseudonym:
        return None
    person_id = (
        visible_persons(user).filter(pseudonym=pseudonym).values_list("pk", flat=True).first()
    )
    if person_id is None:
        form.add_error("subject_person", _("No person with this pseudonym among those you see."))
    return person_id


@login_required
@require_http_methods(["GET", "POST"])
def compose(request: HttpRequest) -> HttpResponse:
    user = request.user
    kinds = sendable_kinds(user)
    if not kinds or user.organisation_id is None:  # type: ignore[union-attr]
        return forbidden(request, "bulletin-compose")
    kind = request.POST.get("kind") or request.GET.get("kind", "")
    if kind not in kinds:
        choices = [(code, label) for code, label in BulletinKind.choices if code in kinds]
        return render(request, "bulletins/choose_kind.html", {"kinds": choices})
    initial = {"subject_person": request.GET.get("person", "")}
    form = ComposeForm(request.POST or None, kind=kind, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        person_id = _subject_person_id(form, user)
        if form.is_valid():
            try:
                bulletin, _created = actions.send_bulletin(user, form.to_input(person_id))
            except ValidationError as error:
                form.add_action_errors(error)
            else:
                messages.success(request, _("Bulletin sent."))
                return redirect("bulletin-detail", bulletin_id=bulletin.pk)
    status = 400 if request.method == "POST" else 200
    context = {
        "form": form,
        "kind": kind,
        "kind_label": BulletinKind(kind).label,
        "no_peers": not transport.active_peers(),
    }
    return render(request, "bulletins/compose.html", context, status=status)


def _readable(spec: DetailField, value: Any) -> str:
    if spec.type == FieldType.PLACE:
        return place(value)
    if spec.type == FieldType.PLACES:
        # A route reads in the language's direction, as the case pages draw it.
        arrow = " ← " if get_language_bidi() else " → "
        return arrow.join(place(code) for code in value)
    if spec.type == FieldType.COUNTRY:
        return country(value)
    if spec.type == FieldType.SEX:
        return term(value, "sex")
    if spec.type == FieldType.EXPLOITATION:
        return terms(value, "exploitation_type")
    if spec.type == FieldType.NAMES:
        return ", ".join(value)
    return str(value)


def readable_details(bulletin: Bulletin) -> list[tuple[str, str]]:
    """(label, text) per detail, in the kind's order, with places and codes in words."""
    return [
        (str(spec.label), _readable(spec, bulletin.details[spec.name]))
        for spec in fields_of(bulletin.kind)
        if spec.name in bulletin.details
    ]


def _detail_context(request: HttpRequest, bulletin: Bulletin) -> dict[str, Any]:
    recipients = list(bulletin.recipients.all())
    states = transport.delivery_states([r.message_id for r in recipients])
    return {
        "bulletin": bulletin,
        "details": readable_details(bulletin),
        "recipients": [(r, states.get(r.message_id, "")) for r in recipients],
        "replies": bulletin.replies.all(),
        "links": bulletin.links.select_related("case", "person"),
        "can_read_identity": can_read_enclosed_identity(request.user, bulletin),
        "can_reply": not bulletin.is_expired,
        "reply_form": ReplyForm(initial={"client_id": uuid.uuid4()}),
        "link_form": LinkForm(),
    }


@login_required
def bulletin_detail(request: HttpRequest, bulletin_id: int) -> HttpResponse:
    bulletin = access_bulletin_by_id(request.user, bulletin_id)
    return render(request, "bulletins/detail.html", _detail_context(request, bulletin))


@login_required
def enclosed_identity(request: HttpRequest, bulletin_id: int) -> HttpResponse:
    """The survivor identity enclosed in a bulletin; each view is an audited read."""
    bulletin = access_bulletin_by_id(request.user, bulletin_id)
    identity = read_enclosed_identity(request.user, bulletin)
    template = (
        "bulletins/_identity.html"
        if request.headers.get("HX-Request")
        else "bulletins/identity.html"
    )
    return render(request, template, {"bulletin": bulletin, "identity": identity})


@login_required
@require_POST
def acknowledge(request: HttpRequest, bulletin_id: int) -> HttpResponse:
    bulletin = access_bulletin_by_id(request.user, bulletin_id)
    try:
        actions.acknowledge(request.user, bulletin)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Acknowledged: the sender will be told."))
    return redirect("bulletin-detail", bulletin_id=bulletin.pk)


@login_required
@require_POST
def reply(request: HttpRequest, bulletin_id: int) -> HttpResponse:
    bulletin = access_bulletin_by_id(request.user, bulletin_id)
    form = ReplyForm(request.POST)
    error = ""
    if not form.is_valid():
        error = " ".join(" ".join(map(str, e)) for e in form.errors.values())
    else:
        try:
            actions.reply(
                request.user,
                bulletin,
                form.cleaned_data["body"],
                client_id=form.cleaned_data.get("client_id"),
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
    if error:
        messages.error(request, error)
        context = _detail_context(request, bulletin) | {"reply_form": form}
        return render(request, "bulletins/detail.html", context, status=400)
    messages.success(request, _("Reply sent."))
    return redirect("bulletin-detail", bulletin_id=bulletin.pk)


@login_required
@require_POST
def link(request: HttpRequest, bulletin_id: int) -> HttpResponse:
    """Link the bulletin to one of our cases (by reference) or persons (by pseudonym)."""
    bulletin = access_bulletin_by_id(request.user, bulletin_id)
    form = LinkForm(request.POST)
    error = ""
    if not form.is_valid():
        error = " ".join(" ".join(map(str, e)) for e in form.errors.values())
    else:
        data = form.cleaned_data
        reference = data["reference"].strip()
        try:
            if data["target"] == "case":
                case_id = Case.objects.filter(reference=reference).values_list("pk", flat=True)
                actions.link_to_case(
                    request.user, bulletin, case_id.first() or 0, note=data["note"]
                )
            else:
                person_id = Person.objects.filter(pseudonym=reference).values_list("pk", flat=True)
                actions.link_to_person(
                    request.user, bulletin, person_id.first() or 0, note=data["note"]
                )
        except NotFoundOrForbidden:
            error = _("Nothing with this reference among the records you can see.")
        except ActionForbidden:
            return forbidden(request, "bulletin-link")
        except ValidationError as exc:
            error = " ".join(exc.messages)
    if error:
        messages.error(request, error)
        context = _detail_context(request, bulletin) | {"link_form": form}
        return render(request, "bulletins/detail.html", context, status=400)
    messages.success(request, _("Linked."))
    return redirect("bulletin-detail", bulletin_id=bulletin.pk)
