"""Model fields that are encrypted at rest with the node's field cipher."""

from __future__ import annotations

from typing import Any

from django.db import models

from jokko.people.crypto import cipher


class EncryptedTextField(models.TextField):
    """A text field stored as a Fernet token; Python code only ever sees the plaintext.

    Not searchable by the database (ciphertexts are randomised): search goes through the blind
    index columns that sit beside it.
    """

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return cipher().decrypt(value)

    def get_prep_value(self, value: Any) -> str | None:
        if value is None or value == "":
            return value
        return cipher().encrypt(str(value))


class EncryptedBinaryField(models.BinaryField):
    """Bytes (e.g. a photo) stored encrypted."""

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> bytes | None:
        if value is None:
            return None
        return cipher().decrypt_bytes(bytes(value))

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False) -> Any:
        if value is None:
            return None
        return super().get_db_prep_value(cipher().encrypt_bytes(bytes(value)), connection, prepared)
