"""Fixtures of the investigation tests: an investigation opened for real by the police."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

DAY = datetime.timedelta(days=1)


@pytest.fixture
def investigation(users: dict[str, Any]) -> Any:
    from tests.investigations.helpers import investigation_for_permissions

    return investigation_for_permissions()


@pytest.fixture
def law_enforcement_case(make_case: Any, users: dict[str, Any]) -> Any:
    """A survivor who consented to sharing with police and justice."""
    from jokko.cases import actions

    case = make_case(name="Fatoumata Keïta")
    actions.record_consent(
        users["worker"], case, scopes=["law_enforcement"], given_on=datetime.date.today()
    )
    return case


@pytest.fixture(autouse=True)
def _english_pages(client: Any) -> None:
    """Pages in English for these tests, whatever the node's language (French by default)."""
    client.cookies["django_language"] = "en"
