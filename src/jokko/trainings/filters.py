"""The training list filters (topic, country, year), shared by the page, its exports, the API
and the indicators, so a figure and the list it summarises always select the same events."""

from __future__ import annotations

from collections.abc import Mapping

from django.db.models import QuerySet

from jokko.gazetteer import COUNTRIES
from jokko.trainings.models import TrainingEvent


def filter_events(
    events: QuerySet[TrainingEvent], params: Mapping[str, str]
) -> QuerySet[TrainingEvent]:
    topic = params.get("topic", "")
    country = params.get("country", "")
    year = params.get("year", "")
    if topic:
        events = events.filter(topic__code=topic)
    if country in COUNTRIES:
        events = events.filter(country=country)
    if year.isdigit() and len(year) == 4:
        events = events.filter(start_on__year=int(year))
    return events
