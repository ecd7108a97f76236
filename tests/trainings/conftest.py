"""Pages in English for these tests, whatever the node's language (French by default)."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _english_pages(client: Any) -> None:
    client.cookies["django_language"] = "en"


@pytest.fixture(autouse=True)
def _english_by_default(settings: Any) -> None:
    """These tests read English messages; a request that asks for a language still gets it."""
    settings.LANGUAGE_CODE = "en"
