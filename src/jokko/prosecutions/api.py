"""API routes of the prosecutions app (mounted under /api/v1/prosecutions/ by jokko/api/api.py).

The same actions and access functions as the pages, so a court's case-management system can
open prosecutions, charge, and record hearings, verdicts and sentences with the same refusals.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from jokko.accounts.access import ActionForbidden
from jokko.api.schemas import ERRORS
from jokko.prosecutions import actions
from jokko.prosecutions.access import (
    access_prosecution_by_id,
    can_read_catalogue,
    can_use_prosecutions,
    visible_prosecutions,
)
from jokko.prosecutions.models import Charge, Prosecution, Statute

router = Router(tags=["prosecutions"])
CHANNEL = "api"


class StatuteOut(Schema):
    id: int
    country: str
    law: str
    article: str
    offence: str
    title: str
    penalty_min_years: int | None
    penalty_max_years: int | None
    verified: bool
    source: str
    active: bool


class ChargeOut(Schema):
    id: int
    defendant_id: int
    suspect_id: int
    statute_id: int
    offence: str
    charged_on: datetime.date
    verdict_id: int | None
    outcome: str | None
    decided_on: datetime.date | None
    prison_months: int | None


class ProsecutionOut(Schema):
    id: int
    reference: str
    court_id: int
    prosecutor_id: int
    investigation_id: int | None
    opened_on: datetime.date
    status: str
    stop_reason: str
    defendants: dict[int, int] = Field(..., description="defendant id -> suspect id")
    charges: list[ChargeOut]


class ProsecutionIn(Schema):
    opened_on: datetime.date
    suspect_ids: list[int]
    court_id: int | None = Field(None, description="Default: your own court.")
    investigation_id: int | None = None
    reference: str = ""


class ChargeIn(Schema):
    defendant_id: int
    statute_id: int
    offence: str = Field(..., description="tip or som")
    charged_on: datetime.date


class HearingIn(Schema):
    held_on: datetime.date
    kind: str
    note: str = ""
    next_on: datetime.date | None = None


class HearingOut(Schema):
    id: int
    held_on: datetime.date
    kind: str
    next_on: datetime.date | None


class VerdictIn(Schema):
    charge_id: int
    outcome: str = Field(..., description="convicted, acquitted or dismissed")
    decided_on: datetime.date


class VerdictOut(Schema):
    id: int
    charge_id: int
    outcome: str
    decided_on: datetime.date


class SentenceIn(Schema):
    verdict_id: int
    prison_months: int = 0
    suspended_months: int = 0
    fine: Decimal = Decimal(0)
    currency: str = "XOF"


class SentenceOut(Schema):
    id: int
    verdict_id: int
    prison_months: int
    suspended_months: int
    fine: Decimal
    currency: str


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def prosecution_out(prosecution: Prosecution) -> dict[str, Any]:
    charges = Charge.objects.filter(defendant__prosecution=prosecution).select_related(
        "defendant", "verdict", "verdict__sentence"
    )
    charge_rows = []
    for charge in charges:
        verdict = getattr(charge, "verdict", None)
        sentence = getattr(verdict, "sentence", None) if verdict else None
        charge_rows.append(
            {
                "id": charge.pk,
                "defendant_id": charge.defendant_id,
                "suspect_id": charge.defendant.suspect_id,
                "statute_id": charge.statute_id,
                "offence": charge.offence,
                "charged_on": charge.charged_on,
                "verdict_id": verdict.pk if verdict else None,
                "outcome": verdict.outcome if verdict else None,
                "decided_on": verdict.decided_on if verdict else None,
                "prison_months": sentence.prison_months if sentence else None,
            }
        )
    return {
        "id": prosecution.pk,
        "reference": prosecution.reference,
        "court_id": prosecution.court_id,
        "prosecutor_id": prosecution.prosecutor_id,
        "investigation_id": prosecution.investigation_id,
        "opened_on": prosecution.opened_on,
        "status": prosecution.status,
        "stop_reason": prosecution.stop_reason,
        "defendants": dict(prosecution.defendants.values_list("pk", "suspect_id")),
        "charges": charge_rows,
    }


@router.get("", response={200: list[ProsecutionOut], **ERRORS})
def list_prosecutions(request: HttpRequest) -> list[dict[str, Any]]:
    user = _user(request)
    if not can_use_prosecutions(user):
        raise ActionForbidden
    return [prosecution_out(p) for p in visible_prosecutions(user)[:200]]


@router.post("", response={201: ProsecutionOut, **ERRORS})
def open_prosecution(request: HttpRequest, payload: ProsecutionIn) -> Status[dict[str, Any]]:
    prosecution = actions.open_prosecution(
        _user(request), actions.ProsecutionInput(**payload.dict()), channel=CHANNEL
    )
    return Status(201, prosecution_out(prosecution))


@router.get("/statutes", response={200: list[StatuteOut], **ERRORS})
def list_statutes(request: HttpRequest, country: str = "") -> Any:
    if not can_read_catalogue(_user(request)):
        raise ActionForbidden
    statutes = Statute.objects.all()
    if country:
        statutes = statutes.filter(country=country.upper())
    return list(statutes)


@router.get("/{prosecution_id}", response={200: ProsecutionOut, **ERRORS})
def get_prosecution(request: HttpRequest, prosecution_id: int) -> dict[str, Any]:
    return prosecution_out(
        access_prosecution_by_id(_user(request), prosecution_id, channel=CHANNEL)
    )


@router.post("/{prosecution_id}/charges", response={201: ProsecutionOut, **ERRORS})
def add_charge(
    request: HttpRequest, prosecution_id: int, payload: ChargeIn
) -> Status[dict[str, Any]]:
    user = _user(request)
    prosecution = access_prosecution_by_id(user, prosecution_id, channel=CHANNEL)
    actions.add_charge(user, prosecution, **payload.dict(), channel=CHANNEL)
    return Status(201, prosecution_out(prosecution))


@router.post("/{prosecution_id}/hearings", response={201: HearingOut, **ERRORS})
def record_hearing(request: HttpRequest, prosecution_id: int, payload: HearingIn) -> Status[Any]:
    user = _user(request)
    prosecution = access_prosecution_by_id(user, prosecution_id, channel=CHANNEL)
    return Status(201, actions.record_hearing(user, prosecution, **payload.dict(), channel=CHANNEL))


@router.post("/{prosecution_id}/verdicts", response={201: VerdictOut, **ERRORS})
def record_verdict(request: HttpRequest, prosecution_id: int, payload: VerdictIn) -> Status[Any]:
    user = _user(request)
    prosecution = access_prosecution_by_id(user, prosecution_id, channel=CHANNEL)
    return Status(201, actions.record_verdict(user, prosecution, **payload.dict(), channel=CHANNEL))


@router.post("/{prosecution_id}/sentences", response={201: SentenceOut, **ERRORS})
def record_sentence(request: HttpRequest, prosecution_id: int, payload: SentenceIn) -> Status[Any]:
    user = _user(request)
    prosecution = access_prosecution_by_id(user, prosecution_id, channel=CHANNEL)
    return Status(
        201, actions.record_sentence(user, prosecution, **payload.dict(), channel=CHANNEL)
    )
