"""Review pages for duplicate persons: the queue, one pair side by side, confirm and reject.

The queue shows pseudonyms and scores only (no identity is read to list it); opening a pair
reads both identities through `access_person_by_id`, so each view is audited per person. After
a judgement the reviewer goes back to the queue rather than straight to the next pair, which
would read two more identities that nobody chose to open.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jokko.cases.models import Case
from jokko.dedup import actions
from jokko.dedup.access import access_pair_by_id, can_review_duplicates
from jokko.dedup.models import CandidatePair, MergeRecord, PairStatus
from jokko.people.access import access_person_by_id
from jokko.people.models import NameKind, Person
from jokko.web.responses import forbidden

# Human labels for the evidence keys the linkage model reports (unknown keys show as they are).
EVIDENCE_LABELS = {
    "name": gettext_lazy("Name"),
    "names": gettext_lazy("Names"),
    "given_name": gettext_lazy("Given name"),
    "family_name": gettext_lazy("Family name"),
    "other_names": gettext_lazy("Other names"),
    "birth": gettext_lazy("Birth"),
    "birth_date": gettext_lazy("Date of birth"),
    "birth_year": gettext_lazy("Year of birth"),
    "sex": gettext_lazy("Sex"),
    "nationality": gettext_lazy("Nationality"),
    "birth_place": gettext_lazy("Place of birth"),
}
# The comparison levels of `jokko.linkage.splink_model` (a pure library, so in English), as the
# reviewer reads them in their language; a level added there later shows untranslated.
EVIDENCE_LEVELS = {
    "missing": gettext_lazy("missing on one side"),
    "exact name": gettext_lazy("exact name"),
    "same words, other order": gettext_lazy("same words, other order"),
    "phonetic match": gettext_lazy("phonetic match"),
    "close spelling": gettext_lazy("close spelling"),
    "middle name dropped": gettext_lazy("middle name dropped"),
    "an alias matches": gettext_lazy("an alias matches"),
    "one name in common": gettext_lazy("one name in common"),
    "same date": gettext_lazy("same date"),
    "same year": gettext_lazy("same year"),
    "within 2 years": gettext_lazy("within 2 years"),
    "same year, other date": gettext_lazy("same year, other date"),
    "same": gettext_lazy("same"),
    "different": gettext_lazy("different"),
}
# Characters left readable at the end of a phone or document number on the comparison page.
VISIBLE_TAIL = 3


def _evidence_order(item: tuple[str, str]) -> tuple[int, str]:
    """Names first, then birth, sex...: the order of `EVIDENCE_LABELS` (JSON keeps none)."""
    order = list(EVIDENCE_LABELS)
    return (order.index(item[0]) if item[0] in order else len(order), item[0])


def mask(number: str) -> str:
    """Enough of a number to compare two records, not enough to reuse it: '•••••••567'."""
    if len(number) <= VISIBLE_TAIL:
        return "•" * len(number)
    return "•" * (len(number) - VISIBLE_TAIL) + number[-VISIBLE_TAIL:]


@dataclass(frozen=True)
class PersonPanel:
    person: Person
    names: list[Any]
    phones: list[str]
    documents: list[tuple[str, str]]
    cases: list[Case]


def _panel(user: Any, person_id: int) -> PersonPanel:
    person = access_person_by_id(user, person_id, purpose=actions.PURPOSE)
    return PersonPanel(
        person=person,
        names=sorted(person.names.all(), key=lambda name: name.kind != NameKind.PRIMARY),
        phones=[mask(p.number) for p in person.phones.all()],
        documents=[(d.document_type, mask(d.number)) for d in person.documents.all()],
        cases=list(Case.objects.filter(person=person).select_related("organisation", "person")),
    )


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    if not can_review_duplicates(request.user):
        return forbidden(request, "dedup-queue")
    status = request.GET.get("status", PairStatus.PENDING)
    if status not in PairStatus.values:
        status = PairStatus.PENDING
    pairs = (
        CandidatePair.objects.filter(status=status)
        .select_related("person_a", "person_b", "reviewed_by")
        .order_by("-score", "id")
    )
    counts = {
        row["status"]: row["n"]
        for row in CandidatePair.objects.order_by().values("status").annotate(n=Count("id"))
    }
    return render(
        request,
        "dedup/queue.html",
        {
            "page": Paginator(pairs, 50).get_page(request.GET.get("page")),
            "status": status,
            "statuses": [(code, label, counts.get(code, 0)) for code, label in PairStatus.choices],
            "merges": MergeRecord.objects.count(),
        },
    )


@login_required
@require_POST
def run(request: HttpRequest) -> HttpResponse:
    if not can_review_duplicates(request.user):
        return forbidden(request, "dedup-run")
    result = actions.find_duplicates(request.user)
    messages.success(
        request,
        _(
            "%(persons)s persons compared: %(created)s new pairs to review, %(updated)s updated, "
            "%(kept)s already judged."
        )
        % {
            "persons": result.persons,
            "created": result.created,
            "updated": result.updated,
            "kept": result.kept_judgement,
        },
    )
    return redirect("dedup-queue")


@login_required
def pair_detail(request: HttpRequest, pair_id: int) -> HttpResponse:
    pair = access_pair_by_id(request.user, pair_id)
    left = _panel(request.user, pair.person_a_id)
    right = _panel(request.user, pair.person_b_id)
    evidence = [
        (EVIDENCE_LABELS.get(key, key), EVIDENCE_LEVELS.get(value, value))
        for key, value in sorted(pair.evidence.items(), key=_evidence_order)
    ]
    return render(
        request,
        "dedup/pair.html",
        {
            "pair": pair,
            "panels": [left, right],
            "evidence": evidence,
            "merge": pair.merges.select_related("kept", "absorbed").first(),
            "reviewable": pair.status == PairStatus.PENDING,
        },
    )


@login_required
@require_POST
def confirm(request: HttpRequest, pair_id: int) -> HttpResponse:
    pair = access_pair_by_id(request.user, pair_id)
    try:
        merge = actions.confirm_pair(request.user, pair, note=request.POST.get("note", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("dedup-pair", pair_id=pair.pk)
    messages.success(
        request,
        _("Merged: %(absorbed)s is now part of %(kept)s.")
        % {"absorbed": merge.absorbed.pseudonym, "kept": merge.kept.pseudonym},
    )
    return redirect("dedup-queue")


@login_required
@require_POST
def reject(request: HttpRequest, pair_id: int) -> HttpResponse:
    pair = access_pair_by_id(request.user, pair_id)
    try:
        actions.reject_pair(request.user, pair, note=request.POST.get("note", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("dedup-pair", pair_id=pair.pk)
    messages.success(request, _("Marked as different persons."))
    return redirect("dedup-queue")
