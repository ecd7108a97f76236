"""A small criminal network recorded through the real actions, as investigators meet it.

* INC 1, Kidira (border interception): Mamadou Diallo (phone "+221 77 123 45 67", minibus
  DK-1234-AB) and Ousmane Keita; twelve smuggled migrants counted; the minibus stopped.
* INC 2, Guet Ndar (boat departure): Cheikh Ndiaye, whose phone is the same number written
  "+221771234567"; the same phone seized as "+221-77-123-45-67".
* INC 3, Kidira again, a month earlier: Awa Ba alone (same place, no tie).
* Aïssatou's case, shared with the police WITHOUT identity, comes from INC 1.
* Fatou's case, consented to law enforcement, is linked to the investigation of INC 1.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from tests.incidents.conftest import interception

GUET_NDAR = "SN-SL-GUET_NDAR"
TODAY = datetime.date.today()


@dataclass
class World:
    users: dict[str, Any]
    incidents: list[Any]
    suspects: dict[str, Any]
    withheld_case: Any
    consented_case: Any
    investigation: Any


@pytest.fixture(autouse=True)
def _english_pages(client: Any) -> None:
    client.cookies["django_language"] = "en"


def record_more(users: dict[str, Any], n: int, start: int = 0) -> None:
    """`n` more interceptions, each with two suspects sharing a phone (for query counts)."""
    from jokko.incidents.actions import ItemInput, SuspectInput, record_incident

    for i in range(start, start + n):
        phone = f"+221 70 000 {i:02d} 00"
        record_incident(
            users["investigator"],
            interception(
                occurred_on=TODAY - datetime.timedelta(days=60 + i),
                suspects=[
                    SuspectInput(name=f"Samba Faye {i}", phone=phone, plate=f"TH-{i:04d}-A"),
                    SuspectInput(name=f"Modou Gueye {i}", phone=phone),
                ],
                items=[ItemInput(kind="boat", identifier=f"TH-{i:04d}-A")],
            ),
        )


@pytest.fixture
def world(users: dict[str, Any], orgs: dict[str, Any], make_case: Callable[..., Any]) -> World:
    from jokko.cases import actions as case_actions
    from jokko.incidents import actions
    from jokko.incidents.actions import ItemInput, SuspectInput, record_incident
    from jokko.investigations import actions as inv_actions

    investigator = users["investigator"]
    first = record_incident(
        investigator,
        interception(
            items=[
                ItemInput(kind="vehicle", identifier="DK 1234 AB", description="Minibus"),
            ]
        ),
    )
    second = record_incident(
        investigator,
        interception(
            kind="boat_departure",
            place_code=GUET_NDAR,
            occurred_on=TODAY - datetime.timedelta(days=1),
            offences=["som", "tip"],
            suspects=[SuspectInput(name="Cheikh Ndiaye", phone="+221771234567")],
            counted=[],
            items=[ItemInput(kind="phone", identifier="+221-77-123-45-67")],
        ),
    )
    third = record_incident(
        investigator,
        interception(
            occurred_on=TODAY - datetime.timedelta(days=40),
            suspects=[SuspectInput(name="Awa Ba")],
            counted=[],
            items=[],
        ),
    )
    from jokko.incidents.models import Suspect

    suspects = {
        suspect.person.primary_name: suspect
        for suspect in Suspect.objects.filter(
            person__incidents__incident__in=[first, second, third]
        ).select_related("person")
    }
    worker = users["worker"]
    withheld = make_case(name="Aïssatou Sow")
    case_actions.share_case(worker, withheld, organisation=orgs["police"], include_identity=False)
    actions.link_case(investigator, first, withheld)
    consented = make_case(name="Fatou Sarr")
    case_actions.record_consent(worker, consented, scopes=["law_enforcement"], given_on=TODAY)
    investigation = inv_actions.open_investigation(
        investigator,
        inv_actions.InvestigationInput(
            title="Réseau Kidira", opened_on=TODAY, offences=["som"], incident_ids=[first.pk]
        ),
    )
    inv_actions.link_suspect(investigator, investigation, suspects["Mamadou Diallo"].pk)
    inv_actions.link_case(investigator, investigation, consented.reference)
    return World(
        users=users,
        incidents=[first, second, third],
        suspects=suspects,
        withheld_case=withheld,
        consented_case=consented,
        investigation=investigation,
    )
