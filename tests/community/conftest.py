"""A Kédougou node's community network: a vigilance committee at Bantaco with two members, the
national hotline with its operator, plus the shared `users` (coordinator, investigator...).
Pages are in English for these tests."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _english_pages(client: Any) -> None:
    client.cookies["django_language"] = "en"


@pytest.fixture
def network(users: dict[str, Any]) -> dict[str, Any]:
    from tests.community.helpers import community_network

    return community_network()


@pytest.fixture(autouse=True)
def _english_by_default(settings: Any) -> None:
    """These tests read English messages; a request that asks for a language still gets it."""
    settings.LANGUAGE_CODE = "en"
