"""Pages and API answers in English for these tests."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _english_pages(client: Any) -> None:
    client.cookies["django_language"] = "en"
