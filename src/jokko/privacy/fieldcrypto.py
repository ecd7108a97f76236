"""Encryption at rest of identifying fields, and keyed hashes to search them.

Why this scheme:

* The key is a file outside the database (a node keeps it on separate media). A copy of the
  database or of a backup alone reveals no name, phone or document number.
* One master secret per node; HKDF derives independent sub-keys for encryption and for each
  *blind index* purpose, so an index value cannot be used to attack the ciphertexts, and an
  index of phone numbers cannot be joined to an index of names.
* Encryption is Fernet (AES-128-CBC with HMAC-SHA256, from `cryptography`): authenticated, so a
  tampered ciphertext fails loudly instead of decrypting to garbage.
* Exact search uses HMAC-SHA256 of the normalised value ("blind index"); fuzzy search stores
  HMACs of normalised/phonetic keys (`jokko.names.name_keys`). Only someone with the key file can
  compute an index for a guessed name.
* Key rotation: the key file may hold several master secrets, newest first. New data is encrypted
  with the newest; old ciphertexts still decrypt. Blind indexes always use the oldest secret, so
  rotation never invalidates search (rotate the index secret only with a full re-index).

Example::

    >>> cipher = FieldCipher([b"0" * 32])
    >>> cipher.decrypt(cipher.encrypt("Mamadou Diallo"))
    'Mamadou Diallo'
    >>> cipher.blind_index("name", "mamadou diallo") == cipher.blind_index("name", "mamadou diallo")
    True
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from collections.abc import Sequence
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MASTER_SECRET_BYTES = 32


class KeyFileError(RuntimeError):
    """The key file is missing, unreadable or malformed."""


class DecryptionError(ValueError):
    """A ciphertext was tampered with or was encrypted under a key this node does not hold."""


def _derive(secret: bytes, info: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info.encode()).derive(secret)


class FieldCipher:
    """Encrypts field values and computes blind indexes from a node's master secrets."""

    def __init__(self, master_secrets: Sequence[bytes]) -> None:
        if not master_secrets:
            raise KeyFileError("no master secret given")
        for secret in master_secrets:
            if len(secret) != MASTER_SECRET_BYTES:
                raise KeyFileError(f"a master secret must be {MASTER_SECRET_BYTES} bytes")
        self._fernet = MultiFernet(
            [
                Fernet(base64.urlsafe_b64encode(_derive(secret, "jokko/field-encryption/v1")))
                for secret in master_secrets
            ]
        )
        self._index_secret = master_secrets[-1]
        self._index_keys: dict[str, bytes] = {}

    def encrypt(self, plaintext: str) -> str:
        return self._fernet.encrypt(plaintext.encode("utf-8")).decode("ascii")

    def decrypt(self, token: str) -> str:
        try:
            return self._fernet.decrypt(token.encode("ascii")).decode("utf-8")
        except (InvalidToken, UnicodeError) as exc:
            raise DecryptionError("ciphertext cannot be decrypted with this node's key") from exc

    def encrypt_bytes(self, data: bytes) -> bytes:
        return self._fernet.encrypt(data)

    def decrypt_bytes(self, token: bytes) -> bytes:
        try:
            return self._fernet.decrypt(token)
        except InvalidToken as exc:
            raise DecryptionError("ciphertext cannot be decrypted with this node's key") from exc

    def rotate(self, token: str) -> str:
        """Re-encrypt a text token under the newest secret (it may be under any held secret)."""
        try:
            return self._fernet.rotate(token.encode("ascii")).decode("ascii")
        except InvalidToken as exc:
            raise DecryptionError("ciphertext cannot be decrypted with this node's key") from exc

    def rotate_bytes(self, token: bytes) -> bytes:
        try:
            return self._fernet.rotate(token)
        except InvalidToken as exc:
            raise DecryptionError("ciphertext cannot be decrypted with this node's key") from exc

    def blind_index(self, purpose: str, value: str) -> str:
        """A keyed hash of `value` for equality search; 32 hex chars (128 bits)."""
        key = self._index_keys.get(purpose)
        if key is None:
            key = _derive(self._index_secret, f"jokko/blind-index/{purpose}/v1")
            self._index_keys[purpose] = key
        return hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()[:32]

    def pseudonym(self, value: str) -> str:
        """A stable, non-reversible label for analysts (e.g. `P-4F2A9C1B`)."""
        return "P-" + self.blind_index("pseudonym", value)[:8].upper()


def generate_key_file(path: Path) -> None:
    """Write a new key file with one random master secret, readable by its owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    secret = base64.b64encode(secrets.token_bytes(MASTER_SECRET_BYTES)).decode("ascii")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(
            "# Jokko field-encryption key. Newest secret first. Never store it with backups.\n"
        )
        handle.write(secret + "\n")


def add_secret_to_key_file(path: Path) -> None:
    """Put a new random secret first in an existing key file, atomically, owner-only.

    Older secrets stay (newest first) so existing ciphertexts still decrypt until they are
    re-encrypted; the oldest one keeps serving the blind indexes.
    """
    load_key_file(path)  # refuse to touch a file that is not a valid key file
    secret = base64.b64encode(secrets.token_bytes(MASTER_SECRET_BYTES)).decode("ascii")
    lines = path.read_text().splitlines()
    comments = [line for line in lines if line.strip().startswith("#")]
    keys = [line.strip() for line in lines if line.strip() and not line.strip().startswith("#")]
    temporary = path.with_name(path.name + ".new")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write("\n".join([*comments, secret, *keys]) + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def load_key_file(path: Path) -> FieldCipher:
    """Read a key file: one base64 secret per line, `#` comments allowed, newest first."""
    try:
        lines = path.read_text().splitlines()
    except OSError as exc:
        raise KeyFileError(f"cannot read key file {path}: {exc.strerror}") from exc
    secrets_ = []
    for number, line in enumerate(lines, start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            secrets_.append(base64.b64decode(line, validate=True))
        except ValueError as exc:
            raise KeyFileError(f"{path}:{number}: not a base64 secret") from exc
    return FieldCipher(secrets_)
