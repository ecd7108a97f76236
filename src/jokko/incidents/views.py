"""Pages of the incidents app. Each view parses a form, calls one action or access function,
and renders. The new-incident form is plain HTML with numbered rows, so an officer at a border
post fills only the rows they need, without JavaScript."""

from __future__ import annotations

import datetime
from typing import Any

from django.apps import apps as django_apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldError, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jokko.accounts.access import ActionForbidden
from jokko.audit.actions import record
from jokko.cases.access import visible_cases
from jokko.gazetteer import COUNTRIES, places_in
from jokko.incidents import actions
from jokko.incidents.access import (
    access_incident,
    access_suspect,
    can_use_incidents,
    visible_incidents,
    visible_suspects,
)
from jokko.incidents.models import (
    IncidentKind,
    IncidentPerson,
    ItemKind,
    Offence,
    PersonRole,
)
from jokko.incidents.search import search_suspects
from jokko.spreadsheets.export import export_list
from jokko.spreadsheets.lists import INCIDENT_COLUMNS, SUSPECT_COLUMNS, SUSPECT_PERSON
from jokko.web.responses import forbidden

# Looked up by label (not imported): the investigations app builds on this one.
INVESTIGATION_MODEL = "investigations.Investigation"
SUSPECT_ROWS = 5
COUNTED_ROWS = 3
ITEM_ROWS = 3
# The role offered first on each counted row: a border interception mostly counts migrants.
COUNTED_DEFAULT_ROLES = [PersonRole.SMUGGLED_MIGRANT, PersonRole.SURVIVOR, PersonRole.WITNESS]


@login_required
def incident_list(request: HttpRequest) -> HttpResponse:
    if not can_use_incidents(request.user):
        return forbidden(request, "incident-list")
    kind = request.GET.get("kind", "")
    offence = request.GET.get("offence", "")
    incidents = visible_incidents(request.user).select_related("unit")
    if kind in IncidentKind.values:
        incidents = incidents.filter(kind=kind)
    if offence in Offence.values:
        # JSON "contains" is not portable to SQLite: match the quoted code in the stored list.
        incidents = incidents.filter(offences__icontains=f'"{offence}"')
    if download := export_list(request, "incident", INCIDENT_COLUMNS, incidents):
        return download
    page = Paginator(incidents, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "incidents/list.html",
        {
            "page": page,
            "kind": kind,
            "offence": offence,
            "kinds": IncidentKind.choices,
            "offences": Offence.choices,
            "query": query.urlencode(),
            "can_record": actions.can_record_incidents(request.user),
        },
    )


def _int(value: str, default: int = 0) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _date(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def parse_incident_form(post: QueryDict) -> actions.IncidentInput:
    """The form's numbered rows as an `IncidentInput`; empty rows are skipped."""
    suspects = []
    for n in range(1, SUSPECT_ROWS + 1):
        row = {f: post.get(f"suspect_{f}_{n}", "").strip() for f in actions.SUSPECT_FIELDS}
        if any(row.values()):
            suspects.append(actions.SuspectInput(**row))
    counted = []
    for n in range(1, COUNTED_ROWS + 1):
        raw_count = post.get(f"counted_count_{n}", "").strip()
        if raw_count:
            counted.append(
                actions.CountedInput(
                    role=post.get(f"counted_role_{n}", ""),
                    count=_int(raw_count),
                    nationality=post.get(f"counted_nationality_{n}", "").strip(),
                )
            )
    items = []
    for n in range(1, ITEM_ROWS + 1):
        kind = post.get(f"item_kind_{n}", "")
        if kind:
            items.append(
                actions.ItemInput(
                    kind=kind,
                    description=post.get(f"item_description_{n}", ""),
                    identifier=post.get(f"item_identifier_{n}", ""),
                    amount=post.get(f"item_amount_{n}", ""),
                    currency=post.get(f"item_currency_{n}", ""),
                    quantity=_int(post.get(f"item_quantity_{n}", "1"), 1),
                )
            )
    unit = post.get("unit", "")
    return actions.IncidentInput(
        kind=post.get("kind", ""),
        occurred_on=_date(post.get("occurred_on", "")),
        place_code=post.get("place_code", ""),
        offences=post.getlist("offences"),
        unit_id=_int(unit) if unit else None,
        summary=post.get("summary", ""),
        suspects=suspects,
        counted=counted,
        items=items,
    )


ITEM_FIELDS = ("kind", "description", "identifier", "amount", "currency", "quantity")


def _rows(
    post: QueryDict, prefix: str, fields: tuple[str, ...], count: int
) -> list[dict[str, Any]]:
    """The numbered rows of the form, each with its number and submitted values (to refill)."""
    return [
        {"n": n} | {f: post.get(f"{prefix}_{f}_{n}", "") for f in fields}
        for n in range(1, count + 1)
    ]


@login_required
@require_http_methods(["GET", "POST"])
def incident_new(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not actions.can_record_incidents(user):
        return forbidden(request, "incident-new")
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        try:
            incident = actions.record_incident(user, parse_incident_form(request.POST))
        except ValidationError as exc:
            errors = exc.message_dict
        except ActionForbidden:
            return forbidden(request, "incident-new")
        else:
            messages.success(request, _("Incident recorded."))
            return redirect("incident-detail", incident_id=incident.pk)
    countries = sorted(COUNTRIES)
    context: dict[str, Any] = {
        "errors": errors,
        "values": request.POST,
        "kinds": IncidentKind.choices,
        "offences": Offence.choices,
        "units": actions.recording_units(user),
        "places": sorted(places_in(settings.NODE_COUNTRY), key=lambda p: p.name),
        "countries": countries,
        "suspect_rows": _rows(request.POST, "suspect", actions.SUSPECT_FIELDS, SUSPECT_ROWS),
        "counted_rows": [
            row | {"default_role": role}
            for row, role in zip(
                _rows(request.POST, "counted", ("role", "count", "nationality"), COUNTED_ROWS),
                COUNTED_DEFAULT_ROLES,
                strict=True,
            )
        ],
        "countable_roles": [c for c in PersonRole.choices if c[0] != PersonRole.SUSPECT],
        "item_rows": _rows(request.POST, "item", ITEM_FIELDS, ITEM_ROWS),
        "item_kinds": ItemKind.choices,
        "today": datetime.date.today().isoformat(),
        "selected_offences": request.POST.getlist("offences"),
    }
    status = 400 if errors else 200
    return render(request, "incidents/new.html", context, status=status)


@login_required
def incident_detail(request: HttpRequest, incident_id: int) -> HttpResponse:
    incident = access_incident(request.user, incident_id)
    links = list(incident.persons.select_related("person", "person__suspect_profile", "case"))
    named = [link for link in links if link.person_id is not None]
    # Only suspects' names are shown (and audited as reads); survivors appear by pseudonym.
    for link in named:
        if link.role != PersonRole.SUSPECT:
            continue
        record(
            request.user,
            "read",
            "person",
            link.person_id,
            person_id=link.person_id,
            purpose="incident",
        )
    return render(
        request,
        "incidents/detail.html",
        {
            "incident": incident,
            "named": named,
            "counted": [link for link in links if link.person_id is None],
            "items": incident.items.all(),
            "can_edit": actions.can_edit_incident(request.user, incident),
        },
    )


@login_required
def suspect_list(request: HttpRequest) -> HttpResponse:
    if not can_use_incidents(request.user):
        return forbidden(request, "suspect-list")
    query = request.GET.get("q", "").strip()
    if query:
        hits = search_suspects(request.user, query)
        suspects = [hit.suspect for hit in hits]
    else:
        suspects = list(visible_suspects(request.user).select_related("person")[:50])
        # The list shows names: audited like a search, by the persons it showed.
        shown = [suspect.person_id for suspect in suspects]
        record(request.user, "search", "suspect", "", by="list", results=shown)
    if download := export_list(
        request, "suspect", SUSPECT_COLUMNS, suspects, person_of=SUSPECT_PERSON
    ):
        return download
    return render(request, "incidents/suspect_list.html", {"q": query, "suspects": suspects})


@login_required
def suspect_detail(request: HttpRequest, suspect_id: int) -> HttpResponse:
    suspect = access_suspect(request.user, suspect_id)
    person = suspect.person
    appearances = (
        IncidentPerson.objects.filter(person=person)
        .select_related("incident")
        .order_by("-incident__occurred_on")
    )
    incidents = visible_incidents(request.user).filter(pk__in=[a.incident_id for a in appearances])
    return render(
        request,
        "incidents/suspect_detail.html",
        {
            "suspect": suspect,
            "person": person,
            "names": person.names.all(),
            "phones": person.phones.all(),
            "plates": suspect.plates.all(),
            "associates": suspect.associates.select_related("person"),
            "incidents": incidents,
            "cases": _cases_of(person, request.user),
            "investigations": _investigations_of(person),
            "can_edit": actions.can_record_incidents(request.user),
        },
    )


def _investigations_of(person: Any) -> list[Any]:
    """Investigations the suspect appears in. Looked up by name through the app registry: the
    investigations app builds on this one, so importing it here would be circular."""
    try:
        investigation: Any = django_apps.get_model(INVESTIGATION_MODEL)
        return list(investigation.objects.filter(suspects__person=person).distinct()[:50])
    except (LookupError, FieldError):
        return []


def _cases_of(person: Any, user: Any) -> list[Any]:
    """Survivor cases linked to the incidents the suspect appears in, among those the user sees."""
    case_ids = IncidentPerson.objects.filter(
        incident__persons__person=person, case__isnull=False
    ).values("case_id")
    return list(visible_cases(user).filter(pk__in=case_ids)[:50])


SUSPECT_ADDITIONS = ("phone", "plate", "alias", "associate")


def _suspect_by_pseudonym(user: Any, pseudonym: str) -> Any:
    found = visible_suspects(user).filter(person__pseudonym=pseudonym.strip()).first()
    if found is None:
        raise ValidationError(_("No suspect with this pseudonym among those you see."))
    return found


@login_required
@require_POST
def suspect_add(request: HttpRequest, suspect_id: int) -> HttpResponse:
    """Add what was learnt about a suspect: a phone, a plate, another name, an associate."""
    user = request.user
    suspect = access_suspect(user, suspect_id)
    if not actions.can_record_incidents(user):
        return forbidden(request, "suspect-add")
    what = request.POST.get("what", "")
    value = request.POST.get("value", "")
    try:
        if what == "phone":
            actions.add_suspect_phone(user, suspect, value)
        elif what == "plate":
            actions.add_suspect_plate(user, suspect, value, request.POST.get("description", ""))
        elif what == "alias":
            actions.add_suspect_alias(user, suspect, value)
        elif what == "associate":
            actions.link_associates(user, suspect, _suspect_by_pseudonym(user, value))
        else:
            raise ValidationError(_("Choose what to add."))
    except ActionForbidden:
        return forbidden(request, "suspect-add")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("suspect-detail", suspect_id=suspect.pk)
    messages.success(request, _("Added."))
    return redirect("suspect-detail", suspect_id=suspect.pk)


@login_required
@require_POST
def incident_add_suspect(request: HttpRequest, incident_id: int) -> HttpResponse:
    """Link a suspect already known (found by pseudonym) to this incident."""
    user = request.user
    incident = access_incident(user, incident_id)
    if not actions.can_edit_incident(user, incident):
        return forbidden(request, "incident-add-suspect")
    try:
        suspect = _suspect_by_pseudonym(user, request.POST.get("pseudonym", ""))
        actions.add_suspect_to_incident(user, incident, suspect)
    except ActionForbidden:
        return forbidden(request, "incident-add-suspect")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Suspect linked."))
    return redirect("incident-detail", incident_id=incident.pk)
