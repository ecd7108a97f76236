"""The pure link-analysis core on hand-made graphs; every answer is written here by hand."""

from __future__ import annotations

import datetime

import pytest

from jokko.networks import graph as g

D1 = datetime.date(2026, 3, 2)
D2 = datetime.date(2026, 5, 10)


def _chain() -> g.LinkGraph:
    """suspect 1 - phone P - suspect 2 - plate V - suspect 3; suspect 4 alone; incident I at
    Kidira with suspects 1 and 4 (Kidira also hosts incident J with suspect 5)."""
    graph = g.LinkGraph()
    for node in (
        g.Node("suspect:1", g.SUSPECT, "Amadou"),
        g.Node("suspect:2", g.SUSPECT, "Binta"),
        g.Node("suspect:3", g.SUSPECT, "Cheikh"),
        g.Node("suspect:4", g.SUSPECT, "Dieynaba"),
        g.Node("suspect:5", g.SUSPECT, "Elhadj"),
        g.Node("phone:P", g.PHONE, "+221774123890"),
        g.Node("plate:V", g.VEHICLE, "TC4821B"),
        g.Node("incident:I", g.INCIDENT, "INC-1", D1),
        g.Node("incident:J", g.INCIDENT, "INC-2", D2),
        g.Node("place:K", g.PLACE, "Kidira"),
    ):
        graph.add_node(node)
    graph.add_link("suspect:1", "phone:P", "phone", "uses phone +221774123890")
    graph.add_link("suspect:2", "phone:P", "phone", "uses phone +221774123890")
    graph.add_link("suspect:2", "plate:V", "plate", "seen with TC4821B")
    graph.add_link("suspect:3", "plate:V", "plate", "seen with TC4821B")
    graph.add_link("suspect:1", "incident:I", "incident", "arrested at Kidira", D1)
    graph.add_link("suspect:4", "incident:I", "incident", "arrested at Kidira", D1)
    graph.add_link("incident:I", "place:K", "place", "INC-1 at Kidira", D1)
    graph.add_link("incident:J", "place:K", "place", "INC-2 at Kidira", D2)
    graph.add_link("suspect:5", "incident:J", "incident", "arrested at Kidira", D2)
    return graph


def test_components_do_not_go_through_places() -> None:
    components = _chain().components()
    # {1, P, 2, V, 3, I, 4} is one group; {J, 5} another; Kidira alone is not a group.
    assert [c.size for c in components] == [7, 2]
    assert [n.id for n in components[0].suspects] == [
        "suspect:1",
        "suspect:2",
        "suspect:3",
        "suspect:4",
    ]
    assert components[1].count(g.SUSPECT) == 1
    # Through places, Kidira glues everything: one group of all ten.
    assert [c.size for c in _chain().components(through_places=True)] == [10]


def test_central_actors_rank_brokers_by_betweenness_then_degree() -> None:
    actors = _chain().central_actors()
    # Ties graph (no Kidira): 9 nodes, pairs of the 8 others = 28.
    # suspect 1 links {P,2,V,3} to {I,4}: 4 x 2 = 8 pairs -> 8/28.
    # suspect 2 links {1,P,I,4} to {V,3}: 4 x 2 = 8 pairs -> 8/28; degrees 2 and 2.
    # Tied, they go by label: Amadou before Binta. Then 3, 4, 5 at 0.
    assert [a.node.id for a in actors] == [
        "suspect:1",
        "suspect:2",
        "suspect:3",
        "suspect:4",
        "suspect:5",
    ]
    assert actors[0].betweenness == pytest.approx(8 / 28)
    assert actors[1].betweenness == pytest.approx(8 / 28)
    assert actors[2].betweenness == 0.0 and actors[2].degree == 1
    assert actors[0].degree == 2 and actors[0].degree_centrality == pytest.approx(2 / 8)
    # Phones can be asked for too: P links {1, I, 4} to {2, V, 3}: 9 pairs.
    phone = _chain().central_actors(kinds=[g.PHONE])[0]
    assert phone.node.id == "phone:P" and phone.betweenness == pytest.approx(9 / 28)


def test_path_says_through_what() -> None:
    steps = _chain().path("suspect:4", "suspect:3")
    assert steps is not None
    assert [s.node.id for s in steps] == [
        "suspect:4",
        "incident:I",
        "suspect:1",
        "phone:P",
        "suspect:2",
        "plate:V",
        "suspect:3",
    ]
    assert steps[0].evidence == ()
    assert [e.text for e in steps[3].evidence] == ["uses phone +221774123890"]
    assert steps[1].evidence[0].on == D1


def test_path_does_not_cross_places_unless_asked() -> None:
    graph = _chain()
    assert graph.path("suspect:1", "suspect:5") is None
    through = graph.path("suspect:1", "suspect:5", through_places=True)
    assert through is not None
    assert [s.node.id for s in through] == [
        "suspect:1",
        "incident:I",
        "place:K",
        "incident:J",
        "suspect:5",
    ]
    # A place may be an endpoint.
    to_place = graph.path("suspect:4", "place:K")
    assert to_place is not None and [s.node.id for s in to_place][-2:] == ["incident:I", "place:K"]
    with pytest.raises(KeyError):
        graph.path("suspect:1", "suspect:99")


def test_ego_network_by_hops_and_kinds() -> None:
    graph = _chain()
    assert {n.id for n in graph.ego("suspect:2", 1).nodes()} == {
        "suspect:2",
        "phone:P",
        "plate:V",
    }
    two = graph.ego("suspect:2", 2)
    assert {n.id for n in two.nodes()} == {
        "suspect:2",
        "phone:P",
        "plate:V",
        "suspect:1",
        "suspect:3",
    }
    assert two.link_count() == 4
    # Kidira is reached at 2 hops from suspect 4 but not crossed at 3.
    three = graph.ego("suspect:4", 3)
    assert "place:K" in three and "incident:J" not in three
    # A place as the center is expanded.
    assert {n.id for n in graph.ego("place:K", 1).nodes()} == {
        "place:K",
        "incident:I",
        "incident:J",
    }
    # Kinds filter: only suspects (and the center) stay, after the walk.
    assert {n.id for n in graph.ego("suspect:2", 2, kinds=[g.SUSPECT]).nodes()} == {
        "suspect:2",
        "suspect:1",
        "suspect:3",
    }
    with pytest.raises(KeyError):
        graph.ego("phone:nope", 1)


def test_period_drops_dated_entities_and_evidence() -> None:
    graph = _chain().within(since=datetime.date(2026, 4, 1))
    assert "incident:I" not in graph and "incident:J" in graph
    assert graph.path("suspect:4", "suspect:1") is None
    assert len(graph) == 9
    assert len(_chain().within()) == 10


def test_repeated_evidence_is_kept_once_and_new_evidence_added() -> None:
    graph = _chain()
    graph.add_link("suspect:1", "phone:P", "phone", "uses phone +221774123890")
    graph.add_link("suspect:1", "phone:P", "seized", "phone seized on him")
    assert [e.kind for e in graph.evidence("phone:P", "suspect:1")] == ["phone", "seized"]
    with pytest.raises(KeyError):
        graph.add_link("suspect:1", "nowhere", "x", "y")


def test_chart_caps_nodes_keeping_the_most_connected() -> None:
    chart = g.to_chart(_chain(), limit=4, labels={g.SUSPECT: "Suspect"})
    assert chart["truncated"] is True and chart["total"] == 10
    # Degrees: I 3; J, K, P, V, suspects 1 and 2: 2; the rest 1. Most connected, ties by id.
    assert [n["id"] for n in chart["nodes"]] == ["incident:I", "incident:J", "phone:P", "place:K"]
    # Only links between drawn nodes: I-K and J-K.
    assert [(k["source"], k["target"]) for k in chart["links"]] == [
        ("incident:I", "place:K"),
        ("incident:J", "place:K"),
    ]
    full = g.to_chart(_chain(), limit=300, labels={})
    assert full["truncated"] is False and len(full["nodes"]) == 10 and len(full["links"]) == 9
    assert {c["name"] for c in full["categories"]} >= {"suspect", "phone", "place"}


def test_betweenness_by_group_equals_networkx_on_the_whole_graph() -> None:
    """Computing group by group (the fast path) gives networkx's whole-graph values."""
    import random

    import networkx as nx

    rng = random.Random(1)
    graph = g.LinkGraph()
    for i in range(60):
        graph.add_node(g.Node(f"n:{i}", g.SUSPECT if i % 3 else g.PHONE, str(i)))
    for _ in range(70):
        a, b = rng.sample(range(60), 2)
        graph.add_link(f"n:{a}", f"n:{b}", "x", "y")
    expected = nx.betweenness_centrality(graph.graph)
    actors = graph.central_actors(limit=100, kinds=[g.SUSPECT, g.PHONE])
    assert len(actors) == 60
    for actor in actors:
        assert actor.betweenness == pytest.approx(expected[actor.node.id], abs=1e-12)


def test_core_keeps_the_center_and_the_hubs() -> None:
    graph = _chain()
    core = graph.core(3, keep=["suspect:5"])
    # suspect 5 kept as asked, then incident I (degree 3), then the first degree-2 id.
    assert {n.id for n in core.nodes()} == {"suspect:5", "incident:I", "incident:J"}
    # Only J - suspect 5 remains: I and J meet through Kidira, which is not kept.
    assert [(k.source.id, k.target.id) for k in core.links()] == [("incident:J", "suspect:5")]
    assert graph.core(50) is graph
