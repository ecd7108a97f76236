"""The demo bulletins: sent through the real action, to registered peers only, never twice."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from jokko.bulletins.demo import seed_bulletins
from jokko.bulletins.models import Bulletin
from jokko.demo.seed import seed
from jokko.federation.models import OutboxMessage
from tests.bulletins.helpers import carry, register_peers

pytestmark = pytest.mark.django_db


def test_demo_bulletins_are_sent_once_and_arrive(consented_case: Any) -> None:
    from jokko.people.models import Person

    # A Malian survivor in assistance: the demo asks Mali to trace her family, with her consent.
    Person.objects.filter(pk=consented_case.person_id).update(nationality="ML")
    seed("SN", 0, log=lambda line: None)
    assert seed_bulletins("SN", log=lambda line: None) == []  # no peer yet: nothing sent
    register_peers("SN", "ML")  # Mauritania is not registered here: its share is skipped
    sent = seed_bulletins("SN", log=lambda line: None)
    kinds = {b.kind for b in sent}
    assert {"person_of_interest", "phone_number", "mla_request"} <= kinds
    assert "boat_departure" not in kinds  # a warning for Mauritania's coast only
    tracing = next(b for b in sent if b.includes_identity)
    assert tracing.subject_person_id == consented_case.person_id
    assert "cross_border" in tracing.consent.scopes and tracing.legal_basis == "survivor_consent"
    assert all(set(b.recipients.values_list("country", flat=True)) == {"ML"} for b in sent)
    call_command("seed_bulletins", stdout=None)
    assert Bulletin.objects.filter(direction="outgoing").count() == len(sent)
    assert OutboxMessage.objects.filter(kind="bulletin.new").count() == len(sent)
    carry(sender="SN", recipient="ML")
    assert Bulletin.objects.filter(direction="incoming").count() == len(sent)
