"""API routes of the odk app (mounted under /api/v1/odk/ by jokko/api/api.py).

`POST /submissions/{form}` takes the submission as the request body, exactly as the other
system produces it: ODK instance XML (Content-Type text/xml or application/xml) or
KoboToolbox JSON (one submission, a list, or the API's {"results": [...]}). KoboToolbox's
"REST Services" can push each new submission here as it arrives. Idempotent on the
submission's instanceID.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from jokko.accounts.access import ActionForbidden
from jokko.api.schemas import ERRORS
from jokko.odk.access import can_use_odk, receivable_forms, visible_submissions
from jokko.odk.actions import Outcome, Result
from jokko.odk.batch import ingest_file
from jokko.odk.models import SubmissionForm, SubmissionStatus
from jokko.odk.parsing import MAX_JSON_BYTES
from jokko.odk.xlsform import FORMS

router = Router(tags=["odk"])
CHANNEL = "api"


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


class FormOut(Schema):
    key: str
    form_id: str
    version: str
    title: str
    xlsform_url: str
    xform_url: str


class OutcomeOut(Schema):
    instance_id: str
    result: str = Field(..., description="created, already_received or rejected")
    reference: str = Field("", description="Case or report reference (same organisation).")
    errors: dict[str, list[str]] = Field({}, description="Question -> reasons of a rejection.")


class IngestOut(Schema):
    created: int
    already_received: int
    rejected: int
    outcomes: list[OutcomeOut]


class SubmissionOut(Schema):
    id: int
    form: str
    instance_id: str
    form_id: str
    source: str
    status: str
    errors: dict[str, list[str]]
    reference: str
    case_id: int | None
    attempts: int
    received_at: datetime.datetime
    processed_at: datetime.datetime


class SubmissionPage(Schema):
    count: int
    items: list[SubmissionOut]


def _require_odk(request: HttpRequest) -> Any:
    user = _user(request)
    if not can_use_odk(user):
        raise ActionForbidden
    return user


@router.get("/forms", response={200: list[FormOut], **ERRORS})
def list_forms(request: HttpRequest) -> list[dict[str, Any]]:
    """Jokko's XLSForms, with the addresses of their .xlsx and XForm downloads."""
    _require_odk(request)
    return [
        {
            "key": spec.key,
            "form_id": spec.form_id,
            "version": spec.version,
            "title": str(spec.title),
            "xlsform_url": f"/odk/forms/{spec.key}.xlsx",
            "xform_url": f"/odk/forms/{spec.key}.xml",
        }
        for spec in FORMS.values()
    ]


def _outcome_out(outcome: Outcome) -> dict[str, Any]:
    return {
        "instance_id": outcome.instance_id,
        "result": outcome.result,
        "reference": outcome.reference,
        "errors": outcome.errors,
    }


@router.post("/submissions/{form}", response={200: IngestOut, 400: IngestOut, **ERRORS})
def receive(request: HttpRequest, form: str) -> Status[dict[str, Any]]:
    """Receive submissions of `form` (identification, report or htcds) in the request body.

    200 when every submission was created or already received, 400 when the body is refused
    or any submission is rejected (nothing is created for those; the reasons are given)."""
    user = _require_odk(request)
    if form not in SubmissionForm.values or form not in receivable_forms(user):
        raise ActionForbidden
    content_type = request.content_type or ""
    name = "body.json" if "json" in content_type else "body.xml"
    body = (
        request.body if len(request.body) <= MAX_JSON_BYTES else request.body[: MAX_JSON_BYTES + 1]
    )
    outcomes = ingest_file(user, name, body, form=form, channel=CHANNEL)
    counts = {r: 0 for r in (Result.CREATED, Result.ALREADY_RECEIVED, Result.REJECTED)}
    for outcome in outcomes:
        counts[outcome.result] += 1
    status = 400 if counts[Result.REJECTED] else 200
    return Status(status, {**counts, "outcomes": [_outcome_out(o) for o in outcomes]})


@router.get("/submissions", response={200: SubmissionPage, **ERRORS})
def list_submissions(
    request: HttpRequest, status: str = "", limit: int = 100, offset: int = 0
) -> dict[str, Any]:
    """Submissions received by your organisation (all of them for a coordinator)."""
    submissions = visible_submissions(_require_odk(request))
    if status in SubmissionStatus.values:
        submissions = submissions.filter(status=status)
    limit = max(1, min(limit, 500))
    offset = max(0, offset)
    items = submissions[offset : offset + limit]
    return {
        "count": submissions.count(),
        "items": [
            {
                "id": s.pk,
                "form": s.form,
                "instance_id": s.instance_id,
                "form_id": s.form_id,
                "source": s.source,
                "status": s.status,
                "errors": s.errors,
                "reference": s.reference,
                "case_id": s.case_id,
                "attempts": s.attempts,
                "received_at": s.received_at,
                "processed_at": s.processed_at,
            }
            for s in items
        ],
    }
