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
