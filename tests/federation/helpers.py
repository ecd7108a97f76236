"""A remote peer whose private key the tests hold, to sign messages to this node (SN)."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.utils import timezone

from jokko.federation import envelope


class RemotePeer:
    def __init__(self, country: str = "ML") -> None:
        self.country = country
        self.key: Ed25519PrivateKey = envelope.generate_private_key()

    @property
    def public_key(self) -> str:
        return envelope.public_key_text(self.key)

    def envelope(self, **overrides: Any) -> dict[str, Any]:
        now = timezone.now()
        env: dict[str, Any] = {
            "message_id": str(uuid.uuid4()),
            "sender": self.country,
            "recipient": "SN",
            "kind": "federation.ping",
            "created_at": envelope.format_time(now),
            "sent_at": envelope.format_time(now),
            "expires_at": None,
            "body": {"note": "hello", "reply": False},
        }
        env.update(overrides)
        return env

    def signed(self, env: dict[str, Any], key: Ed25519PrivateKey | None = None) -> bytes:
        signature = envelope.sign(key or self.key, env)
        return json.dumps({"envelope": env, "signature": signature}).encode()


MINUTE = timedelta(minutes=1)


def post_inbox(client: Any, raw: bytes) -> Any:
    return client.post("/federation/inbox/", data=raw, content_type="application/json")


def federation_api_calls() -> dict[str, tuple[Any, Any, Any]]:
    """The federation rows of the API permission matrix (tests/api/test_api.py)."""

    def nothing(world: Any) -> None:
        return None

    def unchanged(world: Any, prepared: Any, before: Any, after: Any) -> bool:
        return bool(before == after)

    return {
        "GET /federation/status": (
            nothing,
            lambda api, w, p: api.get("/federation/status"),
            unchanged,
        ),
    }
