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
