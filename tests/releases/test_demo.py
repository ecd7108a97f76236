"""The demo releases: run by the demo coordinator, once."""

from __future__ import annotations

from typing import Any

import pytest

from jokko.accounts.models import User
from jokko.releases.demo import seed_demo
from jokko.releases.models import Release
from tests.releases.helpers import make_cases

pytestmark = pytest.mark.django_db


def test_seed_demo_runs_both_kinds_once(users: dict[str, Any], orgs: dict[str, Any]) -> None:
    assert seed_demo() == 0  # no demo coordinator yet
    User.objects.create_user(
        username="coordination", password="pw-demo-2026", role="coordinator",
        organisation=orgs["ministry"],
    )  # fmt: skip
    assert seed_demo() == 0  # no case yet
    make_cases(users["worker"], 12)
    assert seed_demo() == 2
    assert seed_demo() == 0
    kinds = sorted(Release.objects.values_list("kind", "status"))
    assert kinds == [("dp", "published"), ("kanon", "published")]
