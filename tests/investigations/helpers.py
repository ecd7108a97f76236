"""Records for the shared permission matrices (tests/web, tests/api) and the tests here."""

from __future__ import annotations

import datetime
from typing import Any

DOCUMENT = b"%PDF-1.4 proces-verbal d'audition n. 12/2026"


def investigation_for_permissions() -> Any:
    """The Kidira smuggling investigation of the `users` fixture's police investigator, with
    one exhibit carrying a document (made once)."""
    from jokko.accounts.models import User
    from jokko.investigations.actions import (
        EvidenceInput,
        InvestigationInput,
        add_evidence,
        open_investigation,
    )
    from jokko.investigations.models import Investigation

    existing = Investigation.objects.first()
    if existing is not None:
        return existing
    investigator = User.objects.get(username="investigator")
    today = datetime.date.today()
    investigation = open_investigation(
        investigator,
        InvestigationInput(
            title="Réseau de passeurs de Kidira",
            opened_on=today - datetime.timedelta(days=10),
            offences=["som"],
        ),
    )
    add_evidence(
        investigator,
        investigation,
        EvidenceInput(
            exhibit_number="PC-001",
            description="Procès-verbal d'audition",
            kind="document",
            collected_on=today - datetime.timedelta(days=9),
            document=DOCUMENT,
            document_name="pv-audition.pdf",
            document_type="application/pdf",
        ),
    )
    return investigation


def evidence_for_permissions() -> Any:
    return investigation_for_permissions().evidence.get()


def investigation_api_calls() -> dict[str, tuple[Any, Any, Any]]:
    """The investigation rows of the API permission matrix (tests/api/test_api.py): for each
    route, (prepare, call, effect)."""
    from jokko.investigations.models import Investigation

    def nothing(world: Any) -> None:
        return None

    def count(world: Any) -> int:
        return Investigation.objects.count()

    def unchanged(world: Any, prepared: Any, before: Any, after: Any) -> bool:
        return bool(before == after)

    def one_more(world: Any, prepared: int, before: Any, after: Any) -> bool:
        return Investigation.objects.count() == prepared + 1

    body = {"title": "Boat departures from Mbour", "opened_on": "2026-01-10", "offences": ["som"]}
    return {
        "GET /investigations": (nothing, lambda api, w, p: api.get("/investigations"), unchanged),
        "POST /investigations": (
            count,
            lambda api, w, p: api.post("/investigations", body),
            one_more,
        ),
        "GET /investigations/{investigation_id}": (
            lambda world: investigation_for_permissions().pk,
            lambda api, w, p: api.get(f"/investigations/{p}"),
            unchanged,
        ),
    }
