"""Fixtures of the incidents tests: a gendarmerie unit and an interception recorded for real."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest

KIDIRA = "SN-TC-KIDIRA"


def interception(**overrides: Any) -> Any:
    """The issue's scenario: two suspects and twelve smuggled migrants at the Kidira post."""
    from jokko.incidents.actions import CountedInput, IncidentInput, ItemInput, SuspectInput

    fields: dict[str, Any] = {
        "kind": "border_interception",
        "occurred_on": datetime.date.today() - datetime.timedelta(days=2),
        "place_code": KIDIRA,
        "offences": ["som"],
        "summary": "Minibus stopped at the Kidira post.",
        "suspects": [
            SuspectInput(
                name="Mamadou Diallo",
                sex="male",
                nationality="SN",
                phone="+221 77 123 45 67",
                plate="DK-1234-AB",
            ),
            SuspectInput(name="Ousmane Keita", sex="male", nationality="ML"),
        ],
        "counted": [CountedInput(role="smuggled_migrant", count=12, nationality="GN")],
        "items": [ItemInput(kind="vehicle", identifier="DK-1234-AB", description="Minibus")],
    }
    fields.update(overrides)
    return IncidentInput(**fields)


@pytest.fixture
def record(users: dict[str, Any]) -> Callable[..., Any]:
    """Record an incident through the real action (as the police investigator by default)."""
    from jokko.incidents.actions import record_incident

    def make(user: Any = None, **overrides: Any) -> Any:
        return record_incident(user or users["investigator"], interception(**overrides))

    return make


@pytest.fixture(autouse=True)
def _english_pages(client: Any) -> None:
    """Pages answer in English so tests compare the source messages (French is the default)."""
    client.cookies["django_language"] = "en"
