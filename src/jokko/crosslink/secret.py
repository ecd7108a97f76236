"""The network's linkage secret: one file, shared out of band among the nodes, never sent.

Every node of the network encodes names with the same keyed Bloom filters (CLKs); without the
same secret two nodes' encodings of the same name do not look alike, and without any secret a
peer could encode a dictionary of names and invert encodings. So the secret travels on paper or
an encrypted USB key between national administrators, is read from
`JOKKO_LINKAGE_SECRET_FILE` (default `DATA_DIR/keys/linkage.secret`), and no message ever
carries it. Messages carry `key_check` instead: an HMAC of a fixed label under the secret, which
tells two nodes whether they hold the same secret and reveals nothing about it.

The file holds the secret as text (64 hexadecimal characters from `crosslink_secret create`);
its bytes, without surrounding whitespace, are the key, exactly as `jokko encode --secret-file`
reads the same file.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

MIN_SECRET_BYTES = 32
_KEY_CHECK_LABEL = b"jokko-crosslink-key-check-v1"


class LinkageSecretMissing(Exception):
    """No usable secret file: linkage across nodes cannot run, and says how to fix it."""


def secret_path() -> Path:
    """`JOKKO_LINKAGE_SECRET_FILE` from the environment (or settings), else under DATA_DIR."""
    configured = os.environ.get("JOKKO_LINKAGE_SECRET_FILE") or getattr(
        settings, "JOKKO_LINKAGE_SECRET_FILE", None
    )
    if configured:
        return Path(configured)
    return Path(settings.DATA_DIR) / "keys" / "linkage.secret"


def _missing_message(path: Path) -> str:
    return _(
        "The network linkage secret is missing (%(path)s). The node administrator must import "
        "the file shared among the network's nodes: jokko crosslink_secret import FILE "
        "(or create the first one: jokko crosslink_secret create)."
    ) % {"path": path}


def parse_secret(raw: bytes) -> bytes:
    """The key in a secret file's content, or ValueError saying what is wrong with it."""
    key = raw.strip()
    if len(key) < MIN_SECRET_BYTES:
        raise ValueError(
            _("A linkage secret needs at least %(n)s bytes; this one has %(m)s.")
            % {"n": MIN_SECRET_BYTES, "m": len(key)}
        )
    return key


def load_secret() -> bytes:
    path = secret_path()
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise LinkageSecretMissing(_missing_message(path)) from exc
    try:
        return parse_secret(raw)
    except ValueError as exc:
        raise LinkageSecretMissing(f"{path}: {exc}") from exc


def secret_status() -> str | None:
    """None when the secret is usable, else the message to show (pages and commands)."""
    try:
        load_secret()
    except LinkageSecretMissing as exc:
        return str(exc)
    return None


def key_check(secret: bytes) -> str:
    """A short public fingerprint: equal on two nodes exactly when their secrets are equal."""
    return hmac.new(secret, _KEY_CHECK_LABEL, hashlib.sha256).hexdigest()[:32]


def _write_private(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(content)


def create_secret(path: Path | None = None) -> Path:
    """Write a new random secret; refuses to overwrite one (that would break every link)."""
    target = path or secret_path()
    _write_private(target, secrets.token_hex(MIN_SECRET_BYTES).encode("ascii") + b"\n")
    return target


def import_secret(source: Path, *, replace: bool = False) -> Path:
    """Copy a secret received out of band into place, after checking it."""
    content = source.read_bytes()
    parse_secret(content)
    target = secret_path()
    if target.exists():
        if not replace:
            raise FileExistsError(target)
        target.unlink()
    _write_private(target, content)
    return target
