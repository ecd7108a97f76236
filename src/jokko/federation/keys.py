"""The node's identity: one Ed25519 key pair in a file outside the database.

The private key signs every message and acknowledgement this node sends; its public half is what
the administrators of peer nodes register (`jokko node_info` prints it). In the demo and the tests
a missing key file is created on first use (owner-only, mode 0600); in production
(`JOKKO_REQUIRE_KEY_FILE=1`) a missing key is an error, because a freshly invented key would be
unknown to every peer and all traffic would be rejected as forged.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from jokko.federation import conf, envelope


class NodeKeyMissing(RuntimeError):
    """Production refuses to run without the node key file (see `JOKKO_REQUIRE_KEY_FILE`)."""


@dataclass(frozen=True)
class NodeIdentity:
    country: str
    url: str
    private_key: Ed25519PrivateKey
    key_file: Path

    @property
    def public_key(self) -> str:
        return envelope.public_key_text(self.private_key)


def generate_key_file(path: Path) -> None:
    """Write a new private key, readable by its owner only; never overwrite an existing one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(envelope.private_key_pem(envelope.generate_private_key()))


def load_key_file(path: Path) -> Ed25519PrivateKey:
    return envelope.load_private_key_pem(path.read_bytes())


def ensure_key_file(path: Path, *, required: bool) -> None:
    if path.exists():
        return
    if required:
        raise NodeKeyMissing(
            f"node key file {path} is missing and JOKKO_REQUIRE_KEY_FILE=1: restore it from the "
            "node's key backup (or create one with `jokko node_info --create-key` and give the "
            "new public key to every peer)"
        )
    try:
        generate_key_file(path)
    except FileExistsError:
        pass  # another process of this node created it first


@cache
def node_identity() -> NodeIdentity:
    path = conf.node_key_file()
    ensure_key_file(path, required=conf.key_file_required())
    return NodeIdentity(
        country=conf.node_country(),
        url=conf.node_url(),
        private_key=load_key_file(path),
        key_file=path,
    )
