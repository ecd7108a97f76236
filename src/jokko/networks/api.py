"""API routes of the networks app (mounted under /api/v1/networks/ by jokko/api/api.py).

Same rules as the pages (`networks.analysis`): investigators only (403 otherwise), unknown
entities 404, hops outside 1-3 or bad dates 422 with a message; every person whose name an
answer carries is audited as a read, on the `api` channel.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import get_language
from ninja import Field, Query, Router, Schema

from jokko.api.schemas import ERRORS
from jokko.networks import analysis
from jokko.networks import graph as g
from jokko.networks.build import audit_names

router = Router(tags=["networks"])
# A module-level default: ninja reads the list parameter from repeated `kinds=` keys.
NO_KINDS: list[str] = Query([], description="Entity kinds to keep (all when empty)")
CHANNEL = "api"


class NetworkNodeOut(Schema):
    id: str = Field(..., description="kind:key, e.g. suspect:12, plate:TC4821B, place:SN-TC-KIDIRA")
    kind: str = Field(..., description=", ".join(g.KINDS))
    label: str
    detail: str
    on: datetime.date | None


class NetworkEvidenceOut(Schema):
    kind: str
    text: str
    on: datetime.date | None


class NetworkLinkOut(Schema):
    source: str
    target: str
    evidence: list[NetworkEvidenceOut]


class NetworkComponentOut(Schema):
    size: int
    counts: dict[str, int]
    suspects: list[NetworkNodeOut]


class NetworkActorOut(Schema):
    node: NetworkNodeOut
    degree: int
    degree_centrality: float
    betweenness: float


class NetworkOverviewOut(Schema):
    counts: dict[str, int]
    links: int
    component_count: int
    components: list[NetworkComponentOut]
    actors: list[NetworkActorOut]


class NetworkGraphOut(Schema):
    center: NetworkNodeOut
    hops: int
    total: int = Field(..., description="Entities in the network before the limit")
    truncated: bool = Field(..., description="Whether only the `limit` most connected are here")
    nodes: list[NetworkNodeOut]
    links: list[NetworkLinkOut]


class NetworkStepOut(Schema):
    node: NetworkNodeOut
    evidence: list[NetworkEvidenceOut]


class NetworkPathOut(Schema):
    source: NetworkNodeOut
    target: NetworkNodeOut
    connected: bool
    steps: list[NetworkStepOut]


def _node(node: g.Node) -> dict[str, Any]:
    return {
        "id": node.id,
        "kind": node.kind,
        "label": node.label,
        "detail": node.detail,
        "on": node.on,
    }


def _evidence(items: tuple[g.Evidence, ...]) -> list[dict[str, Any]]:
    return [{"kind": e.kind, "text": e.text, "on": e.on} for e in items]


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _language() -> str:
    return get_language() or "fr"


@router.get("/overview", response={200: NetworkOverviewOut, **ERRORS})
def overview(request: HttpRequest) -> dict[str, Any]:
    """Connected groups (largest first, places not counted as ties) and central suspects."""
    data = analysis.overview(_user(request), language=_language(), channel=CHANNEL)
    return {
        "counts": data["counts"],
        "links": data["links"],
        "component_count": data["component_count"],
        "components": [
            {
                "size": c.size,
                "counts": {kind: c.count(kind) for kind in g.KINDS},
                "suspects": [_node(n) for n in c.suspects[:3]],
            }
            for c in data["components"]
        ],
        "actors": [
            {
                "node": _node(a.node),
                "degree": a.degree,
                "degree_centrality": a.degree_centrality,
                "betweenness": a.betweenness,
            }
            for a in data["actors"]
        ],
    }


@router.get("/ego", response={200: NetworkGraphOut, **ERRORS})
def ego(
    request: HttpRequest,
    node: str = Query(..., description="An entity id from another answer"),
    hops: int = Query(2, description="1 to 3"),
    kinds: list[str] = NO_KINDS,
    since: str = Query("", description="YYYY-MM-DD"),
    until: str = Query("", description="YYYY-MM-DD"),
    limit: int = Query(analysis.API_LIMIT, description=f"1 to {analysis.API_LIMIT}"),
) -> dict[str, Any]:
    """The network around one entity, within `hops` links; at most `limit` entities (the
    center and the most connected), with the links among them."""
    user = _user(request)
    analysis.require(user)
    result = analysis.ego(
        user,
        node,
        hops=analysis.parse_hops(hops),
        kinds=analysis.parse_kinds(kinds),
        since=analysis.parse_date(since, "since"),
        until=analysis.parse_date(until, "until"),
        language=_language(),
    )
    core = result.graph.core(analysis.parse_limit(limit), keep=[result.center.id])
    nodes = core.nodes()
    audit_names(user, result.network, nodes, purpose="network", channel=CHANNEL)
    return {
        "center": _node(result.center),
        "hops": result.hops,
        "total": len(result.graph),
        "truncated": len(core) < len(result.graph),
        "nodes": [_node(n) for n in nodes],
        "links": [
            {
                "source": link.source.id,
                "target": link.target.id,
                "evidence": _evidence(link.evidence),
            }
            for link in core.links()
        ],
    }


@router.get("/path", response={200: NetworkPathOut, **ERRORS})
def path(
    request: HttpRequest,
    a: str = Query(..., description="Entity id, phone number, plate or reference"),
    b: str = Query(..., description="Entity id, phone number, plate or reference"),
) -> dict[str, Any]:
    """How is A connected to B, through what: the shortest chain of links with evidence."""
    user = _user(request)
    result = analysis.path(user, a, b, language=_language())
    steps = result.steps or []
    audit_names(
        user,
        result.network,
        [result.source, result.target] + [s.node for s in steps],
        purpose="network",
        channel=CHANNEL,
    )
    return {
        "source": _node(result.source),
        "target": _node(result.target),
        "connected": result.steps is not None,
        "steps": [{"node": _node(s.node), "evidence": _evidence(s.evidence)} for s in steps],
    }
