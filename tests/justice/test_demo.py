"""The justice demo data: the other apps' seeders plus two cooperation requests, once."""

from __future__ import annotations

import pytest

from jokko.cooperation.models import JudicialRequest
from jokko.demo.seed import seed
from jokko.justice.demo import seed_demo

pytestmark = pytest.mark.django_db


def test_demo_requests_are_seeded_once() -> None:
    seed("SN", 0, log=lambda line: None)  # organisations and logins (may already seed ours)
    seed_demo()
    requests = {r.other_country: r for r in JudicialRequest.objects.all()}
    assert set(requests) == {"ML", "MR"}
    assert (requests["ML"].kind, requests["ML"].status) == ("mla", "acknowledged")
    assert "Kédougou" in requests["ML"].subject
    assert (requests["MR"].kind, requests["MR"].status) == ("extradition", "sent")
    assert list(requests["ML"].events.values_list("status", flat=True)) == [
        "draft",
        "sent",
        "acknowledged",
    ]
    assert seed_demo() == 0
    assert JudicialRequest.objects.count() == 2
