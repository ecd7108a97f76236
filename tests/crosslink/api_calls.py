"""The crosslink rows of the API permission matrix (tests/api/test_api.py).

The matrix's case is a survivor of `worker`'s shelter, without consent to cross-border
sharing and not shared with the police: coordinators may check them on a legal basis,
investigators cannot see them (404), other roles may not link at all (403).
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.utils import timezone

BODY = {
    "peers": ["ML"],
    "purpose": "Enquête PV 12/2026",
    "legal_basis": "judicial_order",
    "legal_reference": "Ordonnance 4/2026",
}
DISCLOSURE = {
    "purpose": "Identifier la victime",
    "legal_basis": "judicial_order",
    "legal_reference": "Ordonnance 4/2026",
}


def _network() -> None:
    """Mali as an active peer, and a linkage secret in the test node's data directory."""
    from jokko.crosslink.secret import create_secret, secret_path
    from jokko.federation.models import Peer

    Peer.objects.get_or_create(
        country="ML",
        defaults={"name": "Jokko Mali", "url": "http://127.0.0.1:9", "public_key": "x" * 44},
    )
    if not secret_path().exists():
        create_secret(secret_path())


def crosslink_api_calls() -> dict[str, tuple[Any, Any, Any]]:
    from jokko.crosslink import actions
    from jokko.crosslink.models import Candidate, DisclosureRequest, LinkageQuery

    def queries(world: Any) -> int:
        _network()
        return LinkageQuery.objects.count()

    def query(world: Any) -> int:
        _network()
        return actions.send_query(world.users["coordinator"], world.case.person_id, **BODY).pk

    def candidate(world: Any) -> int:
        _network()
        return Candidate.objects.create(
            peer_country="ML",
            local_person_id=world.case.person_id,
            remote_pointer=actions.new_pointer(),
            score=0.95,
            origin="query",
            exchange_id=uuid.uuid4(),
            expires_at=timezone.now() + datetime.timedelta(days=1),
        ).pk

    def disclosure(world: Any) -> int:
        return actions.request_disclosure(
            world.users["coordinator"], candidate(world), **DISCLOSURE
        ).pk

    def requests(world: Any) -> int:
        _network()
        return DisclosureRequest.objects.count()

    def unchanged(world: Any, prepared: Any, before: Any, after: Any) -> bool:
        return bool(before == after)

    def one_more_query(world: Any, prepared: int, before: Any, after: Any) -> bool:
        return LinkageQuery.objects.count() == prepared + 1

    def requested(world: Any, prepared: int, before: Any, after: Any) -> bool:
        return DisclosureRequest.objects.filter(candidate_id=prepared).exists()

    return {
        "POST /crosslink/queries": (
            queries,
            lambda api, w, p: api.post(
                "/crosslink/queries", {"person_id": w.case.person_id, **BODY}
            ),
            one_more_query,
        ),
        "GET /crosslink/queries/{query_id}": (
            query,
            lambda api, w, p: api.get(f"/crosslink/queries/{p}"),
            unchanged,
        ),
        "POST /crosslink/candidates/{candidate_id}/disclosures": (
            candidate,
            lambda api, w, p: api.post(f"/crosslink/candidates/{p}/disclosures", DISCLOSURE),
            requested,
        ),
        "GET /crosslink/disclosures": (
            requests,
            lambda api, w, p: api.get("/crosslink/disclosures"),
            unchanged,
        ),
        "GET /crosslink/disclosures/{request_id}": (
            disclosure,
            lambda api, w, p: api.get(f"/crosslink/disclosures/{p}"),
            unchanged,
        ),
    }
