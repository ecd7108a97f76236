"""Records for the shared permission matrices (tests/web, tests/api)."""

from __future__ import annotations

from typing import Any


def incident_for_permissions() -> Any:
    """The Kidira interception recorded by the `users` fixture's investigator (made once)."""
    from jokko.accounts.models import User
    from jokko.incidents.actions import record_incident
    from jokko.incidents.models import Incident
    from tests.incidents.conftest import interception

    existing = Incident.objects.first()
    if existing is not None:
        return existing
    return record_incident(User.objects.get(username="investigator"), interception())


def suspect_for_permissions() -> Any:
    return incident_for_permissions().persons.filter(role="suspect").first().person.suspect_profile


def incident_api_calls() -> dict[str, tuple[Any, Any, Any]]:
    """The incident rows of the API permission matrix (tests/api/test_api.py): for each route,
    (prepare, call, effect) over the Kidira interception recorded by the investigator."""
    from jokko.incidents.models import Incident

    def nothing(world: Any) -> None:
        return None

    def count(world: Any) -> int:
        return Incident.objects.count()

    def unchanged(world: Any, prepared: Any, before: Any, after: Any) -> bool:
        return bool(before == after)

    def one_more(world: Any, prepared: int, before: Any, after: Any) -> bool:
        return Incident.objects.count() == prepared + 1

    def body(world: Any) -> dict[str, Any]:
        return {
            "kind": "boat_interception",
            "occurred_on": "2026-01-10",
            "place_code": "SN-TH-MBOUR",
            "offences": ["som"],
            "unit_id": world.orgs["police"].pk,
            "counted": [{"role": "smuggled_migrant", "count": 40}],
        }

    return {
        "GET /incidents": (nothing, lambda api, w, p: api.get("/incidents"), unchanged),
        "POST /incidents": (count, lambda api, w, p: api.post("/incidents", body(w)), one_more),
        "GET /incidents/{incident_id}": (
            lambda world: incident_for_permissions().pk,
            lambda api, w, p: api.get(f"/incidents/{p}"),
            unchanged,
        ),
        "GET /incidents/suspects": (
            lambda world: suspect_for_permissions().pk,
            lambda api, w, p: api.get("/incidents/suspects", q="Mamadou Diallo"),
            unchanged,
        ),
        "GET /incidents/suspects/{suspect_id}": (
            lambda world: suspect_for_permissions().pk,
            lambda api, w, p: api.get(f"/incidents/suspects/{p}"),
            unchanged,
        ),
    }
