"""API routes of the trainings app (mounted under /api/v1/trainings/ by jokko/api/api.py).

The same actions and access functions as the pages: a partner's monitoring tool can record a
training and its attendance, and analysts' dashboards read the indicators (aggregates only).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from jokko.accounts.access import ActionForbidden
from jokko.api.schemas import ERRORS
from jokko.audit.actions import record
from jokko.trainings import actions
from jokko.trainings.access import (
    access_event,
    can_manage_trainings,
    can_see_training_indicators,
    visible_events,
)
from jokko.trainings.cascade import CascadeNode, build_cascade
from jokko.trainings.filters import filter_events
from jokko.trainings.indicators import cascade_events, training_indicators
from jokko.trainings.models import Audience, TrainingEvent
from jokko.trainings.sheets import SheetRow

router = Router(tags=["trainings"])
CHANNEL = "api"


class TrainingIn(Schema):
    title: str
    topic: str = Field(..., description="Topic code from the catalogue, e.g. legal_framework")
    audience: str = Field(..., description=", ".join(Audience.values))
    place_code: str = Field(..., description="Gazetteer code, e.g. SN-KE-KEDOUGOU")
    start_on: datetime.date
    end_on: datetime.date
    country: str = Field("", description="ISO 3166-1 alpha-2; default: the node's country")
    organiser_id: int | None = Field(None, description="Default: your organisation.")
    funder: str = ""
    is_training_of_trainers: bool = False


class TrainingOut(Schema):
    id: int
    reference: str
    title: str
    topic: str
    audience: str
    country: str
    place_code: str
    start_on: datetime.date
    end_on: datetime.date
    organiser_id: int
    funder: str
    is_training_of_trainers: bool
    trainees: int
    trainers: int


class TrainingPage(Schema):
    count: int
    items: list[TrainingOut]


class AttendanceIn(Schema):
    name: str
    agency: str
    sex: str = Field("unknown", description="female, male or unknown")
    position: str = ""
    country: str = Field("", description="Default: the training's country")
    phone: str = ""
    email: str = ""
    role: str = Field("trainee", description="trainee or trainer")
    pre_score: int | None = Field(None, ge=0, le=100)
    post_score: int | None = Field(None, ge=0, le=100)
    completed: bool = True


class AttendanceOut(Schema):
    participant_id: int
    name: str
    sex: str
    agency: str
    position: str
    country: str
    role: str
    pre_score: int | None
    post_score: int | None
    completed: bool
    certificate_number: str | None


class AddResultOut(Schema):
    created_participants: int
    matched_participants: int
    added_attendances: int
    updated_attendances: int
    unchanged_attendances: int


class CascadeNodeOut(Schema):
    event_id: int
    reference: str
    level: int
    trainees: int
    children: list[CascadeNodeOut]


class LevelOut(Schema):
    level: int
    events: int
    participants: int


class CascadeOut(Schema):
    total_reach: int
    relay_trainers: int
    active_relays: int
    levels: list[LevelOut]
    tree: CascadeNodeOut


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def training_out(event: TrainingEvent) -> dict[str, Any]:
    roles = [a.role for a in event.attendances.all()]
    return {
        "id": event.pk,
        "reference": event.reference,
        "title": event.title,
        "topic": event.topic.code,
        "audience": event.audience,
        "country": event.country,
        "place_code": event.place_code,
        "start_on": event.start_on,
        "end_on": event.end_on,
        "organiser_id": event.organiser_id,
        "funder": event.funder,
        "is_training_of_trainers": event.is_training_of_trainers,
        "trainees": roles.count("trainee"),
        "trainers": roles.count("trainer"),
    }


@router.get("", response={200: TrainingPage, **ERRORS})
def list_trainings(
    request: HttpRequest,
    topic: str = "",
    country: str = "",
    year: str = "",
    limit: int = Query(50, ge=1, le=200),
    offset: int = Query(0, ge=0),
) -> dict[str, Any]:
    user = _user(request)
    if not can_manage_trainings(user):
        raise ActionForbidden
    params = {"topic": topic, "country": country, "year": year}
    events = filter_events(visible_events(user), params).order_by("-start_on", "-id")
    page = events.select_related("topic").prefetch_related("attendances")[offset : offset + limit]
    return {"count": events.count(), "items": [training_out(e) for e in page]}


@router.post("", response={201: TrainingOut, **ERRORS})
def create_training(request: HttpRequest, payload: TrainingIn) -> Status[dict[str, Any]]:
    data = payload.dict()
    event = actions.record_training(
        _user(request),
        actions.TrainingInput(
            title=data["title"],
            topic_code=data["topic"],
            audience=data["audience"],
            place_code=data["place_code"],
            start_on=data["start_on"],
            end_on=data["end_on"],
            country=data["country"] or settings.NODE_COUNTRY,
            organiser_id=data["organiser_id"],
            funder=data["funder"],
            is_training_of_trainers=data["is_training_of_trainers"],
        ),
    )
    return Status(201, training_out(event))


@router.get("/indicators", response={200: dict[str, Any], **ERRORS})
def indicators(
    request: HttpRequest, topic: str = "", country: str = "", year: str = ""
) -> dict[str, Any]:
    """Aggregates only (no names): open to analysts too."""
    user = _user(request)
    if not can_see_training_indicators(user):
        raise ActionForbidden
    params = {"topic": topic, "country": country, "year": year}
    return training_indicators(filter_events(TrainingEvent.objects.all(), params))


@router.get("/{event_id}", response={200: TrainingOut, **ERRORS})
def get_training(request: HttpRequest, event_id: int) -> dict[str, Any]:
    return training_out(access_event(_user(request), event_id))


@router.get("/{event_id}/participants", response={200: list[AttendanceOut], **ERRORS})
def list_participants(request: HttpRequest, event_id: int) -> list[dict[str, Any]]:
    user = _user(request)
    event = access_event(user, event_id)
    record(user, "read", "training_participants", event.pk, channel=CHANNEL)
    return [
        {
            "participant_id": a.participant_id,
            "name": a.participant.full_name,
            "sex": a.participant.sex,
            "agency": a.participant.agency,
            "position": a.participant.position,
            "country": a.participant.country,
            "role": a.role,
            "pre_score": a.pre_score,
            "post_score": a.post_score,
            "completed": a.completed,
            "certificate_number": a.certificate_number,
        }
        for a in event.attendances.select_related("participant")
    ]


@router.post("/{event_id}/participants", response={200: AddResultOut, **ERRORS})
def add_participants(
    request: HttpRequest, event_id: int, payload: list[AttendanceIn]
) -> dict[str, Any]:
    """Add attendances; a person already attending is updated, never added twice."""
    user = _user(request)
    event = access_event(user, event_id)
    rows = [
        SheetRow(
            line=position,
            name=" ".join(item.name.split()),
            agency=" ".join(item.agency.split()),
            sex=item.sex,
            position=item.position,
            country=(item.country or event.country).upper(),
            phone=item.phone,
            email=item.email.lower(),
            role=item.role,
            pre_score=item.pre_score,
            post_score=item.post_score,
            completed=item.completed,
        )
        for position, item in enumerate(payload, start=1)
    ]
    result = actions.add_participants(user, event, rows)
    return vars(result)


def _node_out(node: CascadeNode, references: dict[int, str]) -> dict[str, Any]:
    return {
        "event_id": node.event_id,
        "reference": references[node.event_id],
        "level": node.level,
        "trainees": len(node.trainees),
        "children": [_node_out(child, references) for child in node.children],
    }


@router.get("/{event_id}/cascade", response={200: CascadeOut, **ERRORS})
def cascade(request: HttpRequest, event_id: int) -> dict[str, Any]:
    event = access_event(_user(request), event_id)
    tree = build_cascade(event.pk, cascade_events())
    references = dict(TrainingEvent.objects.values_list("id", "reference"))
    return {
        "total_reach": tree.total_reach,
        "relay_trainers": len(tree.root.trainees),
        "active_relays": tree.active_relays,
        "levels": [vars(level) for level in tree.levels],
        "tree": _node_out(tree.root, references),
    }
