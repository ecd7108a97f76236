"""A judicial request for the permission matrices (pages and API)."""

from __future__ import annotations

from typing import Any


def request_for_permissions() -> Any:
    """An outgoing MLA request drafted by the court's prosecutor (one per test database)."""
    from jokko.accounts.models import User
    from jokko.cooperation.actions import RequestInput, create_request
    from jokko.cooperation.models import JudicialRequest

    existing = JudicialRequest.objects.first()
    if existing is not None:
        return existing
    return create_request(
        User.objects.get(username="prosecutor"),
        RequestInput(
            kind="mla",
            direction="outgoing",
            other_country="ML",
            subject="Réseau des sites d'orpaillage de Kédougou",
            measures="Audition de témoins à Kéniéba",
            legal_basis="ecowas_mla",
        ),
    )


def _draft() -> int:
    from jokko.accounts.models import User
    from jokko.cooperation.actions import RequestInput, create_request

    return create_request(
        User.objects.get(username="prosecutor"),
        RequestInput(
            kind="extradition",
            direction="outgoing",
            other_country="MR",
            subject="Extradition d'un passeur arrêté à Nouadhibou",
            measures="Arrestation provisoire et remise",
            legal_basis="ecowas_extradition",
        ),
    ).pk


def cooperation_api_calls() -> dict[str, tuple[Any, Any, Any]]:
    """The cooperation and justice rows of the API permission matrix (tests/api/test_api.py):
    for each route, (prepare, call, effect)."""
    from jokko.cooperation.models import JudicialRequest

    def nothing(world: Any) -> None:
        return None

    def count(world: Any) -> int:
        return JudicialRequest.objects.count()

    def unchanged(world: Any, prepared: Any, before: Any, after: Any) -> bool:
        return bool(before == after)

    def one_more(world: Any, prepared: int, before: Any, after: Any) -> bool:
        return JudicialRequest.objects.count() == prepared + 1

    def sent(world: Any, prepared: int, before: Any, after: Any) -> bool:
        return JudicialRequest.objects.get(pk=prepared).status == "sent"

    body = {
        "kind": "mla",
        "direction": "outgoing",
        "other_country": "ML",
        "subject": "Réseau des sites d'orpaillage de Kédougou",
        "measures": "Audition de témoins à Kéniéba",
        "legal_basis": "ecowas_mla",
    }
    return {
        "GET /cooperation": (nothing, lambda api, w, p: api.get("/cooperation"), unchanged),
        "POST /cooperation": (count, lambda api, w, p: api.post("/cooperation", body), one_more),
        "GET /cooperation/{request_id}": (
            lambda world: request_for_permissions().pk,
            lambda api, w, p: api.get(f"/cooperation/{p}"),
            unchanged,
        ),
        "POST /cooperation/{request_id}/status": (
            lambda world: _draft(),
            lambda api, w, p: api.post(f"/cooperation/{p}/status", {"status": "sent"}),
            sent,
        ),
        "GET /justice/indicators": (
            nothing,
            lambda api, w, p: api.get("/justice/indicators"),
            unchanged,
        ),
    }
