"""Records for the prosecution tests and the shared permission matrices (tests/web, tests/api)."""

from __future__ import annotations

import datetime
from typing import Any

DAY = datetime.timedelta(days=1)


def suspects() -> list[Any]:
    """The two suspects of the Kidira interception, recorded by the investigator (made once)."""
    from tests.incidents.helpers import incident_for_permissions

    incident = incident_for_permissions()
    return [p.person.suspect_profile for p in incident.persons.filter(role="suspect")]


def statute(country: str = "SN", offence: str = "som") -> Any:
    from jokko.prosecutions.models import Statute

    return Statute.objects.filter(country=country, offence=offence, active=True).first()


def prosecution_for_permissions() -> Any:
    """A prosecution before the `court` organisation, opened by the prosecutor (made once)."""
    from jokko.accounts.models import User
    from jokko.prosecutions.actions import ProsecutionInput, open_prosecution
    from jokko.prosecutions.models import Prosecution

    existing = Prosecution.objects.first()
    if existing is not None:
        return existing
    return open_prosecution(
        User.objects.get(username="prosecutor"),
        ProsecutionInput(
            opened_on=datetime.date.today() - DAY,
            suspect_ids=[s.pk for s in suspects()],
        ),
    )
