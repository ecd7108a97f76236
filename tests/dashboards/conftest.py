"""Fixtures of the dashboards tests: a store of their own, the hand-made data set of analytics."""

from __future__ import annotations

from typing import Any

import pytest

from jokko.analytics import store
from tests.analytics.conftest import _english_by_default, store_file
from tests.analytics.dataset import build

__all__ = ["_english_by_default", "hand_made", "store_file"]


@pytest.fixture
def hand_made(users: dict[str, Any], orgs: dict[str, Any]) -> Any:
    """The analytics data set (tests/analytics/dataset.py), in a freshly rebuilt store."""
    data = build(users, orgs)
    store.refresh(full=True)
    return data
