"""Training-of-trainers cascades, computed from attendance lists (pure Python, no Django).

A cascade is never typed in: a participant trained at a training-of-trainers (ToT) event who
later appears as a *trainer* of another event makes that ToT the event's cascade parent. When an
event's trainers come from several earlier ToTs, the most recent one is its parent (the one
whose knowledge the session most plausibly relays), so the cascade is a tree.

Reach is counted in distinct participants, not attendances: a police officer trained twice by
two relay trainers is one person reached. Downstream events that are themselves ToTs extend the
tree a level further.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class CascadeEvent:
    id: int
    start_on: datetime.date
    is_training_of_trainers: bool
    trainees: frozenset[int]
    trainers: frozenset[int]

    @property
    def order(self) -> tuple[datetime.date, int]:
        return (self.start_on, self.id)


@dataclass
class CascadeNode:
    event_id: int
    level: int
    trainees: frozenset[int]
    children: list[CascadeNode] = field(default_factory=list)


@dataclass
class LevelFigures:
    level: int
    events: int
    participants: int


@dataclass
class Cascade:
    root: CascadeNode
    levels: list[LevelFigures]
    # Distinct participants trained as trainees in the sessions below the root.
    total_reach: int
    # Distinct relay trainers of the root who went on to deliver at least one session.
    active_relays: int


def cascade_parents(events: Iterable[CascadeEvent]) -> dict[int, int]:
    """event id -> the id of its cascade parent, for every event that has one."""
    ordered = sorted(events, key=lambda event: event.order)
    parents: dict[int, int] = {}
    latest_tot_of: dict[int, CascadeEvent] = {}  # participant -> latest ToT they were trained at
    for event in ordered:
        candidates = [latest_tot_of[t] for t in event.trainers if t in latest_tot_of]
        if candidates:
            parents[event.id] = max(candidates, key=lambda tot: tot.order).id
        if event.is_training_of_trainers:
            for trainee in event.trainees:
                latest_tot_of[trainee] = event
    return parents


def build_cascade(root_id: int, events: Iterable[CascadeEvent]) -> Cascade:
    """The tree below one event (normally a ToT) with reach per level and in total."""
    by_id = {event.id: event for event in events}
    parents = cascade_parents(by_id.values())
    children: dict[int, list[int]] = {}
    for child, parent in parents.items():
        children.setdefault(parent, []).append(child)

    def node(event_id: int, level: int) -> CascadeNode:
        made = CascadeNode(event_id, level, by_id[event_id].trainees)
        for child in sorted(children.get(event_id, []), key=lambda i: by_id[i].order):
            made.children.append(node(child, level + 1))
        return made

    root = node(root_id, 0)
    per_level: dict[int, tuple[int, set[int]]] = {}
    downstream: set[int] = set()
    relays: set[int] = set()
    stack = [root]
    while stack:
        current = stack.pop()
        events_count, people = per_level.setdefault(current.level, (0, set()))
        people.update(current.trainees)
        per_level[current.level] = (events_count + 1, people)
        if current.level > 0:
            downstream.update(current.trainees)
        if current.level == 1:
            relays.update(by_id[current.event_id].trainers & root.trainees)
        stack.extend(current.children)
    levels = [
        LevelFigures(level, count, len(people))
        for level, (count, people) in sorted(per_level.items())
    ]
    return Cascade(root, levels, len(downstream), len(relays))
