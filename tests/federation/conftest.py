"""Fixtures of the federation tests: this node is Senegal; Mali is a registered peer."""

from __future__ import annotations

from typing import Any

import pytest

from tests.federation.helpers import RemotePeer


@pytest.fixture
def mali(db: Any) -> RemotePeer:
    """Mali's node, registered as a peer of this (Senegal) node."""
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
