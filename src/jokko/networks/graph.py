"""The link-analysis core: typed entities, typed links with their evidence, and the questions an
investigator asks of them. Pure Python on networkx (no Django), so the algorithms are tested on
hand-made graphs whose answers are written in the tests.

Entities (`Node.kind`): suspect, phone, vehicle (a plate), boat (a hull registration), place,
incident, case, investigation. A link joins two entities and carries every piece of evidence
that makes it ("uses phone +221 77 412 38 90", "suspect in INC-SN-2026-0001 at Kidira on
2026-03-02", "known associate"); two suspects who share a phone are joined *through* the phone
node, so the path between them says what they share.

Places are facts about an incident, not ties between people: a border post sees hundreds of
unrelated interceptions. So, unless asked (`through_places=True`), a place is never *crossed*:
it is kept as a leaf next to its incidents but components, centrality and paths do not go
through it. Without that rule every interception at Kidira would fall into one "network".

Worked example::

    >>> g = LinkGraph()
    >>> for node in (Node("suspect:1", SUSPECT, "Diallo"), Node("suspect:2", SUSPECT, "Keita"),
    ...              Node("phone:p", PHONE, "+221774123890")):
    ...     g.add_node(node)
    >>> g.add_link("suspect:1", "phone:p", "phone", "uses phone +221774123890")
    >>> g.add_link("suspect:2", "phone:p", "phone", "uses phone +221774123890")
    >>> [step.node.id for step in g.path("suspect:1", "suspect:2")]
    ['suspect:1', 'phone:p', 'suspect:2']
    >>> [c.size for c in g.components()]
    [3]
    >>> g.central_actors()[0].node.id  # phones are not actors; tied suspects go by label
    'suspect:1'
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

SUSPECT = "suspect"
PHONE = "phone"
VEHICLE = "vehicle"
BOAT = "boat"
PLACE = "place"
INCIDENT = "incident"
CASE = "case"
INVESTIGATION = "investigation"
KINDS: tuple[str, ...] = (SUSPECT, PHONE, VEHICLE, BOAT, PLACE, INCIDENT, CASE, INVESTIGATION)

# Exact betweenness costs O(nodes x links) per connected group in pure Python; a group larger
# than this is estimated from this many sampled sources (Brandes and Pich's pivot sampling as
# networkx implements it, fixed seed so the page is reproducible), which keeps the ranking of
# the top brokers at a fraction of the cost.
EXACT_BETWEENNESS_LIMIT = 1000
BETWEENNESS_SAMPLES = 200


@dataclass(frozen=True)
class Node:
    """One entity. `label` is what the investigator reads (a name, a number, a reference);
    `on` dates incidents and investigations so a period filter can drop them."""

    id: str
    kind: str
    label: str
    on: datetime.date | None = None
    detail: str = ""


@dataclass(frozen=True)
class Evidence:
    """Why two entities are linked: a kind code (for filtering and styling) and a sentence."""

    kind: str
    text: str
    on: datetime.date | None = None


@dataclass(frozen=True)
class Link:
    source: Node
    target: Node
    evidence: tuple[Evidence, ...]

    @property
    def kinds(self) -> list[str]:
        return sorted({e.kind for e in self.evidence})


@dataclass(frozen=True)
class Component:
    """A connected component: entities all reachable from each other without crossing a place."""

    nodes: tuple[Node, ...]

    @property
    def size(self) -> int:
        return len(self.nodes)

    def count(self, kind: str) -> int:
        return sum(1 for node in self.nodes if node.kind == kind)

    @property
    def suspects(self) -> list[Node]:
        return [node for node in self.nodes if node.kind == SUSPECT]


@dataclass(frozen=True)
class Centrality:
    """Degree: how many distinct entities an actor touches directly (phones, vehicles,
    incidents, associates) — the busy ones. Betweenness: the share of shortest paths between
    other entities that pass through the actor — the brokers whose removal cuts the network
    apart, often the organiser rather than the most visible driver. Both are normalised to
    0..1 by networkx so graphs of different sizes compare."""

    node: Node
    degree: int
    degree_centrality: float
    betweenness: float


@dataclass(frozen=True)
class Step:
    """One hop of a path: the entity reached and the evidence of the link that reached it
    (empty for the first entity)."""

    node: Node
    evidence: tuple[Evidence, ...] = ()


@dataclass
class LinkGraph:
    """An undirected multi-evidence graph of typed entities (one networkx `Graph` inside)."""

    graph: nx.Graph = field(default_factory=nx.Graph)

    # --- building ---------------------------------------------------------------------------
    def add_node(self, node: Node) -> None:
        """Add an entity; adding the same id again keeps the first description."""
        if node.id not in self.graph:
            self.graph.add_node(node.id, node=node)

    def add_link(
        self, a: str, b: str, kind: str, text: str, on: datetime.date | None = None
    ) -> None:
        """Add evidence to the link between two known entities; a repeated piece of evidence
        (same kind and sentence) is kept once, so building from overlapping queries is safe."""
        if a == b:
            return
        if a not in self.graph or b not in self.graph:
            raise KeyError(a if a not in self.graph else b)
        evidence = Evidence(kind, text, on)
        if self.graph.has_edge(a, b):
            existing: list[Evidence] = self.graph.edges[a, b]["evidence"]
            if evidence not in existing:
                existing.append(evidence)
        else:
            self.graph.add_edge(a, b, evidence=[evidence])

    # --- reading ----------------------------------------------------------------------------
    def __contains__(self, node_id: object) -> bool:
        return node_id in self.graph

    def __len__(self) -> int:
        return int(self.graph.number_of_nodes())

    def node(self, node_id: str) -> Node:
        node: Node = self.graph.nodes[node_id]["node"]
        return node

    def nodes(self) -> list[Node]:
        """Entities ordered by kind (as in `KINDS`) then label: stable for tables and tests."""
        order = {kind: position for position, kind in enumerate(KINDS)}
        found = [data["node"] for _, data in self.graph.nodes(data=True)]
        return sorted(found, key=lambda n: (order.get(n.kind, len(order)), n.label, n.id))

    def links(self) -> list[Link]:
        out = []
        for a, b, data in self.graph.edges(data=True):
            first, second = sorted((a, b))
            out.append(Link(self.node(first), self.node(second), tuple(data["evidence"])))
        return sorted(out, key=lambda link: (link.source.id, link.target.id))

    def link_count(self) -> int:
        return int(self.graph.number_of_edges())

    def evidence(self, a: str, b: str) -> tuple[Evidence, ...]:
        return tuple(self.graph.edges[a, b]["evidence"])

    # --- questions --------------------------------------------------------------------------
    def _ties(self, keep: Iterable[str] = (), through_places: bool = False) -> nx.Graph:
        """The graph whose paths are ties: places removed (except `keep`) unless asked."""
        if through_places:
            return self.graph
        kept = set(keep)
        # A copy, not a view: networkx's filtered views re-check the filter on every neighbour
        # access, which made betweenness on 2,000 entities several times slower.
        return self.graph.subgraph(
            n for n, d in self.graph.nodes(data=True) if d["node"].kind != PLACE or n in kept
        ).copy()

    def components(self, *, through_places: bool = False) -> list[Component]:
        """Connected components, largest first (then most suspects, then first id).

        Places are left out (they would glue unrelated interceptions together); a place node
        alone is not a component. Example: suspects 1-2 sharing a phone and suspect 3 alone
        give components of sizes [3, 1].
        """
        ties = self._ties(through_places=through_places)
        out = [
            Component(tuple(sorted((self.node(n) for n in part), key=lambda n: n.id)))
            for part in nx.connected_components(ties)
        ]
        return sorted(out, key=lambda c: (-c.size, -c.count(SUSPECT), c.nodes[0].id))

    def central_actors(
        self, *, limit: int = 20, kinds: Iterable[str] = (SUSPECT,), through_places: bool = False
    ) -> list[Centrality]:
        """The most central entities of `kinds` (suspects by default), by betweenness, then
        degree, then label. Computed on the ties graph (no places; see the module docstring).

        Example: in the chain suspect 1 - phone - suspect 2 - plate - suspect 3, suspect 2
        lies on 4 of the 6 shortest paths between the other four entities (betweenness 4/6)
        and the end suspects on none, so suspect 2 comes first.
        """
        ties = self._ties(through_places=through_places)
        wanted = set(kinds)
        if ties.number_of_nodes() == 0:
            return []
        betweenness = _betweenness(ties, wanted, self)
        degree = nx.degree_centrality(ties) if ties.number_of_nodes() > 1 else {}
        actors = [
            Centrality(
                node=self.node(n),
                degree=int(ties.degree(n)),
                degree_centrality=float(degree.get(n, 0.0)),
                betweenness=float(betweenness.get(n, 0.0)),
            )
            for n in ties.nodes
            if self.node(n).kind in wanted
        ]
        actors.sort(key=lambda a: (-round(a.betweenness, 12), -a.degree, a.node.label, a.node.id))
        return actors[:limit]

    def path(self, a: str, b: str, *, through_places: bool = False) -> list[Step] | None:
        """The shortest chain of links from `a` to `b` ("how is A connected to B, through
        what"), each step with its evidence; None when they are not connected. Raises
        KeyError for an unknown entity. The endpoints may themselves be places."""
        if a not in self.graph or b not in self.graph:
            raise KeyError(a if a not in self.graph else b)
        ties = self._ties(keep=(a, b), through_places=through_places)
        try:
            ids: list[str] = nx.shortest_path(ties, a, b)
        except nx.NetworkXNoPath:
            return None
        steps = [Step(self.node(ids[0]))]
        for previous, current in itertools.pairwise(ids):
            steps.append(Step(self.node(current), self.evidence(previous, current)))
        return steps

    def ego(
        self,
        center: str,
        hops: int,
        *,
        kinds: Iterable[str] | None = None,
        through_places: bool = False,
    ) -> LinkGraph:
        """The entities within `hops` links of `center` and the links between them.

        Places reached are kept but not crossed (unless `through_places`), except when the
        center is itself a place. `kinds` then keeps only entities of those kinds (the center
        always stays): a display filter, applied after the walk so hidden incidents still
        connect what they connect. Raises KeyError for an unknown center.
        """
        if center not in self.graph:
            raise KeyError(center)
        distance = {center: 0}
        frontier = [center]
        for depth in range(1, hops + 1):
            following: list[str] = []
            for current in frontier:
                if current != center and not through_places and self.node(current).kind == PLACE:
                    continue
                for neighbour in sorted(self.graph.neighbors(current)):
                    if neighbour not in distance:
                        distance[neighbour] = depth
                        following.append(neighbour)
            frontier = following
        keep = set(distance)
        if kinds is not None:
            wanted = set(kinds)
            keep = {n for n in keep if n == center or self.node(n).kind in wanted}
        return self._subgraph(keep)

    def within(
        self, since: datetime.date | None = None, until: datetime.date | None = None
    ) -> LinkGraph:
        """The graph restricted to a period: dated entities (incidents, investigations) and
        dated evidence outside it are dropped; a link left without evidence disappears."""
        if since is None and until is None:
            return self

        def inside(day: datetime.date | None) -> bool:
            if day is None:
                return True
            return (since is None or day >= since) and (until is None or day <= until)

        out = LinkGraph()
        for node in self.nodes():
            if inside(node.on):
                out.add_node(node)
        for link in self.links():
            if link.source.id not in out or link.target.id not in out:
                continue
            for item in link.evidence:
                if inside(item.on):
                    out.add_link(link.source.id, link.target.id, item.kind, item.text, item.on)
        return out

    def core(self, limit: int, *, keep: Iterable[str] = ()) -> LinkGraph:
        """At most `limit` entities: those in `keep` (e.g. the center), then the most connected
        (ties by id), with the links among them. Keeps an answer bounded without losing the
        network's hubs. Example: a star of 1 hub and 5 leaves cut to 3 keeps the hub."""
        if len(self) <= limit:
            return self
        degree = dict(self.graph.degree())
        chosen = [n for n in keep if n in self.graph][:limit]
        rest = sorted(
            (n for n in self.graph.nodes if n not in chosen), key=lambda n: (-degree[n], n)
        )
        return self._subgraph(set(chosen + rest[: limit - len(chosen)]))

    def _subgraph(self, keep: set[str]) -> LinkGraph:
        return LinkGraph(nx.Graph(self.graph.subgraph(keep).copy()))

    def counts(self) -> dict[str, int]:
        """Entities per kind, every kind present (0 when none)."""
        out = dict.fromkeys(KINDS, 0)
        for _, data in self.graph.nodes(data=True):
            out[data["node"].kind] = out.get(data["node"].kind, 0) + 1
        return out

    def iter_neighbours(self, node_id: str) -> Iterator[Node]:
        for neighbour in self.graph.neighbors(node_id):
            yield self.node(neighbour)


def to_chart(graph: LinkGraph, *, limit: int, labels: dict[str, str]) -> dict[str, Any]:
    """The data of an ECharts `graph` series: at most `limit` nodes (the most connected first,
    so a capped drawing keeps the network's core), the links among them, one category per kind
    (`labels` translates the kind codes). `truncated` says whether nodes were left out."""
    nodes = graph.nodes()
    if len(nodes) > limit:
        degree = dict(graph.graph.degree())
        nodes = sorted(nodes, key=lambda n: (-degree.get(n.id, 0), n.id))[:limit]
    shown = {n.id for n in nodes}
    categories = [kind for kind in KINDS if any(n.kind == kind for n in nodes)]
    index = {kind: position for position, kind in enumerate(categories)}
    degree_of = dict(graph.graph.degree())
    return {
        "categories": [{"name": labels.get(kind, kind)} for kind in categories],
        "nodes": [
            {
                "id": n.id,
                "name": n.label,
                "category": index[n.kind],
                "value": degree_of.get(n.id, 0),
                "symbolSize": 12 + min(degree_of.get(n.id, 0), 10) * 2,
            }
            for n in nodes
        ],
        "links": [
            {
                "source": link.source.id,
                "target": link.target.id,
                "label": "; ".join(e.text for e in link.evidence),
            }
            for link in graph.links()
            if link.source.id in shown and link.target.id in shown
        ],
        "truncated": len(graph) > limit,
        "total": len(graph),
    }


def _betweenness(ties: nx.Graph, wanted: set[str], graph: LinkGraph) -> dict[str, float]:
    """Betweenness of the whole ties graph, computed one connected group at a time.

    A shortest path never leaves its group, so each group's raw betweenness is its share of
    the whole; computing them apart skips groups without a wanted entity or with fewer than
    three members (betweenness 0) and avoids networkx's per-source setup over every node of the
    node (seconds at 2,000 entities). The raw sums are normalised by the whole graph's size
    exactly as `nx.betweenness_centrality(ties)` would: 2 / ((n - 1)(n - 2)).
    """
    n = ties.number_of_nodes()
    if n < 3:
        return {}
    scale = 2.0 / ((n - 1) * (n - 2))
    out: dict[str, float] = {}
    for part in nx.connected_components(ties):
        if len(part) < 3 or not any(graph.node(m).kind in wanted for m in part):
            continue
        group = ties.subgraph(part).copy()
        if len(part) > EXACT_BETWEENNESS_LIMIT:
            raw = nx.betweenness_centrality(group, k=BETWEENNESS_SAMPLES, normalized=False, seed=7)
        else:
            raw = nx.betweenness_centrality(group, normalized=False)
        # Unnormalised, networkx counts each unordered pair once: the same scale applies.
        out.update({m: value * scale for m, value in raw.items()})
    return out
