"""Training indicators for the programmes page, the API and the analysts.

Counts are of distinct participants, not of attendances: the seed documents report "25
magistrates trained in each of three countries", people, and one magistrate attending two
workshops is still one magistrate trained. A participant is counted under their own country
(a Mauritanian gendarme at a workshop in Dakar counts for Mauritania), under the topic and
audience of each event they attended.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import QuerySet

from jokko.trainings.cascade import CascadeEvent, build_cascade
from jokko.trainings.models import Attendance, AttendanceRole, TrainingEvent


def _counts(groups: dict[str, set[int]]) -> dict[str, int]:
    return {key: len(people) for key, people in sorted(groups.items())}


def _mean(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def cascade_events() -> list[CascadeEvent]:
    """Every event of the node with its trainees and trainers, for cascade computations."""
    trainees: dict[int, set[int]] = defaultdict(set)
    trainers: dict[int, set[int]] = defaultdict(set)
    for event_id, participant_id, role in Attendance.objects.values_list(
        "event_id", "participant_id", "role"
    ):
        (trainers if role == AttendanceRole.TRAINER else trainees)[event_id].add(participant_id)
    return [
        CascadeEvent(
            event_id,
            start_on,
            is_tot,
            frozenset(trainees[event_id]),
            frozenset(trainers[event_id]),
        )
        for event_id, start_on, is_tot in TrainingEvent.objects.values_list(
            "id", "start_on", "is_training_of_trainers"
        )
    ]


def training_indicators(events_qs: QuerySet[TrainingEvent]) -> dict[str, Any]:
    """Figures about the given events (already restricted to what the caller may count)."""
    events = list(events_qs.select_related("topic").order_by("start_on", "id"))
    event_ids = [event.pk for event in events]
    by_id = {event.pk: event for event in events}
    attendances = Attendance.objects.filter(event_id__in=event_ids).select_related("participant")

    trainees: set[int] = set()
    trainers: set[int] = set()
    by_topic: dict[str, set[int]] = defaultdict(set)
    by_country: dict[str, set[int]] = defaultdict(set)
    by_audience: dict[str, set[int]] = defaultdict(set)
    by_sex: dict[str, set[int]] = defaultdict(set)
    by_agency: dict[str, set[int]] = defaultdict(set)
    by_topic_country: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    by_audience_country: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    pre: list[int] = []
    post: list[int] = []
    gains: list[int] = []
    completed = 0
    certificates = 0
    for attendance in attendances:
        person = attendance.participant
        if attendance.role == AttendanceRole.TRAINER:
            trainers.add(person.pk)
            continue
        event = by_id[attendance.event_id]
        trainees.add(person.pk)
        by_topic[event.topic.code].add(person.pk)
        by_country[person.country].add(person.pk)
        by_audience[event.audience].add(person.pk)
        by_sex[person.sex].add(person.pk)
        by_agency[person.agency].add(person.pk)
        by_topic_country[event.topic.code][person.country].add(person.pk)
        by_audience_country[event.audience][person.country].add(person.pk)
        if attendance.pre_score is not None:
            pre.append(attendance.pre_score)
        if attendance.post_score is not None:
            post.append(attendance.post_score)
        if attendance.pre_score is not None and attendance.post_score is not None:
            gains.append(attendance.post_score - attendance.pre_score)
        completed += int(attendance.completed)
        certificates += int(bool(attendance.certificate_number))

    events_by: dict[str, dict[str, int]] = {"topic": {}, "country": {}, "audience": {}}
    for event in events:
        for key, value in (
            ("topic", event.topic.code),
            ("country", event.country),
            ("audience", event.audience),
        ):
            events_by[key][value] = events_by[key].get(value, 0) + 1

    roots = [event.pk for event in events if event.is_training_of_trainers]
    cascades = []
    downstream: set[int] = set()
    if roots:
        all_events = cascade_events()
        for root in roots:
            cascade = build_cascade(root, all_events)
            cascades.append(
                {
                    "event_id": root,
                    "reference": by_id[root].reference,
                    "relay_trainers": len(cascade.root.trainees),
                    "active_relays": cascade.active_relays,
                    "sessions": sum(level.events for level in cascade.levels[1:]),
                    "reach": cascade.total_reach,
                }
            )
            stack = list(cascade.root.children)
            while stack:
                node = stack.pop()
                downstream.update(node.trainees)
                stack.extend(node.children)

    return {
        "events": len(events),
        "events_by_topic": dict(sorted(events_by["topic"].items())),
        "events_by_country": dict(sorted(events_by["country"].items())),
        "events_by_audience": dict(sorted(events_by["audience"].items())),
        "trainings_of_trainers": len(roots),
        "participants": len(trainees),
        "participants_by_topic": _counts(by_topic),
        "participants_by_country": _counts(by_country),
        "participants_by_audience": _counts(by_audience),
        "participants_by_sex": _counts(by_sex),
        "participants_by_agency": _counts(by_agency),
        "participants_by_topic_and_country": {
            topic: _counts(countries) for topic, countries in sorted(by_topic_country.items())
        },
        "participants_by_audience_and_country": {
            audience: _counts(countries)
            for audience, countries in sorted(by_audience_country.items())
        },
        "trainers": len(trainers),
        "completed": completed,
        "certificates": certificates,
        "cascade_reach": len(downstream),
        "cascades": cascades,
        "mean_pre_score": _mean(pre),
        "mean_post_score": _mean(post),
        "mean_gain": _mean(gains),
        "scored_attendances": len(gains),
    }
