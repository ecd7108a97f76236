"""Any mutated byte of a signed federation message is refused, never applied, never a 500.

The messages are real: a ping and a bulletin carrying a survivor's identity, signed by a
registered peer (Mali), posted to this node's inbox. Hypothesis flips, inserts or deletes bytes.
A mutation may only be accepted if it left the message *meaning* the same thing (JSON
whitespace, an escape written differently): then the parsed envelope and the signature's bytes
equal the original's, which the property checks.
"""

from __future__ import annotations

import base64
import json
import uuid
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jokko.bulletins.models import Bulletin
from jokko.federation.models import InboxMessage, Rejection
from tests.federation.helpers import RemotePeer

pytestmark = pytest.mark.django_db


@pytest.fixture
def mali(db: Any) -> RemotePeer:
    from jokko.federation.actions import PeerInput, register_peer

    remote = RemotePeer("ML")
    register_peer(
        None,
        PeerInput(
            country="ML", name="Jokko Mali", url="http://127.0.0.1:9", public_key=remote.public_key
        ),
        channel="test",
    )
    return remote


def _bulletin_body() -> dict[str, Any]:
    now = timezone.now()
    return {
        "uid": str(uuid.uuid4()),
        "kind": "vehicle",
        "urgency": "urgent",
        "title": "Minibus signalé à Kidira",
        "summary": "Transporte des mineures vers Bamako",
        "details": {"plate": "ML-8842-AB", "make": "Toyota Hiace"},
        "restrictions": ["no_onward_sharing", "survivor_identity"],
        "legal_basis": "bilateral_agreement",
        "legal_reference": "Accord, art. 4",
        "origin_organisation": "Brigade des mineurs, Bamako",
        "sent_at": now.isoformat(),
        "expires_at": (now + timezone.timedelta(days=7)).isoformat(),
        "includes_identity": True,
        "identity": {
            "names": [{"full_name": "Khadija Mint Ahmed", "script": "latin"}],
            "sex": "female",
            "birth_year": 2009,
            "nationality": "MR",
        },
    }


MUTATIONS = st.lists(
    st.tuples(
        st.sampled_from(["flip", "set", "insert", "delete"]),
        st.floats(min_value=0, max_value=1, exclude_max=True),
        st.integers(min_value=0, max_value=255),
    ),
    min_size=1,
    max_size=3,
)


def _mutate(raw: bytes, mutations: list[tuple[str, float, int]]) -> bytes:
    data = bytearray(raw)
    for how, where, value in mutations:
        at = int(where * len(data))
        if how == "flip":
            data[at] ^= 1 << (value % 8)
        elif how == "set":
            data[at] = value
        elif how == "insert":
            data.insert(at, value)
        else:
            del data[at]
    return bytes(data)


def _meaning(raw: bytes) -> tuple[Any, bytes] | None:
    try:
        request = json.loads(raw.decode("utf-8"))
        return request["envelope"], base64.b64decode(request["signature"], validate=True)
    except (ValueError, KeyError, TypeError):
        return None


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(kind=st.sampled_from(["federation.ping", "bulletin.new"]), mutations=MUTATIONS)
def test_a_mutated_message_is_refused_or_means_the_same(
    mali: RemotePeer, kind: str, mutations: list[tuple[str, float, int]]
) -> None:
    body = {"note": "hello", "reply": False} if kind == "federation.ping" else _bulletin_body()
    original = mali.signed(mali.envelope(kind=kind, body=body))
    mutated = _mutate(original, mutations)
    messages, bulletins, refusals = (
        InboxMessage.objects.count(),
        Bulletin.objects.count(),
        Rejection.objects.count(),
    )
    response = Client().post("/federation/inbox/", data=mutated, content_type="application/json")
    assert response.status_code < 500, response.content
    if response.status_code == 200:
        assert _meaning(mutated) == _meaning(original), "a changed message was applied"
        assert InboxMessage.objects.count() == messages + 1
    else:
        assert response.json()["reason"]
        assert InboxMessage.objects.count() == messages
        assert Bulletin.objects.count() == bulletins
        assert Rejection.objects.count() == refusals + 1
