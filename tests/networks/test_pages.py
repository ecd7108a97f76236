"""The network pages as users meet them: roles, audit of names shown, identity withheld without
consent, normalised phones, bad input, and the query count of the graph build."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from jokko.audit.models import AuditEntry
from jokko.networks.build import build_network, phone_node_id
from tests.conftest import login
from tests.networks.conftest import World, record_more

pytestmark = pytest.mark.django_db

PAGES = ("network-overview", "network-entity", "network-path")


def _reads(person_id: int) -> int:
    return AuditEntry.objects.filter(
        action="read", object_type="person", person_id=person_id, detail__purpose="network"
    ).count()


@pytest.mark.parametrize(
    "role", ["coordinator", "prosecutor", "worker", "analyst", "reporter", "admin", "programme"]
)
def test_every_role_but_investigators_is_refused_and_audited(
    client: Any, world: World, role: str
) -> None:
    login(client, world.users[role])
    suspect = world.suspects["Mamadou Diallo"]
    for name in PAGES:
        response = client.get(reverse(name), {"node": f"suspect:{suspect.pk}"})
        assert response.status_code == 403, (name, role)
        assert "Mamadou" not in response.content.decode()
    assert AuditEntry.objects.filter(
        actor_username=role, action="denied", object_type="page", object_id="network-entity"
    ).exists()
    assert not AuditEntry.objects.filter(actor_username=role, action="read").exists()
    # ... and no navigation link to a page they cannot use.
    assert 'id="nav-networks"' not in client.get(reverse("home")).content.decode()


def test_overview_ranks_components_and_central_actors(client: Any, world: World) -> None:
    login(client, world.users["investigator"])
    response = client.get(reverse("network-overview"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="nav-networks"' in html
    # Groups: Kidira 1 + Guet Ndar joined by the shared phone (10 entities), then Awa Ba's.
    groups = response.context["components"]
    assert [row["component"].size for row in groups] == [10, 2]
    assert [n.label for n in groups[1]["suspects"]] == ["Awa Ba"]
    # Diallo joins his incident, phone, minibus and investigation: the broker.
    actors = response.context["actors"]
    assert actors[0].node.label == "Mamadou Diallo" and actors[0].degree == 4
    assert actors[0].betweenness > actors[1].betweenness
    assert 'id="actors-data"' in html and "echarts.min.js" in html
    for name in ("Mamadou Diallo", "Ousmane Keita", "Cheikh Ndiaye", "Awa Ba"):
        assert name in html
        assert _reads(world.suspects[name].person_id) == 1, name


def test_entity_network_joins_one_phone_written_three_ways(client: Any, world: World) -> None:
    login(client, world.users["investigator"])
    diallo = world.suspects["Mamadou Diallo"]
    response = client.get(reverse("network-entity"), {"node": f"suspect:{diallo.pk}", "hops": 1})
    assert response.status_code == 200
    graph = response.context["graph"]
    phones = [n for n in graph.nodes() if n.kind == "phone"]
    assert [p.label for p in phones] == ["+221771234567"]
    assert phones[0].id == phone_node_id("+221 77 123 45 67") == phone_node_id("+221-77-123-45-67")
    assert {n.label for n in graph.nodes() if n.kind == "vehicle"} == {"DK1234AB"}
    # Typed as written on the seized phone, the number opens the same phone's network.
    typed = client.get(reverse("network-entity"), {"node": "+221-77-123-45-67", "hops": 1})
    assert typed.status_code == 200 and typed.context["center"].id == phones[0].id
    assert "Cheikh Ndiaye" not in {n.label for n in graph.nodes()}  # two hops away
    two = client.get(reverse("network-entity"), {"node": f"suspect:{diallo.pk}", "hops": 2})
    labels = {n.label for n in two.context["graph"].nodes()}
    assert {"Cheikh Ndiaye", "Ousmane Keita", world.incidents[1].reference} <= labels
    chart = two.context["chart"]
    assert len(chart["nodes"]) == len(two.context["graph"]) and chart["links"]
    html = two.content.decode()
    assert 'id="network-data"' in html and 'id="network-nodes"' in html
    assert "uses phone +221771234567" in html
    # Ndiaye's name was shown twice (next to the typed phone, then at two hops): two reads.
    assert _reads(world.suspects["Cheikh Ndiaye"].person_id) == 2


def test_survivor_identity_only_under_consent_and_audited(client: Any, world: World) -> None:
    login(client, world.users["investigator"])
    diallo = world.suspects["Mamadou Diallo"]
    response = client.get(reverse("network-entity"), {"node": f"suspect:{diallo.pk}", "hops": 3})
    html = response.content.decode()
    withheld = world.withheld_case
    assert f"case {withheld.reference} (identity withheld)" in html
    assert "Aïssatou" not in html
    assert _reads(withheld.person_id) == 0
    consented = world.consented_case
    assert f"case {consented.reference}: Fatou Sarr" in html
    assert _reads(consented.person_id) == 1
    # Migrants are counted on their incident, never a node.
    assert "12 smuggled migrants (counted)" in html
    assert not [
        n
        for n in response.context["graph"].nodes()
        if n.kind
        not in {"suspect", "phone", "vehicle", "place", "incident", "case", "investigation"}
    ]


def test_withdrawn_consent_hides_the_name_again(world: World) -> None:
    import datetime

    from jokko.cases.actions import withdraw_consent
    from jokko.cases.models import Consent

    consent = Consent.objects.get(case=world.consented_case)
    withdraw_consent(world.users["worker"], consent, on=datetime.date.today())
    network = build_network(world.users["investigator"], language="en")
    label = network.graph.node(f"case:{world.consented_case.pk}").label
    assert label == f"case {world.consented_case.reference} (identity withheld)"
    assert f"case:{world.consented_case.pk}" not in network.identities


def test_filters_by_kind_and_period(client: Any, world: World) -> None:
    login(client, world.users["investigator"])
    diallo = world.suspects["Mamadou Diallo"]
    url = reverse("network-entity")
    only = client.get(url, {"node": f"suspect:{diallo.pk}", "hops": 3, "kinds": ["suspect"]})
    assert {n.kind for n in only.context["graph"].nodes()} == {"suspect"}
    # Guet Ndar was yesterday: a period ending before it cuts Ndiaye off.
    import datetime

    before = (datetime.date.today() - datetime.timedelta(days=2)).isoformat()
    cut = client.get(url, {"node": f"suspect:{diallo.pk}", "hops": 3, "until": before})
    assert world.incidents[1].reference not in {n.label for n in cut.context["graph"].nodes()}


def test_bad_input_is_refused_with_a_message(client: Any, world: World) -> None:
    login(client, world.users["investigator"])
    diallo = world.suspects["Mamadou Diallo"]
    url = reverse("network-entity")
    before = AuditEntry.objects.filter(action="read").count()
    for hops in ("0", "4", "many"):
        response = client.get(url, {"node": f"suspect:{diallo.pk}", "hops": hops})
        assert response.status_code == 400
        assert "Choose between 1 and 3 hops." in response.content.decode()
    response = client.get(url, {"node": f"suspect:{diallo.pk}", "since": "yesterday"})
    assert response.status_code == 400 and "is not a date" in response.content.decode()
    response = client.get(url, {"node": f"suspect:{diallo.pk}", "kinds": ["spaceship"]})
    assert response.status_code == 400 and "Unknown entity type" in response.content.decode()
    assert AuditEntry.objects.filter(action="read").count() == before
    for node in ("suspect:999999", "phone:nothing", "nonsense"):
        assert client.get(url, {"node": node}).status_code == 404
    # The path finder refuses what it cannot find, and half-filled forms.
    path = reverse("network-path")
    response = client.get(path, {"a": "+221 99 999 99 99", "b": f"suspect:{diallo.pk}"})
    assert response.status_code == 400 and "No entity matches" in response.content.decode()
    assert client.get(path, {"a": f"suspect:{diallo.pk}"}).status_code == 400


def test_path_finder_says_through_what(client: Any, world: World) -> None:
    login(client, world.users["investigator"])
    keita = world.suspects["Ousmane Keita"]
    # Typed as the officer has it: a phone number written yet another way.
    response = client.get(
        reverse("network-path"), {"a": f"suspect:{keita.pk}", "b": "+221 77 12 34 567"}
    )
    assert response.status_code == 200
    steps = response.context["steps"]
    assert [s["node"].label for s in steps] == [
        "Ousmane Keita",
        world.incidents[0].reference,
        "Mamadou Diallo",
        "+221771234567",
    ]
    html = response.content.decode()
    assert "uses phone +221771234567" in html and 'id="network-data"' in html
    assert _reads(keita.person_id) == 1
    assert _reads(world.suspects["Mamadou Diallo"].person_id) == 1
    # Awa Ba shares only the Kidira post with them: not a tie.
    awa = world.suspects["Awa Ba"]
    response = client.get(
        reverse("network-path"), {"a": f"suspect:{keita.pk}", "b": f"suspect:{awa.pk}"}
    )
    assert response.status_code == 200 and 'id="path-none"' in response.content.decode()


def test_the_build_takes_a_fixed_number_of_queries(
    world: World, django_assert_max_num_queries: Any
) -> None:
    investigator = world.users["investigator"]
    with django_assert_max_num_queries(16) as small:
        network = build_network(investigator, language="en")
    assert len(network.graph) == 14
    record_more(world.users, 12)
    with django_assert_max_num_queries(len(small.captured_queries)):
        bigger = build_network(investigator, language="en")
    # Each added interception: 2 suspects, 1 phone, 1 boat, 1 incident (Kidira already there).
    assert len(bigger.graph) == 14 + 12 * 5
    boats = [n for n in bigger.graph.nodes() if n.kind == "boat"]
    assert len(boats) == 12


def test_large_graphs_are_capped_with_a_message_and_paged(
    client: Any, world: World, settings: Any, monkeypatch: Any
) -> None:
    from jokko.networks import analysis

    monkeypatch.setattr(analysis, "CHART_LIMIT", 10)
    record_more(world.users, 30)
    login(client, world.users["investigator"])
    response = client.get(reverse("network-entity"), {"node": "place:SN-TC-KIDIRA", "hops": 3})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="network-truncated"' in html
    assert len(response.context["chart"]["nodes"]) == 10
    assert response.context["node_page"].paginator.num_pages > 1
    assert 'id="nodes-next"' in html
