"""Signed envelopes: the wire format between nodes, with no Django in it.

An envelope is a small JSON object (message id, sender, recipient, kind, three timestamps, body).
The sender signs its *canonical* JSON (keys sorted, no insignificant whitespace, UTF-8) with its
Ed25519 key, so the receiver can recompute exactly the bytes that were signed from the parsed
object, whatever the JSON library on either side did with spacing or key order.

    >>> key = generate_private_key()
    >>> env = {"message_id": "…", "sender": "SN", "recipient": "ML", "body": {"n": 1}}
    >>> signature = sign(key, env)
    >>> verify(public_key_text(key), env, signature)
    True
    >>> verify(public_key_text(key), {**env, "body": {"n": 2}}, signature)
    False

The same functions sign acknowledgements, so a sender knows the acknowledgement it holds came
from the peer it wrote to and not from something in between.
"""

from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

# The fields every envelope carries; the receiver refuses an envelope with any missing.
ENVELOPE_FIELDS = frozenset(
    {"message_id", "sender", "recipient", "kind", "created_at", "sent_at", "expires_at", "body"}
)
# An Ed25519 public key is 32 raw bytes; an Ed25519 signature is 64.
PUBLIC_KEY_BYTES = 32
SIGNATURE_BYTES = 64


class KeyFormatError(ValueError):
    """A public key or signature that is not base64 of the right length."""


def canonical_json(value: Any) -> bytes:
    """The one byte string that both sides sign and verify for a JSON value."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def generate_private_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def private_key_pem(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def load_private_key_pem(data: bytes) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(data, password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyFormatError("not an Ed25519 private key")
    return key


def public_key_text(key: Ed25519PrivateKey) -> str:
    """The base64 text of the raw public key: what a peer's administrator registers."""
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def parse_public_key(text: str) -> Ed25519PublicKey:
    """Read a base64 public key as registered for a peer; `KeyFormatError` if it is not one."""
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise KeyFormatError("the public key is not base64") from exc
    if len(raw) != PUBLIC_KEY_BYTES:
        raise KeyFormatError(f"an Ed25519 public key has {PUBLIC_KEY_BYTES} bytes, not {len(raw)}")
    return Ed25519PublicKey.from_public_bytes(raw)


def sign(key: Ed25519PrivateKey, value: Any) -> str:
    return base64.b64encode(key.sign(canonical_json(value))).decode("ascii")


def verify(public_key: str, value: Any, signature: str) -> bool:
    """True only if `signature` is the signature of `value`'s canonical JSON by `public_key`."""
    try:
        raw = base64.b64decode(signature, validate=True)
    except (binascii.Error, ValueError, TypeError):
        return False
    if len(raw) != SIGNATURE_BYTES:
        return False
    try:
        parse_public_key(public_key).verify(raw, canonical_json(value))
    except (InvalidSignature, KeyFormatError, ValueError, TypeError):
        return False
    return True


def format_time(moment: datetime | None) -> str | None:
    """Timestamps travel as ISO 8601 in UTC with an explicit offset; None stays null."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        raise ValueError("envelope timestamps must be timezone-aware")
    return moment.isoformat()


def parse_time(text: object) -> datetime:
    """Read an envelope timestamp; `ValueError` for anything but an aware ISO 8601 string."""
    if not isinstance(text, str):
        raise ValueError("a timestamp must be a string")
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError("a timestamp must carry its UTC offset")
    return moment
