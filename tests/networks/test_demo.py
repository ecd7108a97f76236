"""The demo network: the seeded interceptions form one network worth analysing."""

from __future__ import annotations

from typing import Any

import pytest

from jokko.accounts.models import Organisation, User
from jokko.networks.build import build_network

pytestmark = pytest.mark.django_db


def test_demo_suspects_share_a_phone_and_an_associate(orgs: dict[str, Any]) -> None:
    from jokko.incidents.demo import seed_demo as seed_incidents
    from jokko.investigations.demo import seed_demo as seed_investigations

    Organisation.objects.create(name="Brigade de Saraya", kind="gendarmerie", country="SN")
    investigator = User.objects.create_user(
        username="enqueteur", role="investigator", organisation=orgs["police"]
    )
    User.objects.create_user(
        username="coordination", role="coordinator", organisation=orgs["ministry"]
    )
    assert seed_incidents() == 4
    seed_investigations()
    assert seed_incidents() == 0  # idempotent: nothing linked twice
    graph = build_network(investigator, language="fr").graph
    biggest = graph.components()[0]
    assert {n.label for n in biggest.suspects} == {
        "Mamadou Lamine Diallo",
        "Ousmane Keïta",
        "Cheikh Tidiane Ndiaye",
    }
    phones = {n.label: n for n in biggest.nodes if n.kind == "phone"}
    assert sorted(phones) == ["+221765531027", "+221774123890"]
    # Written "+221 77 412 38 90" on Diallo, on the seized phone, "+221 774 123 890" on Ndiaye.
    shared = phones["+221774123890"].id
    neighbours = list(graph.iter_neighbours(shared))
    assert {n.label for n in neighbours if n.kind == "suspect"} == {
        "Mamadou Lamine Diallo",
        "Cheikh Tidiane Ndiaye",
    }
    assert [n.kind for n in neighbours if n.kind != "suspect"] == ["incident"]
    # Ndiaye alone ties the Guet Ndar side (his phone, the boat, its incident and
    # investigation) to the Kidira convoy: the broker.
    actors = graph.central_actors(limit=3)
    assert [a.node.label for a in actors] == [
        "Cheikh Tidiane Ndiaye",
        "Ousmane Keïta",
        "Mamadou Lamine Diallo",
    ]
    assert {n.kind for n in biggest.nodes} >= {
        "suspect",
        "phone",
        "vehicle",
        "boat",
        "incident",
        "investigation",
    }
