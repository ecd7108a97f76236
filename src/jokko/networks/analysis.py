"""The three questions the pages and the API answer, with their input checks and audit.

Both the pages and the API call these functions, so the rules (investigators only, names
audited, bad input refused with a translated message) hold on both channels. Each function
builds the user's scoped graph (`build.build_network`) and asks the pure core
(`graph.LinkGraph`) the question.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from jokko.accounts.access import ActionForbidden, NotFoundOrForbidden
from jokko.networks import graph as g
from jokko.networks.access import can_use_networks
from jokko.networks.build import Network, audit_names, build_network, phone_node_id, plate_node_id
from jokko.people.actions import normalise_phone

MIN_HOPS, MAX_HOPS = 1, 3
# The force layout stays readable, and a phone on a slow link stays responsive, up to about
# this many nodes; beyond it the drawing keeps the most connected ones and the table lists all.
CHART_LIMIT = 300
# An API answer carries at most this many entities (a client asks for fewer with `limit`).
API_LIMIT = 2000
TOP_COMPONENTS = 20
TOP_ACTORS = 20


@dataclass
class EgoResult:
    network: Network
    center: g.Node
    graph: g.LinkGraph
    hops: int


@dataclass
class PathResult:
    network: Network
    source: g.Node
    target: g.Node
    steps: list[g.Step] | None


def require(user: Any) -> None:
    if not can_use_networks(user):
        raise ActionForbidden


def parse_hops(raw: object) -> int:
    """1, 2 or 3; anything else is refused with a message (a 4-hop ego graph of a busy phone is
    most of the node, which says nothing)."""
    try:
        hops = int(str(raw))
    except (TypeError, ValueError):
        hops = 0
    if not MIN_HOPS <= hops <= MAX_HOPS:
        raise ValidationError(
            {
                "hops": [
                    _("Choose between %(min)s and %(max)s hops.")
                    % {"min": MIN_HOPS, "max": MAX_HOPS}
                ]
            }
        )
    return hops


def parse_limit(raw: object) -> int:
    """1 to `API_LIMIT` entities per answer; anything else is refused with a message."""
    try:
        limit = int(str(raw))
    except (TypeError, ValueError):
        limit = 0
    if not 1 <= limit <= API_LIMIT:
        raise ValidationError(
            {"limit": [_("Choose between 1 and %(max)s entities.") % {"max": API_LIMIT}]}
        )
    return limit


def parse_date(raw: str, name: str) -> datetime.date | None:
    if not raw:
        return None
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError as error:
        raise ValidationError(
            {name: [_("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": raw[:40]}]}
        ) from error


def parse_kinds(raw: list[str]) -> list[str] | None:
    """The entity kinds to keep; empty means all. Unknown kinds are refused."""
    chosen = [kind for kind in raw if kind]
    unknown = [kind for kind in chosen if kind not in g.KINDS]
    if unknown:
        raise ValidationError(
            {"kinds": [_("Unknown entity type: %(kind)s.") % {"kind": unknown[0][:40]}]}
        )
    return chosen or None


def resolve(network: Network, text: str) -> str | None:
    """The node meant by `text`: a node id, a phone number, a plate, or a reference."""
    text = text.strip()[:120]
    if not text:
        return None
    if text in network.graph:
        return text
    if sum(char.isdigit() for char in normalise_phone(text)) >= 6:
        phone = phone_node_id(text)
        if phone in network.graph:
            return phone
    plate = plate_node_id(text)
    if plate in network.graph:
        return plate
    for node in network.graph.nodes():
        if node.kind in (g.INCIDENT, g.INVESTIGATION) and node.label == text:
            return node.id
        if node.kind == g.CASE and node.detail == text:
            return node.id
    return None


def overview(user: Any, *, language: str, channel: str = "web") -> dict[str, Any]:
    """Components ranked by size and the central actors, with the names shown audited."""
    require(user)
    network = build_network(user, language=language)
    components = network.graph.components()
    actors = network.graph.central_actors(limit=TOP_ACTORS)
    top = components[:TOP_COMPONENTS]
    shown = [a.node for a in actors] + [n for c in top for n in c.suspects[:3]]
    audit_names(user, network, shown, purpose="network", channel=channel)
    return {
        "network": network,
        "components": top,
        "component_count": len(components),
        "actors": actors,
        "counts": network.graph.counts(),
        "links": network.graph.link_count(),
    }


def ego(
    user: Any,
    node_id: str,
    *,
    hops: int,
    kinds: list[str] | None = None,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
    language: str,
) -> EgoResult:
    """The network around one entity (an id, or a phone, plate or reference as `resolve`
    reads it); unknown entity → `NotFoundOrForbidden` (404). The caller audits the names it
    displays (`audit_names`)."""
    require(user)
    if not MIN_HOPS <= hops <= MAX_HOPS:
        raise ValidationError(
            {
                "hops": [
                    _("Choose between %(min)s and %(max)s hops.")
                    % {"min": MIN_HOPS, "max": MAX_HOPS}
                ]
            }
        )
    network = build_network(user, language=language)
    found = resolve(network, node_id)
    if found is None:
        raise NotFoundOrForbidden
    node_id = found
    center = network.graph.node(node_id)
    scoped = network.graph.within(since, until)
    if node_id not in scoped:
        # The center itself is outside the period (an incident or investigation): keep it alone.
        scoped.add_node(center)
    sub = scoped.ego(node_id, hops, kinds=kinds)
    return EgoResult(network, center, sub, hops)


def path(user: Any, a: str, b: str, *, language: str) -> PathResult:
    """How `a` is connected to `b`. Unknown entity → `NotFoundOrForbidden`."""
    require(user)
    network = build_network(user, language=language)
    source, target = resolve(network, a), resolve(network, b)
    if source is None or target is None:
        raise NotFoundOrForbidden
    steps = network.graph.path(source, target)
    return PathResult(network, network.graph.node(source), network.graph.node(target), steps)
