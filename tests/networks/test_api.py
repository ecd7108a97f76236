"""The networks API: same rules as the pages, on the `api` audit channel."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from jokko.accounts.models import ApiToken
from jokko.audit.models import AuditEntry
from tests.networks.conftest import World

pytestmark = pytest.mark.django_db
API = "/api/v1/networks"


def _get(user: Any, path: str, **params: Any) -> Any:
    """An API call in English (the node answers in French unless the client chose another
    language, which it does with the same cookie as the pages)."""
    _, raw = ApiToken.issue(user)
    client = Client()
    client.cookies["django_language"] = "en"
    return client.get(API + path, params, headers={"Authorization": f"Bearer {raw}"})


def test_only_investigators_and_refusals_change_nothing(world: World) -> None:
    diallo = world.suspects["Mamadou Diallo"]
    for role in ("coordinator", "prosecutor", "worker", "analyst", "admin"):
        before = AuditEntry.objects.filter(action="read").count()
        for path, params in (
            ("/overview", {}),
            ("/ego", {"node": f"suspect:{diallo.pk}"}),
            ("/path", {"a": f"suspect:{diallo.pk}", "b": f"suspect:{diallo.pk}"}),
        ):
            response = _get(world.users[role], path, **params)
            assert response.status_code == 403, (role, path)
            assert "Mamadou" not in response.content.decode()
        assert AuditEntry.objects.filter(action="read").count() == before


def test_overview_ego_and_path_are_audited_on_the_api_channel(world: World) -> None:
    investigator = world.users["investigator"]
    overview = _get(investigator, "/overview").json()
    assert [c["size"] for c in overview["components"]] == [10, 2]
    assert overview["actors"][0]["node"]["label"] == "Mamadou Diallo"
    assert overview["counts"]["phone"] == 1 and overview["counts"]["suspect"] == 4
    diallo = world.suspects["Mamadou Diallo"]
    ego = _get(investigator, "/ego", node=f"suspect:{diallo.pk}", hops=2, kinds="suspect")
    assert ego.status_code == 200
    body = ego.json()
    assert {n["label"] for n in body["nodes"]} == {
        "Mamadou Diallo",
        "Ousmane Keita",
        "Cheikh Ndiaye",
    }
    assert (
        AuditEntry.objects.filter(
            action="read",
            channel="api",
            person_id=world.suspects["Cheikh Ndiaye"].person_id,
            detail__purpose="network",
        ).count()
        == 2
    )  # once for the overview, once for the ego graph
    ndiaye = world.suspects["Cheikh Ndiaye"]
    path = _get(investigator, "/path", a=f"suspect:{diallo.pk}", b=f"suspect:{ndiaye.pk}")
    steps = path.json()["steps"]
    assert [s["node"]["kind"] for s in steps] == ["suspect", "phone", "suspect"]
    assert steps[1]["evidence"][0]["text"] == "uses phone +221771234567"
    assert path.json()["connected"] is True


def test_identity_withheld_without_consent(world: World) -> None:
    investigator = world.users["investigator"]
    node = f"incident:{world.incidents[0].pk}"
    body = _get(investigator, "/ego", node=node, hops=2).json()
    labels = {n["label"] for n in body["nodes"]}
    assert f"case {world.withheld_case.reference} (identity withheld)" in labels
    assert f"case {world.consented_case.reference}: Fatou Sarr" in labels
    assert "Aïssatou" not in str(body)
    assert not AuditEntry.objects.filter(
        action="read", person_id=world.withheld_case.person_id
    ).exists()


def test_bad_input(world: World) -> None:
    investigator = world.users["investigator"]
    diallo = world.suspects["Mamadou Diallo"]
    response = _get(investigator, "/ego", node=f"suspect:{diallo.pk}", hops=7)
    assert response.status_code == 422
    assert response.json()["detail"] == {"hops": ["Choose between 1 and 3 hops."]}
    response = _get(investigator, "/ego", node=f"suspect:{diallo.pk}", since="2026-13-45")
    assert response.status_code == 422 and "since" in response.json()["detail"]
    assert _get(investigator, "/ego", node="suspect:424242").status_code == 404
    assert _get(investigator, "/path", a="suspect:424242", b="x").json() == {"detail": "Not found."}


def test_large_answers_are_bounded(world: World) -> None:
    investigator = world.users["investigator"]
    node = f"incident:{world.incidents[0].pk}"
    full = _get(investigator, "/ego", node=node, hops=3).json()
    assert full["truncated"] is False and full["total"] == len(full["nodes"])
    cut = _get(investigator, "/ego", node=node, hops=3, limit=4).json()
    assert cut["truncated"] is True and cut["total"] == full["total"]
    ids = {n["id"] for n in cut["nodes"]}
    assert len(ids) == 4 and node in ids
    assert all(link["source"] in ids and link["target"] in ids for link in cut["links"])
    response = _get(investigator, "/ego", node=node, limit=0)
    assert response.status_code == 422
    assert response.json()["detail"] == {"limit": ["Choose between 1 and 2000 entities."]}
