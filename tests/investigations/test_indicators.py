"""Investigation indicators: counts by offence, unit and status."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from jokko.accounts.models import Organisation, User
from jokko.investigations import actions
from jokko.investigations.indicators import investigation_indicators
from jokko.investigations.models import Investigation

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def _open(user: Any, offences: list[str]) -> Investigation:
    return actions.open_investigation(
        user, actions.InvestigationInput(title="T", opened_on=TODAY, offences=offences)
    )


def test_counts_by_offence_unit_and_status(users: dict[str, Any]) -> None:
    police = users["investigator"]
    brigade = Organisation.objects.create(name="Brigade Rosso", kind="gendarmerie", country="SN")
    gendarme = User.objects.create_user(
        username="gendarme", password="x", role="investigator", organisation=brigade
    )
    both = _open(police, ["tip", "som"])
    _open(police, ["som"])
    closed = _open(gendarme, ["tip"])
    actions.change_status(police, both, "referred_for_prosecution")
    actions.change_status(gendarme, closed, "closed_no_further_action", "Suspect introuvable")

    figures = investigation_indicators(Investigation.objects.all())

    assert figures["investigations"] == 3
    assert figures["by_offence"] == {"tip": 2, "som": 2}
    assert figures["by_unit"] == {"Division traite": 2, "Brigade Rosso": 1}
    assert figures["by_status"] == {
        "open": 1,
        "suspended": 0,
        "referred_for_prosecution": 1,
        "closed_no_further_action": 1,
    }
    assert figures["referred_for_prosecution"] == 1
    assert figures["closed_no_further_action"] == 1


def test_empty_selection(db: Any) -> None:
    figures = investigation_indicators(Investigation.objects.none())
    assert figures["investigations"] == 0 and figures["by_offence"] == {}
    assert figures["referred_for_prosecution"] == 0
