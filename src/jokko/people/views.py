"""Person search and the person record page (every view of it is audited)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jokko.accounts.access import can_search_identities
from jokko.cases.access import visible_cases
from jokko.people import actions
from jokko.people.access import access_person_by_id, can_edit_person
from jokko.people.search import search_persons
from jokko.web.responses import forbidden


@login_required
def search(request: HttpRequest) -> HttpResponse:
    if not can_search_identities(request.user):
        return forbidden(request, "person-search")
    query = request.GET.get("q", "").strip()
    fuzzy = request.GET.get("mode", "fuzzy") != "exact"
    hits = search_persons(request.user, query, fuzzy=fuzzy) if query else []
    template = "people/_results.html" if request.headers.get("HX-Request") else "people/search.html"
    return render(request, template, {"query": query, "fuzzy": fuzzy, "hits": hits})


@login_required
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    person = access_person_by_id(request.user, person_id, purpose="view")
    if person.merged_into_id is not None:
        # Found to be the same human as another record: that one holds everything now. The
        # read of this one is already audited; the kept record's page audits its own read.
        return redirect("person-detail", person_id=person.merged_into_id)
    return render(
        request,
        "people/detail.html",
        {
            "person": person,
            "names": person.names.all(),
            "phones": person.phones.all(),
            "documents": person.documents.all(),
            "cases": visible_cases(request.user).filter(person=person),
            "can_edit": can_edit_person(request.user, person),
        },
    )


@login_required
@require_POST
def add_alias(request: HttpRequest, person_id: int) -> HttpResponse:
    person = access_person_by_id(request.user, person_id, purpose="add-alias")
    try:
        actions.add_alias(request.user, person, request.POST.get("name", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("person-detail", person_id=person.pk)
    messages.success(request, _("Saved."))
    return redirect("person-detail", person_id=person.pk)


@login_required
def person_photo(request: HttpRequest, person_id: int) -> HttpResponse:
    person = access_person_by_id(request.user, person_id, purpose="photo")
    if not person.photo:
        raise Http404
    response = HttpResponse(person.photo, content_type=person.photo_content_type)
    response["Cache-Control"] = "private, no-store"
    return response
